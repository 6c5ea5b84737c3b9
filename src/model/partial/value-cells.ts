/**
 * A mergeable summary of one numeric column's present values: sorted, disjoint cells
 * [min, max] with a count. While a column has at most {@link MAX_CELLS} distinct values every cell
 * is one exact value (min = max), so the summary is the column's exact sorted values in
 * run-length form and the marginal fitted from it is the marginal the row fit computes, bit for bit.
 * Past that, every value is moved to a cell of a fixed logarithmic grid of relative width
 * {@link RELATIVE_ACCURACY} (the index scheme of DDSketch: Masson, Rim & Lee 2019, "DDSketch: a fast
 * and fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12)), keeping min,
 * max and count per grid cell. Error bound then: every row keeps its exact rank, and its value is
 * replaced by one inside its grid cell, so every quantile, k-window mean and end knot is within a
 * relative 2·RELATIVE_ACCURACY of the exact fit's (|x̂ − x| ≤ 2e-5 |x|); a value held by many rows
 * stays an exact point mass only if no other value shares its grid cell.
 * Whether a column is compacted depends only on its distinct values over all the data, and
 * compaction commutes with merging, so any split of the rows merges to the same cells.
 */

import { sortFloat64 } from '../../stats/sort-float64.js';
import { runsOfVisitor, type SortedValues } from '../sorted-values.js';

/** Most cells a column keeps exactly; past this it is compacted onto the grid. 24 MB per column. */
export const MAX_CELLS = 1 << 20;
/** Relative half-width α of a grid cell (γ = (1 + α) / (1 − α)). */
export const RELATIVE_ACCURACY = 1e-5;
const LOG_GAMMA = Math.log((1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY));

export interface ValueCells {
  /** True once the column was moved onto the grid (then a cell may hold several values). */
  readonly compacted: boolean;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly count: Float64Array;
}

export const EMPTY_CELLS: ValueCells = {
  compacted: false,
  min: new Float64Array(0),
  max: new Float64Array(0),
  count: new Float64Array(0),
};

/** The grid cell of a value: 0 for zero, ±(1 + ⌊ln|x| / ln γ⌋ + offset) by sign otherwise. */
export function gridCell(x: number): number {
  if (x === 0) return 0;
  const index = Math.floor(Math.log(Math.abs(x)) / LOG_GAMMA) + 40_000_000;
  return x > 0 ? index : -index;
}

/** The exact cells of a batch's values (NaN = missing, skipped). O(n log n). */
export function cellsFromValues(values: Float64Array): ValueCells {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present++;
  const sorted = new Float64Array(present);
  for (let i = 0, at = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) sorted[at++] = values[i]!;
  sortFloat64(sorted);
  let runs = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) runs++;
  const min = new Float64Array(runs);
  const count = new Float64Array(runs);
  let r = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) min[++r] = sorted[i]!;
    count[r]!++;
  }
  return limitCells({ compacted: false, min, max: min.slice(), count });
}

/**
 * The cells of two summaries' values together. Linear merge of the sorted cells (hand-written: it
 * runs once per record batch on up to a million cells). Commutative and associative.
 */
export function mergeCells(a: ValueCells, b: ValueCells): ValueCells {
  if (a.compacted !== b.compacted) return mergeCells(compactCells(a), compactCells(b));
  const key = a.compacted ? (i: number, cells: ValueCells) => gridCell(cells.min[i]!) : null;
  const size = a.count.length + b.count.length;
  const min = new Float64Array(size);
  const max = new Float64Array(size);
  const count = new Float64Array(size);
  let out = -1;
  let lastKey = Number.NaN;
  let i = 0;
  let j = 0;
  while (i < a.count.length || j < b.count.length) {
    const fromA = j >= b.count.length || (i < a.count.length && a.min[i]! <= b.min[j]!);
    const cells = fromA ? a : b;
    const at = fromA ? i++ : j++;
    const cellKey = key === null ? cells.min[at]! : key(at, cells);
    if (out >= 0 && cellKey === lastKey) {
      max[out] = Math.max(max[out]!, cells.max[at]!);
      count[out]! += cells.count[at]!;
      continue;
    }
    out++;
    min[out] = cells.min[at]!;
    max[out] = cells.max[at]!;
    count[out] = cells.count[at]!;
    lastKey = cellKey;
  }
  return limitCells({
    compacted: a.compacted,
    min: min.slice(0, out + 1),
    max: max.slice(0, out + 1),
    count: count.slice(0, out + 1),
  });
}

function limitCells(cells: ValueCells): ValueCells {
  return !cells.compacted && cells.count.length > MAX_CELLS ? compactCells(cells) : cells;
}

/** The same values on the grid: one cell per grid cell that holds any. */
export function compactCells(cells: ValueCells): ValueCells {
  if (cells.compacted) return cells;
  const min: number[] = [];
  const max: number[] = [];
  const count: number[] = [];
  let lastKey = Number.NaN;
  for (let i = 0; i < cells.count.length; i++) {
    const cellKey = gridCell(cells.min[i]!);
    if (count.length > 0 && cellKey === lastKey) {
      max[max.length - 1] = cells.max[i]!;
      count[count.length - 1]! += cells.count[i]!;
      continue;
    }
    min.push(cells.min[i]!);
    max.push(cells.max[i]!);
    count.push(cells.count[i]!);
    lastKey = cellKey;
  }
  return {
    compacted: true,
    min: Float64Array.from(min),
    max: Float64Array.from(max),
    count: Float64Array.from(count),
  };
}

/** How many values the cells hold. */
export function cellTotal(cells: ValueCells): number {
  let total = 0;
  for (const c of cells.count) total += c;
  return total;
}

/**
 * The values as a sorted array: an exact cell repeats its value; a grid cell spreads its count
 * evenly between its min and max (each within the cell, so within the stated error bound).
 * The model's assembly reads the same values through {@link sortedValuesOfCells} instead, which
 * keeps no array of them; this expansion is the definition that one is tested against.
 */
export function sortedValuesOf(cells: ValueCells): Float64Array {
  const out = new Float64Array(cellTotal(cells));
  let at = 0;
  for (let i = 0; i < cells.count.length; i++) {
    const n = cells.count[i]!;
    for (let j = 0; j < n; j++) out[at++] = valueInCell(cells, i, j);
  }
  return out;
}

/** The j-th of cell i's values in ascending order (see {@link sortedValuesOf}). */
function valueInCell(cells: ValueCells, i: number, j: number): number {
  const low = cells.min[i]!;
  const high = cells.max[i]!;
  const n = cells.count[i]!;
  if (low === high || j === 0) return low;
  return j === n - 1 ? high : low + ((high - low) * j) / (n - 1);
}

/** Cells between two of {@link sortedValuesOfCells}'s checkpoints. */
const CELLS_PER_CHECKPOINT = 64;

/**
 * The values of {@link sortedValuesOf} read by rank without expanding them (8 bytes a row: 80 MB
 * per numeric column and group at 10M rows, the largest part of a 10M-row streamed fit's peak above
 * a 1M one's). Keeps the first rank of every 64th cell: a rank is found by a binary search of those
 * and a walk of at most 64 cells (the model reads a few thousand ranks).
 */
export function sortedValuesOfCells(cells: ValueCells): SortedValues {
  const cellCount = cells.count.length;
  const checkpoints = new Float64Array(Math.ceil(cellCount / CELLS_PER_CHECKPOINT) + 1);
  let total = 0;
  for (let i = 0; i < cellCount; i++) {
    if (i % CELLS_PER_CHECKPOINT === 0) checkpoints[i / CELLS_PER_CHECKPOINT] = total;
    total += cells.count[i]!;
  }
  return {
    length: total,
    at: (rank) => {
      let lo = 0;
      let hi = Math.ceil(cellCount / CELLS_PER_CHECKPOINT) - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (checkpoints[mid]! <= rank) lo = mid;
        else hi = mid - 1;
      }
      let i = lo * CELLS_PER_CHECKPOINT;
      let first = checkpoints[lo]!;
      while (first + cells.count[i]! <= rank) first += cells.count[i++]!;
      return valueInCell(cells, i, rank - first);
    },
    runsAtLeast: (min) =>
      runsOfVisitor((keep) => {
        let first = 0;
        for (let i = 0; i < cellCount; first += cells.count[i++]!) {
          const n = cells.count[i]!;
          if (cells.min[i] === cells.max[i]) {
            if (n >= min) keep(first, n);
            continue;
          }
          // A spread grid cell: its values are distinct unless the spread is below a double's
          // resolution, so scan them (cells are disjoint: a run never spans two).
          let start = 0;
          for (let j = 1; j <= n; j++) {
            if (j < n && valueInCell(cells, i, j) === valueInCell(cells, i, start)) continue;
            if (j - start >= min) keep(first + start, j - start);
            start = j;
          }
        }
      }),
    distinct: () => (cells.compacted ? spreadValues(cells) : cells.min),
  };
}

function* spreadValues(cells: ValueCells): Iterable<number> {
  for (let i = 0; i < cells.count.length; i++) {
    if (cells.min[i] === cells.max[i]) yield cells.min[i]!;
    else for (let j = 0; j < cells.count[i]!; j++) yield valueInCell(cells, i, j);
  }
}

/** Index of the cell holding x (min ≤ x ≤ max), or −1. O(log cells). */
export function cellIndexOf(cells: ValueCells, x: number): number {
  let low = 0;
  let high = cells.min.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cells.min[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  const i = low - 1;
  return i >= 0 && x <= cells.max[i]! ? i : -1;
}

/** Buckets of a {@link CellLocator}: a 256 KB table that narrows a search to a cell or two. */
const GUIDE_BUCKETS = 1 << 16;

/**
 * {@link cellIndexOf} for many lookups in the same cells (the second pass looks up every value):
 * a guide table over [first min, last max] in equal buckets holds each bucket's first cell, so a
 * lookup binary-searches only the cells of its bucket (hand-written: it runs once per numeric cell
 * of every row, where a search of a million cells cost ~20 cache misses).
 */
export class CellLocator {
  private readonly guide: Int32Array;
  private readonly low: number;
  private readonly scale: number;

  constructor(private readonly cells: ValueCells) {
    const n = cells.min.length;
    this.low = n > 0 ? cells.min[0]! : 0;
    const span = n > 0 ? cells.max[n - 1]! - this.low : 0;
    this.scale = span > 0 && Number.isFinite(span) ? GUIDE_BUCKETS / span : 0;
    // guide[k]: the first cell whose min falls in bucket k or later (by the lookup's own mapping,
    // so rounding cannot put a cell and a value it holds in different buckets).
    this.guide = new Int32Array(GUIDE_BUCKETS + 2).fill(n);
    let cell = 0;
    for (let k = 0; k <= GUIDE_BUCKETS; k++) {
      while (cell < n && this.bucketOf(cells.min[cell]!) < k) cell++;
      this.guide[k] = cell;
    }
  }

  private bucketOf(x: number): number {
    return Math.min(GUIDE_BUCKETS, Math.floor((x - this.low) * this.scale));
  }

  /** Index of the cell holding x (min ≤ x ≤ max), or −1. */
  indexOf(x: number): number {
    const { min, max } = this.cells;
    if (!(x >= this.low)) return -1;
    const k = this.bucketOf(x);
    // The holding cell is the last with min ≤ x: cells before guide[k] start before bucket k (so
    // only the last of them can hold x), cells from guide[k + 1] start after x.
    let low = Math.max(0, this.guide[k]! - 1);
    let high = this.guide[k + 1]!;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (min[mid]! <= x) low = mid + 1;
      else high = mid;
    }
    const i = low - 1;
    return i >= 0 && x <= max[i]! ? i : -1;
  }
}
