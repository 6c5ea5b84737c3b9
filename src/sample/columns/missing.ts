import type { BufferBag } from '../buffer-bag.js';
import { bitmapBytes } from './column-buffers.js';

/**
 * A column's missing-indicator dimension: the value is missing when its score z ≥ threshold.
 * Dimension −1 when the threshold is ±Infinity (never or always missing), which needs no draw.
 */
export interface MissingPart {
  readonly dimension: number;
  readonly threshold: number;
}

/**
 * Where a modelled column reads its scores: its value dimension and maybe a missing dimension.
 * Value dimension −1 for a column whose value does not depend on its score (one category, a
 * boolean that is always or never true): the sampler draws no normal for it.
 */
export interface CopulaParts {
  readonly dimension: number;
  readonly missing: MissingPart | null;
}

/** A validity bitmap for a chunk of `rows` rows, all bits clear (missing) until marked present. */
export function makeValidity(missing: MissingPart | null, rows: number, bag: BufferBag): Uint8Array | null {
  return missing === null ? null : bag.take(Uint8Array, bitmapBytes(rows));
}

/**
 * Sets the validity bit of every row of a block whose missing score is below the threshold (all
 * rows when `missing` is null: a group of a mixture that has no missing values) and returns how
 * many rows are missing. Row r of the block is row at[r] of the chunk.
 */
export function markPresent(
  missing: MissingPart | null,
  z: Float64Array,
  rows: number,
  validity: Uint8Array,
  at: Int32Array,
): number {
  if (missing === null || missing.dimension < 0) {
    if (missing !== null && missing.threshold === Number.NEGATIVE_INFINITY) return rows;
    for (let r = 0; r < rows; r++) {
      const i = at[r] as number;
      validity[i >>> 3] = (validity[i >>> 3] as number) | (1 << (i & 7));
    }
    return 0;
  }
  const base = missing.dimension * rows;
  const threshold = missing.threshold;
  let present = 0;
  // Branch-free, as in sampleBoolean.
  for (let r = 0; r < rows; r++) {
    const i = at[r] as number;
    const bit = +((z[base + r] as number) < threshold);
    validity[i >>> 3] = (validity[i >>> 3] as number) | (bit << (i & 7));
    present += bit;
  }
  return rows - present;
}
