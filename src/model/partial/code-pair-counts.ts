/**
 * The copula pass's contingency tables of every pair of code dimensions (categorical, boolean,
 * missing-indicator), counted through joint codes rather than pair by pair: code dimensions are
 * packed into groups whose joint code has at most {@link GROUP_CODES} values, each row's joint code
 * per group is computed once, and one table per pair of groups (and one per group) is counted. The
 * pairs' tables are then read off those tables. Telco-shaped rows have 18 code dimensions, 153 pairs
 * counted row by row; as 7 groups they are 28 counts a row.
 *
 * The counts are whole numbers (exact in a double up to 2^53), so the sums equal those of counting
 * each pair on its own, bit for bit, whatever the order of the additions.
 */
import type { CodedDimension, ScopePlan } from './score-plan.js';

/** Joint codes of a group at most: a pair of groups' table (4,096 counts) stays in the L1 cache. */
const GROUP_CODES = 64;

/** Below this many rows the tables' reading-off costs more than counting pairs row by row. */
export const MIN_JOINT_ROWS = 16_384;

interface CodeGroup {
  /** Dimension indices in the plan. */
  readonly members: readonly number[];
  /** Values of the joint code: the product of (codes + 1) of the members (0 marks missing). */
  readonly size: number;
  /** Per joint code, each member's code + 1 (0: missing), members in order. */
  readonly digits: Int32Array;
}

/**
 * Groups of the plan's code dimensions with at most {@link GROUP_CODES} joint codes each, in plan
 * order; dimensions with more codes than that are left out (their pairs are counted row by row).
 */
export function codeGroups(plan: ScopePlan): readonly CodeGroup[] {
  let known = groupsOfPlan.get(plan);
  if (known === undefined) groupsOfPlan.set(plan, (known = groupsOf(plan)));
  return known;
}

/** A plan's groups, worked out once (a pass calls for them batch after batch). */
const groupsOfPlan = new WeakMap<ScopePlan, readonly CodeGroup[]>();

function groupsOf(plan: ScopePlan): readonly CodeGroup[] {
  const groups: number[][] = [];
  let current: number[] = [];
  let size = 1;
  plan.dimensions.forEach((dimension, d) => {
    if (dimension.type !== 'code' || dimension.codes + 1 > GROUP_CODES) return;
    const width = dimension.codes + 1;
    if (size * width > GROUP_CODES) {
      groups.push(current);
      current = [];
      size = 1;
    }
    current.push(d);
    size *= width;
  });
  if (current.length > 0) groups.push(current);
  return groups.map((members) => {
    const widths = members.map((d) => (plan.dimensions[d] as { codes: number }).codes + 1);
    const total = widths.reduce((a, b) => a * b, 1);
    const digits = new Int32Array(total * members.length);
    for (let key = 0; key < total; key++) {
      // The joint code is mixed-radix, the first member most significant.
      let rest = key;
      for (let j = members.length - 1; j >= 0; j--) {
        digits[key * members.length + j] = rest % widths[j]!;
        rest = Math.floor(rest / widths[j]!);
      }
    }
    return { members, size: total, digits };
  });
}

/** Whether the pair (a, b) of plan dimensions is counted by {@link addCodePairs}. */
export function inGroups(groups: readonly CodeGroup[], a: number, b: number): boolean {
  let found = 0;
  for (const group of groups) {
    if (group.members.includes(a)) found++;
    if (group.members.includes(b)) found++;
  }
  return found === 2;
}

/** Scratch of the joint counting: each group's joint codes, and one table. */
export class JointScratch {
  keys: Int32Array[] = [];
  table = new Float64Array(GROUP_CODES * GROUP_CODES);

  keysOf(group: number, n: number): Int32Array {
    let keys = this.keys[group];
    if (keys === undefined || keys.length < n) this.keys[group] = keys = new Int32Array(n);
    return keys.subarray(0, n);
  }
}

/**
 * Adds the contingency tables of every pair within and between `groups` into `sums` (plan layout).
 * Hand-written: the counting runs once per row and pair of groups.
 */
export function addCodePairs(
  plan: ScopePlan,
  groups: readonly CodeGroup[],
  coded: readonly CodedDimension[],
  sums: Float64Array,
  n: number,
  scratch: JointScratch,
): void {
  const keys = groups.map((group, g) => {
    const out = scratch.keysOf(g, n);
    out.fill(0);
    for (const d of group.members) {
      const width = (plan.dimensions[d] as { codes: number }).codes + 1;
      const codes = (coded[d] as Extract<CodedDimension, { type: 'code' }>).codes;
      for (let i = 0; i < n; i++) out[i] = out[i]! * width + codes[i]! + 1;
    }
    return out;
  });
  const table = scratch.table;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (group.members.length > 1) {
      table.fill(0, 0, group.size);
      const k = keys[g]!;
      for (let i = 0; i < n; i++) table[k[i]!]!++;
      readPairs(plan, sums, table, group, null);
    }
    for (let h = 0; h < g; h++) {
      const other = groups[h]!;
      const cells = group.size * other.size;
      table.fill(0, 0, cells);
      const kg = keys[g]!;
      const kh = keys[h]!;
      const width = other.size;
      for (let i = 0; i < n; i++) table[kg[i]! * width + kh[i]!]!++;
      readPairs(plan, sums, table, group, other);
    }
  }
}

/** The table of a group with itself: one joint code, no other group's. */
const NO_GROUP: CodeGroup = { members: [], size: 1, digits: new Int32Array(1) };

/**
 * Adds the pairs' counts held in `table` (joint code of `high` × joint code of `low`) into `sums`:
 * the pairs between `high` and `low` (whose members all come before `high`'s in the plan), or
 * with `low` null the pairs within `high` (the table holds `high`'s joint codes alone).
 */
function readPairs(
  plan: ScopePlan,
  sums: Float64Array,
  table: Float64Array,
  high: CodeGroup,
  other: CodeGroup | null,
): void {
  const within = other === null;
  const low = other ?? NO_GROUP;
  const hm = high.members;
  const lm = low.members;
  for (let kh = 0; kh < high.size; kh++)
    for (let kl = 0; kl < low.size; kl++) {
      const count = table[kh * low.size + kl]!;
      if (count === 0) continue;
      for (let a = 0; a < hm.length; a++) {
        const ca = high.digits[kh * hm.length + a]! - 1;
        if (ca < 0) continue;
        if (within) {
          for (let b = 0; b < a; b++) {
            const cb = high.digits[kh * hm.length + b]! - 1;
            if (cb >= 0) addCount(plan, sums, hm[a]!, ca, hm[b]!, cb, count);
          }
          continue;
        }
        for (let b = 0; b < lm.length; b++) {
          const cb = low.digits[kl * lm.length + b]! - 1;
          if (cb >= 0) addCount(plan, sums, hm[a]!, ca, lm[b]!, cb, count);
        }
      }
    }
}

/** Adds `count` rows with code `ca` in dimension `a` and `cb` in dimension `b` (b < a). */
function addCount(
  plan: ScopePlan,
  sums: Float64Array,
  a: number,
  ca: number,
  b: number,
  cb: number,
  count: number,
): void {
  const pair = (a * (a - 1)) / 2 + b;
  const width = (plan.dimensions[b] as { codes: number }).codes;
  sums[plan.offsets[pair]! + ca * width + cb]! += count;
}
