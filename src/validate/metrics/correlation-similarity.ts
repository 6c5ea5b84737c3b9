import { pearsonCorrelation } from './pearson-correlation.js';
import { spearmanCorrelation } from './spearman-correlation.js';

export type CorrelationCoefficient = 'pearson' | 'spearman';

export interface CorrelationSimilarityOptions {
  /** Default 'pearson', as in SDMetrics and its QualityReport. */
  readonly coefficient?: CorrelationCoefficient;
  /** The pair is scored only when |r_real| exceeds this (SDMetrics `real_correlation_threshold`, default 0). */
  readonly realCorrelationThreshold?: number;
}

export interface CorrelationSimilarityResult {
  /** 1 − |r_real − r_synthetic| / 2, in [0, 1]; NaN when incomputable or below the threshold. */
  readonly score: number;
  readonly real: number;
  readonly synthetic: number;
  /** Why the score is NaN, when SDMetrics would raise (constant column, too few rows). No data values. */
  readonly error?: string;
}

/** Two columns of one table, NaN = missing. Datetimes as nanoseconds, as SDMetrics converts them. */
export interface NumberPair {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** nunique() == 1 with NaN ignored: SDMetrics' ConstantInputError test. */
export function isConstantColumn(values: Float64Array): boolean {
  let first = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return false;
  }
  return !Number.isNaN(first);
}

/** Rows where both values are present (pandas `dropna()` on the two-column frame). */
export function completePairs(pair: NumberPair): NumberPair {
  const { x, y } = pair;
  let count = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!) && !Number.isNaN(y[i]!)) count++;
  if (count === x.length) return pair;
  const cx = new Float64Array(count);
  const cy = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]!) && !Number.isNaN(y[i]!)) {
      cx[j] = x[i]!;
      cy[j++] = y[i]!;
    }
  }
  return { x: cx, y: cy };
}

function correlate(pair: NumberPair, coefficient: CorrelationCoefficient): number {
  switch (coefficient) {
    case 'pearson':
      return pearsonCorrelation(pair.x, pair.y);
    case 'spearman':
      return spearmanCorrelation(pair.x, pair.y);
  }
}

/**
 * Milliseconds (PreparedTable's datetimes) to nanoseconds, SDMetrics' unit. The product is rounded
 * once to the nearest double, exactly as pandas converts int64 nanoseconds to float64.
 */
export function nanosecondsFromMillis(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * 1e6;
  return out;
}

/**
 * CorrelationSimilarity (SDMetrics, metrics.md §1.3) of a pair of numerical/datetime columns:
 * 1 − |r_real − r_synthetic| / 2 with r Pearson's (default) or Spearman's coefficient, computed on
 * the rows where both values are present. Keeps SDMetrics' rules: a constant column (one distinct
 * present value) on either side is an error; when |r_real| <= realCorrelationThreshold the score is
 * NaN and the synthetic correlation is not computed (so r_real = 0 gives NaN even at threshold 0).
 * O(n) for Pearson, O(n log n) for Spearman.
 * @example correlationSimilarity({ x: Float64Array.of(1, 2, 3), y: Float64Array.of(1, 2, 4) },
 *   { x: Float64Array.of(1, 2, 3), y: Float64Array.of(3, 2, 1) }).score // 0.009009746969017352
 */
export function correlationSimilarity(
  real: NumberPair,
  synthetic: NumberPair,
  options: CorrelationSimilarityOptions = {},
): CorrelationSimilarityResult {
  const coefficient = options.coefficient ?? 'pearson';
  const threshold = options.realCorrelationThreshold ?? 0;
  const failed = (error: string) => ({ score: Number.NaN, real: Number.NaN, synthetic: Number.NaN, error });
  if (isConstantColumn(real.x) || isConstantColumn(real.y)) {
    return failed('ConstantInputError: the real data of a column holds one value; correlation is undefined');
  }
  if (isConstantColumn(synthetic.x) || isConstantColumn(synthetic.y)) {
    return failed(
      'ConstantInputError: the synthetic data of a column holds one value; correlation is undefined',
    );
  }
  // pearsonr raises for fewer than 2 rows; spearmanr returns NaN, which then makes the score NaN.
  const tooShort = (pair: NumberPair) => pair.x.length < 2 && coefficient === 'pearson';
  const tooShortError = 'ValueError: fewer than 2 rows have both values present';
  const realPairs = completePairs(real);
  if (tooShort(realPairs)) return failed(tooShortError);
  const r = correlate(realPairs, coefficient);
  if (Math.abs(r) <= threshold) return { score: Number.NaN, real: r, synthetic: Number.NaN };
  const syntheticPairs = completePairs(synthetic);
  if (tooShort(syntheticPairs)) return failed(tooShortError);
  const s = correlate(syntheticPairs, coefficient);
  if (Number.isNaN(r) || Number.isNaN(s)) return { score: Number.NaN, real: r, synthetic: s };
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}
