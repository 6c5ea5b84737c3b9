import type { IntegerColumnModel } from '../../model/model-format.js';
import { normalCdf } from '../../stats/normal.js';
import type { BufferBag } from '../buffer-bag.js';
import { integerRange, isWideInteger } from '../column-types.js';
import { type InverseCdfTable, inverseCdfAt, makeInverseCdfTable } from '../inverse-cdf.js';
import { int64Pairs, writeInt64 } from './column-buffers.js';
import type { CopulaParts } from './missing.js';

export interface PreparedInteger extends CopulaParts {
  readonly kind: 'integer';
  readonly table: InverseCdfTable;
  readonly min: number;
  readonly max: number;
  /** Int64 output, when the range does not fit in Int32. */
  readonly wide: boolean;
}

export function prepareInteger(column: IntegerColumnModel, parts: CopulaParts): PreparedInteger {
  return {
    kind: 'integer',
    ...parts,
    table: makeInverseCdfTable(column.cdf, column.name),
    ...integerRange(column.cdf),
    wide: isWideInteger(column.cdf),
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
 * x = round(F⁻¹(Φ(z))), clamped into the CDF's integer range (knots between atoms may be
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
  const { table, min, max } = column;
  const pairs = out instanceof BigInt64Array ? int64Pairs(out) : null;
  for (let r = 0; r < rows; r++) {
    let x = Math.round(inverseCdfAt(table, normalCdf(z[base + r] as number)));
    x = Math.min(Math.max(x, min), max);
    if (pairs === null) (out as Int32Array)[at[r] as number] = x;
    else writeInt64(pairs, at[r] as number, x);
  }
}
