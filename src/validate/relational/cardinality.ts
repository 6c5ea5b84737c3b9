/**
 * Cardinality of a parent-child relationship as SDMetrics measures it (metrics.md §3.1–3.3, from
 * `sdmetrics.utils.get_cardinality_distribution`, `CardinalityShapeSimilarity` and
 * `CardinalityStatisticSimilarity`).
 */
import { ksComplementSorted } from '../metrics/ks-complement.js';
import { pairwiseSum } from '../metrics/pairwise-sum.js';

/**
 * Children per parent, one entry per parent row in parent order; a childless parent counts 0 and a
 * child whose key matches no parent is not counted (SDMetrics left-joins the counts onto every
 * parent key). A duplicated parent key gets its count in every row that holds it. O(p + c).
 * @example cardinalityDistribution(['1', '2', '3'], ['1', '1', '3', '9']) // Float64Array [2, 0, 1]
 */
export function cardinalityDistribution(
  parentKeys: readonly (string | null)[],
  childForeignKeys: readonly (string | null)[],
): Float64Array {
  const counts = new Map<string, number>();
  for (const key of childForeignKeys) {
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Float64Array.from(parentKeys, (key) => (key === null ? 0 : (counts.get(key) ?? 0)));
}

function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * CardinalityShapeSimilarity for one relationship: 1 − the two-sample KS statistic between the real
 * and synthetic cardinality distributions (scipy `ks_2samp`; counts are integers, so SDMetrics'
 * 14-decimal rounding of KSComplement changes nothing). NaN when a side has no parent.
 * O((p_r + p_s) log(p_r + p_s)).
 * @example cardinalityShapeSimilarity(Float64Array.of(2, 1, 2, 0, 1), Float64Array.of(1, 1, 1, 2, 1)) // 0.8
 */
export function cardinalityShapeSimilarity(real: Float64Array, synthetic: Float64Array): number {
  return ksComplementSorted(sorted(real), sorted(synthetic));
}

export type CardinalityStatistic = 'mean' | 'median' | 'std';

export interface CardinalityStatisticResult {
  readonly real: number;
  readonly synthetic: number;
  /** max(0, 1 − |s_real − s_syn| / (max_real − min_real)); NaN when the real counts are constant. */
  readonly score: number;
}

function mean(values: Float64Array): number {
  return values.length === 0 ? Number.NaN : pairwiseSum(values) / values.length;
}

/** pandas `Series.median()`: the mean of the two middle values for an even count. */
function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** pandas `Series.std()`: the sample standard deviation (ddof = 1). */
function sampleStd(values: Float64Array): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  const squares = Float64Array.from(values, (v) => (v - m) ** 2);
  return Math.sqrt(pairwiseSum(squares) / (values.length - 1));
}

const STATISTICS: Record<CardinalityStatistic, (values: Float64Array) => number> = {
  mean,
  median,
  std: sampleStd,
};

/**
 * CardinalityStatisticSimilarity for one relationship and statistic (SDMetrics
 * `_compute_statistic`). O(p log p) for the median, O(p) otherwise.
 * @example cardinalityStatisticSimilarity(Float64Array.of(1, 2, 2, 5, 1), Float64Array.of(2, 2, 3, 1, 4), 'mean')
 * // { real: 2.2, synthetic: 2.4, score: 0.9500000000000001 }
 */
export function cardinalityStatisticSimilarity(
  real: Float64Array,
  synthetic: Float64Array,
  statistic: CardinalityStatistic,
): CardinalityStatisticResult {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of real) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // SDMetrics: nunique() == 1 → ConstantInputWarning and score NaN (no real/synthetic either).
  if (!(max > min)) return { real: Number.NaN, synthetic: Number.NaN, score: Number.NaN };
  const of = STATISTICS[statistic];
  const r = of(real);
  const s = of(synthetic);
  return { real: r, synthetic: s, score: Math.max(1 - Math.abs(r - s) / (max - min), 0) };
}
