/**
 * Normal-score thresholds for the discrete parts of the copula. A category, a boolean or a missing
 * indicator is decided by which interval of [0, 1] holds u = Φ(z); since Φ is increasing the same
 * decision compares z with Φ⁻¹ of the interval ends, computed once per model, so the hot loop needs
 * no Φ call for these columns.
 */
import { normalQuantile } from '../stats/normal.js';

/**
 * Φ⁻¹ of the cumulative probabilities between consecutive categories (K − 1 thresholds for K
 * categories): category k is chosen when thresholds[k − 1] ≤ z < thresholds[k], i.e. k is the
 * number of thresholds ≤ z. A zero-probability category gets an empty interval and never occurs.
 * @example categoryThresholds([0.5, 0.5]) // Float64Array [0]
 */
export function categoryThresholds(probabilities: readonly number[]): Float64Array {
  const thresholds = new Float64Array(Math.max(0, probabilities.length - 1));
  let cumulative = 0;
  for (let k = 0; k < thresholds.length; k++) {
    cumulative += probabilities[k] as number;
    thresholds[k] = normalQuantile(Math.min(1, cumulative));
  }
  return thresholds;
}

/**
 * The score at and above which an event of probability p happens, for events placed at the top
 * of [0, 1] (booleans are true on [1 − p, 1), values missing on [1 − missingRate, 1)).
 * p = 0 gives +Infinity (never), p = 1 gives −Infinity (always).
 * @example upperTailThreshold(0.5) // 0
 */
export function upperTailThreshold(p: number): number {
  // Φ⁻¹(1 − p) = −Φ⁻¹(p), and the right side keeps full precision for tiny p where 1 − p rounds.
  return -normalQuantile(p);
}
