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

/**
 * Sorted score thresholds with a guide table (Chen & Asau 1974, as in inverse-cdf.ts, here over a
 * uniform grid of z), so that {@link countAtOrBelow} takes expected O(1) for a step function of z
 * with many steps (an integer column's values).
 */
export interface ScoreSteps {
  /** The thresholds, non-decreasing, then NaN, which no comparison passes, so a scan always stops. */
  readonly thresholds: Float64Array;
  /** guide[g] = how many thresholds lie below low + g / scale, for g = 0 … cells. */
  readonly guide: Int32Array;
  readonly low: number;
  readonly scale: number;
  readonly cells: number;
}

/** @param thresholds non-decreasing; ±Infinity allowed. */
export function makeScoreSteps(thresholds: Float64Array): ScoreSteps {
  const finite = thresholds.filter(Number.isFinite);
  const low = finite.length > 0 ? (finite[0] as number) : 0;
  const high = finite.length > 0 ? (finite[finite.length - 1] as number) : 0;
  // Eight cells per threshold on average keep the scan short where thresholds crowd.
  const cells = Math.min(1 << 16, Math.max(16, 8 * thresholds.length));
  const scale = high > low ? cells / (high - low) : 1;
  const sorted = new Float64Array(thresholds.length + 1);
  sorted.set(thresholds);
  sorted[thresholds.length] = Number.NaN;
  const guide = new Int32Array(cells + 1);
  let k = 0;
  for (let g = 0; g <= cells; g++) {
    const z = low + g / scale;
    while ((sorted[k] as number) < z) k++;
    guide[g] = k;
  }
  return { thresholds: sorted, guide, low, scale, cells };
}

/**
 * How many thresholds are ≤ z.
 * @example countAtOrBelow(makeScoreSteps(Float64Array.of(-1, 0, 1)), 0) // 2
 */
export function countAtOrBelow(steps: ScoreSteps, z: number): number {
  const w = (z - steps.low) * steps.scale;
  const t = steps.thresholds;
  let k = w >= 0 ? (steps.guide[w < steps.cells ? w | 0 : steps.cells] as number) : 0;
  while (z >= (t[k] as number)) k++;
  // Guards a z that rounds into the next cell and so starts past a threshold above it.
  while (k > 0 && z < (t[k - 1] as number)) k--;
  return k;
}
