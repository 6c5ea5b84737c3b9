import { bitmapBytes } from './column-buffers.js';

/** A column's missing-indicator dimension: the value is missing when its score z ≥ threshold. */
export interface MissingPart {
  readonly dimension: number;
  readonly threshold: number;
}

/** Where a modelled column reads its scores: its value dimension and maybe a missing dimension. */
export interface CopulaParts {
  readonly dimension: number;
  readonly missing: MissingPart | null;
}

/** A validity bitmap for a chunk of `rows` rows, all bits clear (missing) until marked present. */
export function makeValidity(missing: MissingPart | null, rows: number): Uint8Array | null {
  return missing === null ? null : new Uint8Array(bitmapBytes(rows));
}

/**
 * Sets the validity bit of every row of a block whose missing score is below the threshold and
 * returns how many rows are missing. `offset` (a multiple of 8 in practice) places the block in the
 * chunk.
 */
export function markPresent(
  missing: MissingPart,
  z: Float64Array,
  rows: number,
  validity: Uint8Array,
  offset: number,
): number {
  const base = missing.dimension * rows;
  const threshold = missing.threshold;
  let nulls = 0;
  for (let r = 0; r < rows; r++) {
    if ((z[base + r] as number) < threshold) {
      const i = offset + r;
      validity[i >>> 3] = (validity[i >>> 3] as number) | (1 << (i & 7));
    } else {
      nulls++;
    }
  }
  return nulls;
}
