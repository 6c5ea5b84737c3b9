import type { DatetimeColumnModel } from '../../model/model-format.js';
import { fastNormalCdf } from '../../stats/normal-cdf-table.js';
import type { BufferBag } from '../buffer-bag.js';
import { type InverseCdfTable, inverseCdfAt, makeInverseCdfTable } from '../inverse-cdf.js';
import { roundHalfUp } from '../round-half-up.js';
import { int64Pairs, writeInt64 } from './column-buffers.js';
import type { CopulaParts } from './missing.js';

const MS_PER_DAY = 86_400_000;

export interface PreparedDatetime extends CopulaParts {
  readonly kind: 'datetime';
  readonly table: InverseCdfTable;
  readonly unit: 'date' | 'timestamp';
  /** Output range in output units (days or milliseconds). */
  readonly min: number;
  readonly max: number;
}

export function prepareDatetime(column: DatetimeColumnModel, parts: CopulaParts): PreparedDatetime {
  const { values } = column.cdf;
  const step = column.unit === 'date' ? MS_PER_DAY : 1;
  return {
    kind: 'datetime',
    ...parts,
    table: makeInverseCdfTable(column.cdf, column.name),
    unit: column.unit,
    min: Math.round((values[0] as number) / step),
    max: Math.round((values[values.length - 1] as number) / step),
  };
}

/** DateDay days in an Int32Array, or TimestampMillisecond milliseconds in a BigInt64Array. */
export function allocateDatetime(
  column: PreparedDatetime,
  rows: number,
  bag: BufferBag,
): Int32Array | BigInt64Array {
  return column.unit === 'date' ? bag.take(Int32Array, rows) : bag.take(BigInt64Array, rows);
}

/**
 * Epoch milliseconds F⁻¹(Φ(z)), rounded to whole days (dates) or milliseconds (timestamps), to rows
 * `at` of the chunk.
 */
export function sampleDatetime(
  column: PreparedDatetime,
  z: Float64Array,
  rows: number,
  out: Int32Array | BigInt64Array,
  at: Int32Array,
): void {
  const base = column.dimension * rows;
  const { table, min, max } = column;
  const step = column.unit === 'date' ? MS_PER_DAY : 1;
  const pairs = out instanceof BigInt64Array ? int64Pairs(out) : null;
  for (let r = 0; r < rows; r++) {
    let x = roundHalfUp(inverseCdfAt(table, fastNormalCdf(z[base + r] as number)) / step);
    x = Math.min(Math.max(x, min), max);
    if (pairs === null) (out as Int32Array)[at[r] as number] = x;
    else writeInt64(pairs, at[r] as number, x);
  }
}
