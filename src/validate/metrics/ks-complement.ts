import { rint, roundDecimals } from './round-half-even.js';

/** SDMetrics' `MAX_DECIMALS = sys.float_info.dig - 1`. */
export const KS_DECIMALS = 14;

/**
 * The present values of a column, rounded to 14 decimals as SDMetrics does, sorted ascending.
 * Rounding is skipped for datetimes: SDMetrics holds them as int64 nanoseconds, which `round`
 * leaves untouched, and any order-preserving scale gives the same KS statistic.
 */
export function sortedForKs(values: Float64Array, round: boolean): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[j++] = round ? roundDecimals(v, KS_DECIMALS) : v;
  }
  return out.sort();
}

/**
 * 1 − D for two ascending samples, D being scipy's `ks_2samp` statistic: the largest gap between the
 * two empirical CDFs (side='right') over all observed values. O(n + m) merge of the sorted inputs;
 * each gap is computed as `i/n − j/m`, the same floating-point expression scipy evaluates.
 * NaN when either sample is empty.
 */
export function ksComplementSorted(realSorted: Float64Array, syntheticSorted: Float64Array): number {
  const n = realSorted.length;
  const m = syntheticSorted.length;
  if (n === 0 || m === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let maxDiff = Number.NEGATIVE_INFINITY;
  let minDiff = Number.POSITIVE_INFINITY;
  while (i < n || j < m) {
    const a = i < n ? realSorted[i]! : Number.POSITIVE_INFINITY;
    const b = j < m ? syntheticSorted[j]! : Number.POSITIVE_INFINITY;
    const v = Math.min(a, b);
    while (i < n && realSorted[i]! <= v) i++;
    while (j < m && syntheticSorted[j]! <= v) j++;
    const diff = i / n - j / m;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
  }
  // scipy: minS = clip(-min(cddiffs), 0, 1); D = minS if minS > maxS else maxS.
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  let d = Math.max(minS, maxDiff);
  if (Math.max(n, m) <= EXACT_MAX_N) {
    // ks_2samp's default method='auto' takes the exact p-value path here, and that path replaces D
    // by round(D · lcm) / lcm (scipy `_attempt_exact_2kssamp`). This moves the last bit: 12 vs 12
    // rows give 1 − 2/12 = 0.8333333333333334, not the 0.8333333333333333 of 1 − (5/12 − 3/12).
    const lcm = (n / gcd(n, m)) * m;
    d = rint(d * lcm) / lcm;
  }
  return 1 - d;
}

/** scipy.stats `MAX_AUTO_N`: up to this sample size ks_2samp's 'auto' method is 'exact'. */
const EXACT_MAX_N = 10_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * KSComplement (SDMetrics, metrics.md §1.1): 1 minus the two-sample Kolmogorov–Smirnov statistic of
 * a numerical or datetime column. Missing values (NaN) are dropped and both samples are rounded to 14
 * decimals (half-even) first, so 0.3−0.2 and 0.2−0.1 count as equal. O((n + m) log(n + m)).
 * @param options.datetime the values are epoch milliseconds (no rounding, like SDMetrics' int64 ns).
 * @returns a score in [0, 1], 1 = identical distributions; NaN when either side has no value.
 * @example ksComplement(Float64Array.of(0.3 - 0.2), Float64Array.of(0.2 - 0.1)) // 1
 */
export function ksComplement(
  real: Float64Array,
  synthetic: Float64Array,
  options: { readonly datetime?: boolean } = {},
): number {
  const round = !options.datetime;
  return ksComplementSorted(sortedForKs(real, round), sortedForKs(synthetic, round));
}
