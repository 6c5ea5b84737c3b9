/**
 * Summation in numpy's order. pandas and numpy sum float64 arrays pairwise (blocks of 128 summed with
 * eight interleaved accumulators), so doing the same keeps our totals within an ulp or two of
 * SDMetrics' and, unlike a running sum, keeps the error O(log n) on million-row columns.
 */

const BLOCK = 128;

/**
 * Sum of `values[start .. start + n)` exactly as numpy's `pairwise_sum` (umath loops) adds them.
 * Definition: numpy `np.add.reduce` on a contiguous float64 array.
 * @example pairwiseSum(Float64Array.of(0.1, 0.2, 0.3)) // 0.6000000000000001
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length - start): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  if (n <= BLOCK) {
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const j = start + i;
      r0 += values[j]!;
      r1 += values[j + 1]!;
      r2 += values[j + 2]!;
      r3 += values[j + 3]!;
      r4 += values[j + 4]!;
      r5 += values[j + 5]!;
      r6 += values[j + 6]!;
      r7 += values[j + 7]!;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/**
 * Mean that skips NaN, as pandas `Series.mean()` and `np.nanmean` compute it: NaN replaced by 0,
 * summed pairwise, divided by the count of non-NaN values. NaN when every value is NaN.
 * @example nanMean([1, Number.NaN, 2]) // 1.5
 */
export function nanMean(values: ArrayLike<number>): number {
  const filled = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      filled[i] = v;
      count++;
    }
  }
  return count === 0 ? Number.NaN : pairwiseSum(filled) / count;
}
