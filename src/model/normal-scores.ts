/**
 * Normal scores: each row's position in a column's distribution, as a standard normal value. The
 * copula correlation is estimated from them. A value that occupies an interval of [0, 1] (a point
 * mass, a category, a tie) gets a uniform draw inside that interval, which is what the sampler's
 * inverse maps back to the same value.
 */
import { normalQuantile } from '../stats/normal.js';
import type { RandomSource } from '../stats/random.js';

const HALF_ULP_53 = 2 ** -54;
// The largest double below 1: u must stay inside (0, 1) so that every score is finite.
const BELOW_ONE = 1 - 2 ** -53;

/**
 * Φ⁻¹ of a uniform draw inside [lower, upper]; the draw is strictly inside (0, 1), so the score is
 * finite even for an interval touching 0 or 1.
 * @example scoreInInterval(0.5, 0.5, makeRandom(1)) // 0
 */
export function scoreInInterval(lower: number, upper: number, random: RandomSource): number {
  // nextDouble() is j / 2^53; adding half a step makes it (j + ½) / 2^53, never 0 or 1.
  const u = lower + (upper - lower) * (random.nextDouble() + HALF_ULP_53);
  return normalQuantile(Math.min(Math.max(u, HALF_ULP_53), BELOW_ONE));
}

/**
 * Scores of a numeric column from its empirical CDF: a present value x gets u uniform in
 * [F_n(x−), F_n(x)] (its rank interval among the present values; ties share one interval), NaN
 * stays NaN. For a point mass this is exactly the model CDF's jump; for other values it is within
 * O(k/n) of the model's F(x). The empirical CDF rather than the model's is used because the model
 * folds the k − 1 most extreme values onto its ends, where F is 0 or 1 and Φ⁻¹ infinite: ranks
 * keep those rows at finite, correctly ordered scores (the normal-scores rank transform of
 * Genest, Ghoudi & Rivest 1995, Biometrika 82(3), with ties broken at random).
 * O(n log n).
 * @param sortedPresent the column's finite values, sorted ascending.
 */
export function rankScores(
  values: Float64Array,
  sortedPresent: Float64Array,
  random: RandomSource,
): Float64Array {
  const n = sortedPresent.length;
  const scores = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) {
      scores[i] = Number.NaN;
      continue;
    }
    const below = lowerBound(sortedPresent, x);
    const upTo = upperBound(sortedPresent, x);
    scores[i] = scoreInInterval(below / n, upTo / n, random);
  }
  return scores;
}

/**
 * Scores of a column laid out as intervals of [0, 1]: row i gets a draw in interval `slots[i]`
 * (cumulative[slot] to cumulative[slot + 1]); a negative slot (missing, dropped) scores NaN.
 */
export function intervalScores(
  slots: Int32Array,
  cumulative: readonly number[],
  random: RandomSource,
): Float64Array {
  const scores = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    scores[i] = slot < 0 ? Number.NaN : scoreInInterval(cumulative[slot]!, cumulative[slot + 1]!, random);
  }
  return scores;
}

/** Index of the first element ≥ x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first element > x. */
function upperBound(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}
