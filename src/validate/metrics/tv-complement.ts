import { codeLabels, type LabelCodes } from './label-codes.js';

/** SDMetrics' regulariser for a category only the synthetic data has (`utils.get_frequencies`). */
const UNSEEN_WEIGHT = 1e-6;

/**
 * TVComplement on coded labels; see {@link tvComplement}. O(n + m + categories).
 * @returns NaN when either side has no present value (SDMetrics raises IncomputableMetricError).
 */
export function tvComplementCoded(codes: LabelCodes): number {
  const k = codes.categories;
  const realCounts = new Float64Array(k);
  const syntheticCounts = new Float64Array(k);
  let realTotal = 0;
  let syntheticTotal = 0;
  for (const c of codes.real) {
    if (c < k) {
      realCounts[c]!++;
      realTotal++;
    }
  }
  for (const c of codes.synthetic) {
    if (c < k) {
      syntheticCounts[c]!++;
      syntheticTotal++;
    }
  }
  if (realTotal === 0 || syntheticTotal === 0) return Number.NaN;
  // A synthetic-only category enters the real Counter with weight 1e-6, and that weight is part of
  // the real normaliser too (Python's sum over the Counter, appended after the real counts).
  let realNormaliser = realTotal;
  for (let c = 0; c < k; c++) {
    if (realCounts[c] === 0 && syntheticCounts[c]! > 0) {
      realCounts[c] = UNSEEN_WEIGHT;
      realNormaliser += UNSEEN_WEIGHT;
    }
  }
  let totalVariation = 0;
  for (let c = 0; c < k; c++) {
    totalVariation += Math.abs(syntheticCounts[c]! / syntheticTotal - realCounts[c]! / realNormaliser);
  }
  return 1 - 0.5 * totalVariation;
}

/**
 * TVComplement (SDMetrics, metrics.md §1.2): 1 − ½ Σ |synthetic share − real share| over the
 * categories of a categorical or boolean column, missing values dropped. Keeps SDMetrics' quirk: a
 * category only the synthetic data has gets real weight 1e-6, which also enlarges the real total.
 * @returns a score in [0, 1]; NaN when either side has no present value.
 * @example tvComplement(['a', 'b', 'c', 'a', 'a', 'b'], ['a', 'b', 'c', 'a', 'b', 'c']) // 0.8333333333333333
 */
export function tvComplement(
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
): number {
  return tvComplementCoded(codeLabels(real, synthetic));
}
