/**
 * Sorts doubles ascending in place, in exactly the order of `Float64Array.prototype.sort()` (−0
 * before +0; NaN is not expected): a least-significant-digit radix sort of the values' bits, each
 * mapped to an unsigned key of the same order (negative: every bit flipped; otherwise: the sign bit
 * set). Hand-written because it is a hot loop: the streamed fit sorts every numeric column of every
 * chunk of rows to count its distinct values, and V8's comparison sort was a tenth of a fit's time;
 * six linear passes over 11-bit digits (skipping a digit every value shares) are several times faster.
 * O(n) time, O(n) extra memory.
 */

/** Below this a comparison sort is as fast and needs no buffers. */
const SMALL = 512;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGITS = 6;

let scratchWords = new Uint32Array(0);
const counts = new Uint32Array(DIGITS * BUCKETS);

export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL) return values.sort();
  // Views of the same memory as [low word, high word] pairs (little-endian, as every platform Node
  // runs on; checked below).
  let words: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  if (scratchWords.length < 2 * n) scratchWords = new Uint32Array(2 * n);
  let other: Uint32Array = scratchWords.subarray(0, 2 * n);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    let low = words[2 * i]!;
    let high = words[2 * i + 1]!;
    if (high & 0x80000000) {
      low = ~low >>> 0;
      high = ~high >>> 0;
    } else high = (high | 0x80000000) >>> 0;
    words[2 * i] = low;
    words[2 * i + 1] = high;
    for (let d = 0; d < DIGITS; d++) counts[d * BUCKETS + digitOf(low, high, d)]!++;
  }
  for (let d = 0; d < DIGITS; d++) {
    const base = d * BUCKETS;
    // A digit every value shares leaves the order as it is.
    let shared = false;
    for (let b = 0; b < BUCKETS; b++) {
      if (counts[base + b] === n) shared = true;
      if (counts[base + b] !== 0) break;
    }
    if (shared) continue;
    let start = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b]!;
      counts[base + b] = start;
      start += c;
    }
    for (let i = 0; i < n; i++) {
      const low = words[2 * i]!;
      const high = words[2 * i + 1]!;
      const to = 2 * counts[base + digitOf(low, high, d)]!++;
      other[to] = low;
      other[to + 1] = high;
    }
    const swap = words;
    words = other;
    other = swap;
  }
  const out = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    let low = words[2 * i]!;
    let high = words[2 * i + 1]!;
    if (high & 0x80000000) high = (high & 0x7fffffff) >>> 0;
    else {
      low = ~low >>> 0;
      high = ~high >>> 0;
    }
    out[2 * i] = low;
    out[2 * i + 1] = high;
  }
  return values;
}

function digitOf(low: number, high: number, d: number): number {
  switch (d) {
    case 0:
      return low & 0x7ff;
    case 1:
      return (low >>> 11) & 0x7ff;
    case 2:
      return ((low >>> 22) | (high << 10)) & 0x7ff;
    case 3:
      return (high >>> 1) & 0x7ff;
    case 4:
      return (high >>> 12) & 0x7ff;
    default:
      return high >>> 23;
  }
}

// The word views above read a double's low half first.
if (new Uint32Array(Float64Array.of(1).buffer)[1] !== 0x3ff00000)
  throw new Error('sortFloat64 needs a little-endian platform');
