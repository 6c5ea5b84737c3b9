/**
 * The second pass: sums of normal scores per pair of copula dimensions over complete rows, in the
 * layout of a {@link ScopePlan}. Sums add, so partials from any split merge exactly (up to the
 * rounding of floating-point addition).
 */
import { addCodePairs, codeGroups, inGroups, JointScratch, MIN_JOINT_ROWS } from './code-pair-counts.js';
import { type CodedBatch, selectCodedRows } from './coded-batch.js';
import { rowsByLabel, stratumColumn } from './partial-marginals.js';
import { type CodedDimension, codeDimension, type ScopePlan } from './score-plan.js';
import { ScratchArrays } from './scratch-arrays.js';

/** Second-pass sums of the table and of each stratum group (by label). */
export interface TableCopulaSums {
  readonly whole: Float64Array;
  readonly groups: ReadonlyMap<string, Float64Array> | null;
}

export interface TablePlan {
  readonly whole: ScopePlan;
  readonly groups: { readonly column: string; readonly byLabel: ReadonlyMap<string, ScopePlan> } | null;
}

export function emptyCopulaSums(plan: TablePlan): TableCopulaSums {
  return {
    whole: new Float64Array(plan.whole.size),
    groups:
      plan.groups === null
        ? null
        : new Map([...plan.groups.byLabel].map(([label, p]) => [label, new Float64Array(p.size)])),
  };
}

/**
 * Arrays a pass reuses batch after batch: a group's selected rows, and a scope's coded dimensions
 * (about 30 MB for batches of 131,072 telco-shaped rows). The pass owns them, so they go with it.
 */
export class CopulaPassArrays {
  readonly groupRows = new ScratchArrays();
  readonly coded = new ScratchArrays();
  readonly joint = new JointScratch();
}

/**
 * Adds one coded batch's pair sums into `into` (in place).
 * @param arrays a pass over many batches passes one set for all of them.
 */
export function addCopulaBatch(
  plan: TablePlan,
  into: TableCopulaSums,
  batch: CodedBatch,
  arrays = new CopulaPassArrays(),
): void {
  const { groupRows } = arrays;
  addScope(plan.whole, into.whole, batch, arrays);
  if (plan.groups === null || into.groups === null) return;
  for (const [label, rows] of rowsByLabel(stratumColumn(batch, plan.groups.column))) {
    const groupPlan = plan.groups.byLabel.get(label);
    const sums = into.groups.get(label);
    // A label with no group of its own (rare, dropped) is in no component, as in the row fit.
    if (!groupPlan || !sums) continue;
    groupRows.reset();
    addScope(groupPlan, sums, selectCodedRows(batch, rows, groupRows), arrays);
  }
}

function addScope(plan: ScopePlan, sums: Float64Array, batch: CodedBatch, arrays: CopulaPassArrays): void {
  const byName = new Map(batch.columns.map((c) => [c.spec.name, c]));
  arrays.coded.reset();
  const coded = plan.dimensions.map((d) => codeDimension(d, byName.get(d.column)!, arrays.coded));
  const n = batch.rowCount;
  // Pairs of code dimensions through joint codes (the same whole-number counts), on enough rows.
  const groups = n >= MIN_JOINT_ROWS ? codeGroups(plan) : [];
  addCodePairs(plan, groups, coded, sums, n, arrays.joint);
  for (let a = 0, p = 0; a < coded.length; a++)
    for (let b = 0; b < a; b++, p++) {
      if (inGroups(groups, a, b)) continue;
      const dimension = plan.dimensions[b]!;
      const width = dimension.type === 'code' ? dimension.codes : 0;
      const at = plan.offsets[p]!;
      addPair(coded[a]!, coded[b]!, sums, at, plan.offsets[p + 1]! - at, n, width);
    }
}

/** Counts of one pair's block: two tables side by side, for even and odd rows. */
let scratch = new Float64Array(1024);

/**
 * Hand-written: the pass's hot loop (d² / 2 pairs over every row). Even and odd rows add into
 * separate tables: consecutive rows landing on the same cell (most rows, for yes/no columns) would
 * otherwise each wait for the previous row's addition to that cell (measured 1.5-2× faster).
 */
function addPair(
  x: CodedDimension,
  y: CodedDimension,
  sums: Float64Array,
  at: number,
  size: number,
  n: number,
  width: number,
): void {
  if (x.type === 'number' && y.type === 'number') {
    let count = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    const { mean: xm, square: xq } = x;
    const { mean: ym, square: yq } = y;
    for (let i = 0; i < n; i++) {
      const xi = xm[i]!;
      const yi = ym[i]!;
      if (Number.isNaN(xi) || Number.isNaN(yi)) continue;
      count++;
      sx += xi;
      sy += yi;
      sxx += xq[i]!;
      syy += yq[i]!;
      sxy += xi * yi;
    }
    sums[at]! += count;
    sums[at + 1]! += sx;
    sums[at + 2]! += sy;
    sums[at + 3]! += sxx;
    sums[at + 4]! += syy;
    sums[at + 5]! += sxy;
    return;
  }
  if (scratch.length < 2 * size) scratch = new Float64Array(2 * size);
  const t = scratch;
  t.fill(0, 0, 2 * size);
  let i = 0;
  if (x.type === 'code' && y.type === 'code') {
    const xs = x.codes;
    const ys = y.codes;
    for (; i + 1 < n; i += 2) {
      const c0 = xs[i]!;
      const d0 = ys[i]!;
      const c1 = xs[i + 1]!;
      const d1 = ys[i + 1]!;
      // Missing is −1: both codes present when neither has the sign bit.
      if ((c0 | d0) >= 0) t[c0 * width + d0]!++;
      if ((c1 | d1) >= 0) t[size + c1 * width + d1]!++;
    }
    for (; i < n; i++) {
      const c = xs[i]!;
      const d = ys[i]!;
      if ((c | d) >= 0) t[c * width + d]!++;
    }
  } else {
    const codes = (x.type === 'code' ? x : y) as Extract<CodedDimension, { type: 'code' }>;
    const num = (x.type === 'number' ? x : y) as Extract<CodedDimension, { type: 'number' }>;
    const cs = codes.codes;
    const { mean, square } = num;
    for (; i < n; i++) {
      const c = cs[i]!;
      const m = mean[i]!;
      if (c < 0 || Number.isNaN(m)) continue;
      const k = (i & 1) * size + 3 * c;
      t[k]!++;
      t[k + 1]! += m;
      t[k + 2]! += square[i]!;
    }
  }
  for (let k = 0; k < size; k++) sums[at + k]! += t[k]! + t[size + k]!;
}

/** Adds `b` into `a` (in place). */
export function mergeCopulaSums(a: TableCopulaSums, b: TableCopulaSums): void {
  addInto(a.whole, b.whole);
  if (a.groups === null || b.groups === null) return;
  for (const [label, sums] of b.groups) addInto(a.groups.get(label)!, sums);
}

function addInto(a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new Error('copula sums of different plans');
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
}
