/**
 * Who holds a value. In a single table every row is its own customer; in an event table many rows
 * belong to one customer, and the k rule counts customers (a value carried by a thousand events of
 * one customer is still held by one). `owners[row]` is the customer of each row; undefined means
 * every row is its own.
 */

import { codeLabels } from './label-codes.js';

/** The customer of each row of a table, or undefined when every row is its own customer. */
export type RowOwners = Int32Array | undefined;

/** How many distinct customers own rows[from, to) of `owners` (the row count when owners is undefined). */
export function holdersIn(owners: RowOwners, from: number, to: number): number {
  if (owners === undefined) return to - from;
  // A hot loop (every column of an event table, every run of equal values): customers are marked
  // in one reused array with a fresh stamp per call, where a Set per call cost most of a large fit.
  let largest = -1;
  for (let i = from; i < to; i++) if (owners[i]! > largest) largest = owners[i]!;
  if (largest >= marks.length) marks = new Int32Array(Math.max(largest + 1, 2 * marks.length));
  if (stamp === 0x7fffffff) {
    marks.fill(0);
    stamp = 0;
  }
  const mark = ++stamp;
  let count = 0;
  for (let i = from; i < to; i++) {
    const owner = owners[i]!;
    if (marks[owner] !== mark) {
      marks[owner] = mark;
      count++;
    }
  }
  return count;
}

/** {@link holdersIn}'s marks: customer → the stamp of the last call that met them. */
let marks = new Int32Array(0);
let stamp = 0;

/** A number column's present values sorted ascending, their owners in the same order, and who holds what. */
export interface PresentNumbers {
  readonly sorted: Float64Array;
  /** The owner of each sorted value; undefined when every row is its own customer. */
  readonly owners: RowOwners;
  /** Distinct customers holding a present value, and distinct customers with a missing one. */
  readonly holders: { readonly present: number; readonly missing: number };
}

/**
 * The finite values of a column sorted ascending (NaN marks a missing value), with their owners.
 * O(n log n).
 * @example presentNumbers(Float64Array.of(3, NaN, 1), Int32Array.of(0, 0, 1))
 * // { sorted: [1, 3], owners: [1, 0], holders: { present: 2, missing: 1 } }
 */
export function presentNumbers(values: Float64Array, owners: RowOwners): PresentNumbers {
  if (owners === undefined) {
    const sorted = values.filter((x) => !Number.isNaN(x)).sort();
    return { sorted, owners, holders: { present: sorted.length, missing: values.length - sorted.length } };
  }
  const missing = new Set<number>();
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) missing.add(owners[i]!);
    else count++;
  }
  // Ascending by value, rows of equal values in row order. A hot loop (every numeric column of an
  // event table): the values are sorted natively, then each row goes to the next free place of its
  // value's run (found by binary search), where a comparator sort of row indices took a minute on
  // a million events. -0 and 0 share one run, as they compare equal.
  const keys = new Float64Array(count);
  for (let i = 0, at = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) keys[at++] = values[i]!;
  keys.sort();
  const taken = new Int32Array(count);
  const sorted = new Float64Array(count);
  const sortedOwners = new Int32Array(count);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    const at = lo + taken[lo]!++;
    sorted[at] = x;
    sortedOwners[at] = owners[i]!;
  }
  return {
    sorted,
    owners: sortedOwners,
    holders: { present: holdersIn(sortedOwners, 0, sortedOwners.length), missing: missing.size },
  };
}

/** Distinct customers holding each label, any label, and a missing value. */
export interface LabelHolders {
  readonly byLabel: ReadonlyMap<string, number>;
  readonly missing: number;
  readonly present: number;
}

/**
 * Distinct customers holding each label, and those whose label is missing.
 * O(n).
 */
export function labelHolders(labels: readonly (string | null)[], owners: RowOwners): LabelHolders {
  const codeOf = new Map<string, number>();
  const codes = codeLabels(labels, codeOf);
  const distinct = [...codeOf.keys()];
  const byCode = distinctOwnersByCode(codes, distinct.length, owners);
  const missingOrNot = codes.map((code) => (code < 0 ? 1 : 0));
  const [present, missing] = distinctOwnersByCode(missingOrNot, 2, owners);
  return {
    byLabel: new Map(distinct.map((label, code) => [label, byCode[code]!])),
    missing: missing!,
    present: present!,
  };
}

/**
 * How many distinct owners the rows of each code have (rows of code −1 are skipped). The rows'
 * owners are bucketed by code (a counting sort), then each bucket's counted by {@link holdersIn}'s
 * marks: where a Set of customers per label held some 30 bytes per label and customer at the peak
 * of a large relational fit (a hot loop). O(n + codes).
 */
export function distinctOwnersByCode(codes: Int32Array, codeCount: number, owners: RowOwners): Int32Array {
  const starts = new Int32Array(codeCount + 1);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) starts[codes[i]! + 1]!++;
  for (let c = 0; c < codeCount; c++) starts[c + 1]! += starts[c]!;
  const out = new Int32Array(codeCount);
  if (owners === undefined) {
    for (let c = 0; c < codeCount; c++) out[c] = starts[c + 1]! - starts[c]!;
    return out;
  }
  const next = starts.slice(0, codeCount);
  const bucketed = new Int32Array(starts[codeCount]!);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) bucketed[next[codes[i]!]!++] = owners[i]!;
  for (let c = 0; c < codeCount; c++) out[c] = holdersIn(bucketed, starts[c]!, starts[c + 1]!);
  return out;
}
