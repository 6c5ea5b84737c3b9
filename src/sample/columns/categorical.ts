import type { CategoricalColumnModel } from '../../model/model-format.js';
import type { BufferBag } from '../buffer-bag.js';
import { categoryIndexBytes } from '../column-types.js';
import { categoryThresholds } from '../thresholds.js';
import type { CopulaParts } from './missing.js';

export interface PreparedCategorical extends CopulaParts {
  readonly kind: 'categorical';
  /**
   * Φ⁻¹ of the cumulative probabilities between categories (K − 1 of them), padded with +Infinity
   * to 3 or 7 entries when K ≤ 8 so the unrolled loops below need no length check.
   */
  readonly thresholds: Float64Array;
  readonly indexBytes: 1 | 2 | 4;
}

export function prepareCategorical(column: CategoricalColumnModel, parts: CopulaParts): PreparedCategorical {
  return {
    kind: 'categorical',
    ...parts,
    thresholds: paddedThresholds(column.probabilities),
    indexBytes: categoryIndexBytes(column.categories.length),
  };
}

/**
 * The same column drawing its categories at other rates (copula order, summing to 1): the relational
 * sampler's calibration moves a repeated column's intervals (calibrate-repeats.ts).
 */
export function withCategoryWeights(
  column: PreparedCategorical,
  weights: ArrayLike<number>,
): PreparedCategorical {
  return { ...column, thresholds: paddedThresholds(Array.from(weights)) };
}

function paddedThresholds(probabilities: readonly number[]): Float64Array {
  const exact = categoryThresholds(probabilities);
  const padded = exact.length <= 3 ? 3 : Math.max(exact.length, 7);
  const thresholds = new Float64Array(padded).fill(Number.POSITIVE_INFINITY);
  thresholds.set(exact);
  return thresholds;
}

export function allocateCategorical(
  column: PreparedCategorical,
  rows: number,
  bag: BufferBag,
): Int8Array | Int16Array | Int32Array {
  switch (column.indexBytes) {
    case 1:
      return bag.take(Int8Array, rows);
    case 2:
      return bag.take(Int16Array, rows);
    case 4:
      return bag.take(Int32Array, rows);
  }
}

/** The category every score falls in when no threshold is finite (a one-category column). */
export function constantCategory(column: PreparedCategorical): number {
  return column.thresholds.filter((t) => t === Number.NEGATIVE_INFINITY).length;
}

/**
 * Category index = the number of thresholds ≤ z (the category whose interval holds Φ(z)), written
 * as map[index] (the output dictionary's index) to row at[r] of the chunk.
 * For up to 8 categories the count is a sum of comparisons, which V8 compiles without branches:
 * random scores make a scanning loop's exit branch mispredict on most rows.
 */
export function sampleCategorical(
  column: PreparedCategorical,
  z: Float64Array,
  rows: number,
  out: Int8Array | Int16Array | Int32Array,
  at: Int32Array,
  map: Int32Array,
): void {
  if (column.dimension < 0) {
    const index = map[constantCategory(column)] as number;
    for (let r = 0; r < rows; r++) out[at[r] as number] = index;
    return;
  }
  const base = column.dimension * rows;
  const t = column.thresholds;
  if (t.length === 3) {
    const t0 = t[0] as number;
    const t1 = t[1] as number;
    const t2 = t[2] as number;
    for (let r = 0; r < rows; r++) {
      const s = z[base + r] as number;
      out[at[r] as number] = map[+(s >= t0) + +(s >= t1) + +(s >= t2)] as number;
    }
    return;
  }
  if (t.length === 7) {
    for (let r = 0; r < rows; r++) {
      const s = z[base + r] as number;
      out[at[r] as number] = map[
        +(s >= (t[0] as number)) +
          +(s >= (t[1] as number)) +
          +(s >= (t[2] as number)) +
          +(s >= (t[3] as number)) +
          +(s >= (t[4] as number)) +
          +(s >= (t[5] as number)) +
          +(s >= (t[6] as number))
      ] as number;
    }
    return;
  }
  const count = t.length;
  for (let r = 0; r < rows; r++) {
    const s = z[base + r] as number;
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (s >= (t[middle] as number)) low = middle + 1;
      else high = middle;
    }
    out[at[r] as number] = map[low] as number;
  }
}
