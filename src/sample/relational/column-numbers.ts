import type { ColumnModel } from '../../model/model-format.js';
import { normalQuantile } from '../../stats/normal.js';
import type { ColumnBuffers } from '../columns/column-buffers.js';

const DAY_MS = 86_400_000;
const TWO_32 = 4294967296;

/**
 * A sampled column's values as numbers (NaN when missing): numbers as they are, dates and times as
 * epoch milliseconds, categories as their dictionary index, booleans as 0/1, sequence keys as numbers.
 */
export function columnNumbers(column: ColumnModel, buffers: ColumnBuffers, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const values = buffers.values;
  if (values instanceof BigInt64Array) {
    const pairs = new Int32Array(values.buffer, values.byteOffset, rows * 2);
    for (let i = 0; i < rows; i++) out[i] = pairs[2 * i + 1]! * TWO_32 + (pairs[2 * i]! >>> 0);
  } else if (column.kind === 'boolean') {
    for (let i = 0; i < rows; i++) out[i] = (values[i >>> 3]! >>> (i & 7)) & 1;
  } else {
    for (let i = 0; i < rows; i++) out[i] = values[i] as number;
    if (column.kind === 'datetime' && column.unit === 'date')
      for (let i = 0; i < rows; i++) out[i]! *= DAY_MS;
  }
  const validity = buffers.validity;
  if (validity !== null && buffers.nullCount > 0) {
    for (let i = 0; i < rows; i++) if (((validity[i >>> 3]! >>> (i & 7)) & 1) === 0) out[i] = Number.NaN;
  }
  return out;
}

/** The normal score of the middle of each category's interval, in the model's category order. */
export function categoryMidScores(probabilities: readonly number[]): Float64Array {
  let below = 0;
  return Float64Array.from(probabilities, (p) => {
    const mid = below + p / 2;
    below += p;
    return normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, mid)));
  });
}
