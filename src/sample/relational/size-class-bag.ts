/**
 * A {@link BufferBag} whose buffers come in size classes: a request for n elements takes a buffer
 * of the next class at or above n (powers of two in quarter steps: at most 25% unused) and returns
 * a view of exactly n. A relational chunk's event count varies from chunk to chunk (the sum of its
 * customers' counts), so exact-size buffers would almost never be reused; classes make the spare
 * buffers of one chunk fit the next.
 */
import { BufferBag } from '../buffer-bag.js';

interface View {
  subarray(begin: number, end: number): unknown;
}

/** The size class of n: the smallest 2^k · {1, 1.25, 1.5, 1.75} at or above n (n itself below 8). */
export function sizeClass(n: number): number {
  if (n <= 8) return n;
  const step = 2 ** (Math.ceil(Math.log2(n)) - 3);
  return Math.ceil(n / step) * step;
}

export class SizeClassBag extends BufferBag {
  override take<T>(
    type: {
      new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
      new (length: number): T;
      readonly BYTES_PER_ELEMENT: number;
    },
    length: number,
  ): T {
    const full = super.take(type, sizeClass(length)) as T & View;
    return full.subarray(0, length) as T;
  }
}
