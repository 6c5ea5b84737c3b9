/**
 * Equal-width binning as SDMetrics' DisclosureProtection does it (metrics.md §1.10, §6.7):
 * `pd.cut(real, bins)` with edges `np.linspace(min, max, bins + 1)`, right-closed intervals (a, b],
 * the outer edges then opened to ±∞ and the synthetic column cut with the same edges. So a value's
 * bin is the number of inner edges strictly below it; labels are '0' … 'bins-1'; missing stays
 * missing.
 */

/**
 * Bin labels of real and synthetic values with edges from the real values.
 * @example equalWidthBins([0, 2, 6, 8, 10], [-10, 1, 3, 5, 7, 9, 20], 5).real // ['0', '0', '2', '3', '4']
 */
export function equalWidthBins(
  real: ArrayLike<number>,
  synthetic: ArrayLike<number>,
  bins: number,
): { real: (string | null)[]; synthetic: (string | null)[]; innerEdges: Float64Array } {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be a positive integer');
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < real.length; i++) {
    const x = real[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const innerEdges = new Float64Array(Math.max(0, bins - 1));
  if (min <= max) {
    let lo = min;
    let hi = max;
    if (lo === hi) {
      // pandas widens a constant column by 0.1% on each side (or by 0.001 at 0).
      lo -= lo !== 0 ? 0.001 * Math.abs(lo) : 0.001;
      hi += hi !== 0 ? 0.001 * Math.abs(hi) : 0.001;
    }
    // np.linspace: edge i = i * step + start with step = (stop - start) / bins.
    const step = (hi - lo) / bins;
    for (let i = 1; i < bins; i++) innerEdges[i - 1] = i * step + lo;
  }
  const label = (x: number): string | null => {
    if (Number.isNaN(x)) return null;
    let b = 0;
    while (b < innerEdges.length && innerEdges[b]! < x) b++;
    return String(b);
  };
  return { real: Array.from(real, label), synthetic: Array.from(synthetic, label), innerEdges };
}
