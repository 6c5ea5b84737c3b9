/** Scores of predictions on the real test rows, defined as scikit-learn defines them. */

/**
 * Share of rows predicted exactly (sklearn `accuracy_score`). NaN for no rows.
 * @example accuracy(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0)) // 0.6666666666666666
 */
export function accuracy(truth: Int32Array, predicted: Int32Array): number {
  if (truth.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) right++;
  return right / truth.length;
}

/**
 * Unweighted mean of the per-class F1 scores over every class in the truth or the predictions
 * (sklearn `f1_score(average='macro')`, a class with no true or predicted row scoring 0). O(n + k).
 * @example macroF1(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0)) // 0.6666666666666666
 */
export function macroF1(truth: Int32Array, predicted: Int32Array): number {
  if (truth.length === 0) return Number.NaN;
  const labels = new Set<number>([...truth, ...predicted]);
  let sum = 0;
  for (const label of labels) {
    let truePositive = 0;
    let actual = 0;
    let claimed = 0;
    for (let i = 0; i < truth.length; i++) {
      const isActual = truth[i] === label;
      const isClaimed = predicted[i] === label;
      if (isActual) actual++;
      if (isClaimed) claimed++;
      if (isActual && isClaimed) truePositive++;
    }
    sum += actual + claimed === 0 ? 0 : (2 * truePositive) / (actual + claimed);
  }
  return sum / labels.size;
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot around the truth's mean (sklearn `r2_score`):
 * 1 is perfect, 0 is no better than predicting the mean, negative is worse. NaN for fewer than two
 * rows or a constant truth.
 * @example rSquared(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)) // 0.5
 */
export function rSquared(truth: Float64Array, predicted: Float64Array): number {
  const n = truth.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i]!;
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (truth[i]! - predicted[i]!) ** 2;
    total += (truth[i]! - mean) ** 2;
  }
  return total === 0 ? Number.NaN : 1 - residual / total;
}

/**
 * Mean absolute error (sklearn `mean_absolute_error`). NaN for no rows.
 * @example meanAbsoluteError(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)) // 0.3333333333333333
 */
export function meanAbsoluteError(truth: Float64Array, predicted: Float64Array): number {
  if (truth.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i]! - predicted[i]!);
  return sum / truth.length;
}
