/**
 * Attack success rates with a Wilson score interval, as Anonymeter's `success_rate`
 * (metrics.md §2.1; Wilson 1927, JASA 22:209). The centre is pulled towards 1/2, which keeps the
 * estimate sane for 0 or n successes out of n.
 */
import { normalQuantile } from '../../stats/normal.js';

/** A success rate and the half-width of its confidence interval. */
export interface SuccessRate {
  readonly rate: number;
  readonly error: number;
}

/**
 * z = Φ⁻¹((1 + confidenceLevel) / 2), Anonymeter's `probit`.
 * @throws RangeError outside [0, 1].
 * @example probit(0.95) // 1.959963984540054
 */
export function probit(confidenceLevel: number): number {
  if (!(confidenceLevel >= 0 && confidenceLevel <= 1)) {
    throw new RangeError('confidence level must be between 0 and 1');
  }
  return normalQuantile(0.5 * (1.0 + confidenceLevel));
}

/**
 * Wilson centre and half-width for `nSuccess` of `nTotal` trials (nSuccess may be fractional, as
 * the size-corrected singling-out control count is). Same operation order as Anonymeter.
 * @throws RangeError for a confidence level outside [0, 1].
 * @example successRate(100, 23, 0.95) // { rate: 0.23998824451588613, error: 0.08155558571285167 }
 */
export function successRate(nTotal: number, nSuccess: number, confidenceLevel = 0.95): SuccessRate {
  const z = probit(confidenceLevel);
  const zSquared = z * z;
  const successVariance = (nSuccess * (nTotal - nSuccess)) / nTotal;
  const denominator = nTotal + zSquared;
  const rate = (nSuccess + 0.5 * zSquared) / denominator;
  const error = (z / denominator) * Math.sqrt(successVariance + 0.25 * zSquared);
  return { rate, error };
}
