import type { IntegerColumnModel } from '../../model/model-format.js';
import { normalQuantile } from '../../stats/normal.js';
import { fastNormalCdf } from '../../stats/normal-cdf-table.js';
import type { BufferBag } from '../buffer-bag.js';
import { integerRange, isWideInteger } from '../column-types.js';
import {
  type InverseCdfTable,
  inverseCdfAt,
  makeInverseCdfTable,
  smallestUReaching,
} from '../inverse-cdf.js';
import { roundHalfUp } from '../round-half-up.js';
import { countAtOrBelow, makeScoreSteps, type ScoreSteps } from '../thresholds.js';
import { int64Pairs, writeInt64 } from './column-buffers.js';
import type { CopulaParts } from './missing.js';

export interface PreparedInteger extends CopulaParts {
  readonly kind: 'integer';
  readonly table: InverseCdfTable;
  readonly min: number;
  readonly max: number;
  /** Int64 output, when the range does not fit in Int32. */
  readonly wide: boolean;
  /** For ranges of at most {@link MAX_STEPS} integers, the score at which each value above min begins. */
  readonly steps: ScoreSteps | null;
}

/** Integers in a range beyond which a column keeps the Φ and inverse-CDF path (the table's size). */
const MAX_STEPS = 1 << 16;

/**
 * The score thresholds of values min + 1 … max: round(F⁻¹(Φ(z))) ≥ k exactly when
 * F⁻¹(Φ(z)) ≥ k − ½ (Math.round rounds halves up), i.e. when z ≥ Φ⁻¹ of the smallest u reaching
 * k − ½. The value of a score is then min + the number of thresholds at or below it: no Φ, no
 * inverse CDF and no rounding per value, and the clamp to [min, max] comes free.
 */
function integerSteps(column: IntegerColumnModel, min: number, max: number): ScoreSteps | null {
  if (max - min > MAX_STEPS) return null;
  const thresholds = new Float64Array(max - min);
  for (let k = min + 1; k <= max; k++) {
    thresholds[k - min - 1] = normalQuantile(smallestUReaching(column.cdf, k - 0.5));
  }
  return makeScoreSteps(thresholds);
}

export function prepareInteger(column: IntegerColumnModel, parts: CopulaParts): PreparedInteger {
  const { min, max } = integerRange(column.cdf);
  return {
    kind: 'integer',
    ...parts,
    table: makeInverseCdfTable(column.cdf, column.name),
    min,
    max,
    wide: isWideInteger(column.cdf),
    steps: integerSteps(column, min, max),
  };
}

export function allocateInteger(
  column: PreparedInteger,
  rows: number,
  bag: BufferBag,
): Int32Array | BigInt64Array {
  return column.wide ? bag.take(BigInt64Array, rows) : bag.take(Int32Array, rows);
}

/**
 * x = round(F⁻¹(Φ(z))) (by score thresholds where the range allows), clamped into the CDF's integer range (knots between atoms may be
 * fractional, and rounding must not step outside the real range), to rows `at` of the chunk. The
 * output may be wider than the column needs (a mixture group's range within the model's).
 */
export function sampleInteger(
  column: PreparedInteger,
  z: Float64Array,
  rows: number,
  out: Int32Array | BigInt64Array,
  at: Int32Array,
): void {
  const base = column.dimension * rows;
  const { table, min, max, steps } = column;
  const pairs = out instanceof BigInt64Array ? int64Pairs(out) : null;
  if (steps !== null && pairs === null) {
    const values = out as Int32Array;
    for (let r = 0; r < rows; r++)
      values[at[r] as number] = min + countAtOrBelow(steps, z[base + r] as number);
    return;
  }
  for (let r = 0; r < rows; r++) {
    let x =
      steps !== null
        ? min + countAtOrBelow(steps, z[base + r] as number)
        : roundHalfUp(inverseCdfAt(table, fastNormalCdf(z[base + r] as number)));
    x = Math.min(Math.max(x, min), max);
    if (pairs === null) (out as Int32Array)[at[r] as number] = x;
    else writeInt64(pairs, at[r] as number, x);
  }
}
