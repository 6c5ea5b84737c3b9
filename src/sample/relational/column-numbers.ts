import type { ColumnModel, PiecewiseCdf } from '../../model/model-format.js';
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

/**
 * The normal score of the middle of x's probability mass under a piecewise CDF: Φ⁻¹((F(x−) + F(x)) / 2),
 * so a value at a point mass scores the middle of its jump. O(log knots).
 */
export function scoreOfValue(cdf: PiecewiseCdf, x: number): number {
  const { values, cumulative } = cdf;
  const n = values.length;
  let left: number;
  let right: number;
  if (x < values[0]!) left = right = 0;
  else if (x > values[n - 1]!) left = right = 1;
  else {
    // First knot with value >= x, and last knot with value <= x.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    lo = 0;
    hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (values[mid]! > x) hi = mid - 1;
      else lo = mid;
    }
    const last = lo;
    if (values[first] === x) {
      left = cumulative[first]!;
      right = cumulative[last]!;
    } else {
      const a = last;
      const b = first;
      const f =
        cumulative[a]! + ((x - values[a]!) / (values[b]! - values[a]!)) * (cumulative[b]! - cumulative[a]!);
      left = right = f;
    }
  }
  return normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, (left + right) / 2)));
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
