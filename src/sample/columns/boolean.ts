import type { BooleanColumnModel } from '../../model/model-format.js';
import type { BufferBag } from '../buffer-bag.js';
import { upperTailThreshold } from '../thresholds.js';
import { bitmapBytes } from './column-buffers.js';
import type { CopulaParts } from './missing.js';

export interface PreparedBoolean extends CopulaParts {
  readonly kind: 'boolean';
  /** True when z ≥ threshold, i.e. Φ(z) ≥ 1 − trueProbability. */
  readonly threshold: number;
}

export function prepareBoolean(column: BooleanColumnModel, parts: CopulaParts): PreparedBoolean {
  return { kind: 'boolean', ...parts, threshold: upperTailThreshold(column.trueProbability) };
}

/** Arrow booleans are bit-packed, one bit per row. */
export function allocateBoolean(rows: number, bag: BufferBag): Uint8Array {
  return bag.take(Uint8Array, bitmapBytes(rows));
}

/** Sets the bit of row at[r] of the chunk for each row r of the block that is true. */
export function sampleBoolean(
  column: PreparedBoolean,
  z: Float64Array,
  rows: number,
  out: Uint8Array,
  at: Int32Array,
): void {
  const { threshold } = column;
  if (column.dimension < 0) {
    // A constant column (probability 0 or 1) takes no score.
    if (threshold !== Number.NEGATIVE_INFINITY) return;
    for (let r = 0; r < rows; r++) {
      const i = at[r] as number;
      out[i >>> 3] = (out[i >>> 3] as number) | (1 << (i & 7));
    }
    return;
  }
  const base = column.dimension * rows;
  // Branch-free: a random score's comparison mispredicts on every other row.
  for (let r = 0; r < rows; r++) {
    const i = at[r] as number;
    out[i >>> 3] = (out[i >>> 3] as number) | (+((z[base + r] as number) >= threshold) << (i & 7));
  }
}
