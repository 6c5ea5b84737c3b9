import type { RandomSource } from '../stats/random.js';

/**
 * `k` distinct row indices out of `rows`, uniformly at random (partial Fisher–Yates), ascending so
 * that gathering them reads memory in order. All rows when k >= rows. O(rows) memory, O(k) draws.
 * Plays the part of pandas `DataFrame.sample(k)` in SDMetrics, with a seeded source instead of
 * numpy's global one.
 * @example sampleRowIndices(5, 3, makeRandom(1)) // Int32Array [0, 1, 4]
 */
export function sampleRowIndices(rows: number, k: number, random: RandomSource): Int32Array {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  if (k >= rows) return order;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random.nextDouble() * (rows - i));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order.subarray(0, k).sort();
}

/** The values at `indices`, in a new array of the same type. */
export function takeAt<T extends Int32Array | Uint16Array | Float64Array>(values: T, indices: Int32Array): T {
  const out = new (values.constructor as new (length: number) => T)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]!]!;
  return out;
}
