/**
 * Consecutive-event coherence of one child column (metrics.md §3.7, after mostlyai-qa's coherence):
 * how an event's value follows from the previous event of the same parent.
 */
import { jsonNumber } from '../json-number.js';
import type { QualityMetricColumn } from '../metric-column.js';
import { contingencySimilarity } from '../metrics/contingency-similarity.js';
import { correlationSimilarity } from '../metrics/correlation-similarity.js';
import { gatherColumn } from './prepare-relational.js';

export type CoherenceRow =
  | {
      readonly column: string;
      readonly kind: 'categorical';
      /** Share of consecutive pairs (both present) holding the same value: persistence, e.g. brand loyalty. */
      readonly realSameShare: number | null;
      readonly syntheticSameShare: number | null;
      /** ContingencySimilarity of (value_t, value_t+1) over all consecutive pairs. */
      readonly score: number | null;
    }
  | {
      readonly column: string;
      readonly kind: 'numeric';
      /** Pearson correlation of (value_t, value_t+1): how much a value carries over. */
      readonly realLag1: number | null;
      readonly syntheticLag1: number | null;
      /** Mean of (value_t+1 − value_t) / |value_t| over pairs with value_t ≠ 0: growth. */
      readonly realMeanRelativeChange: number | null;
      readonly syntheticMeanRelativeChange: number | null;
      /** CorrelationSimilarity of the lag-1 pairs: 1 − |r_real − r_syn| / 2. */
      readonly score: number | null;
      readonly error?: string;
    };

export interface ConsecutivePairs {
  readonly from: Int32Array;
  readonly to: Int32Array;
}

/**
 * Share of pairs with the same present value; NaN without such pairs.
 * @example sameValueShare(['a', 'a', 'b'], ['a', 'b', 'b']) // 0.3333333333333333
 */
export function sameValueShare(from: readonly (string | null)[], to: readonly (string | null)[]): number {
  let pairs = 0;
  let same = 0;
  for (let i = 0; i < from.length; i++) {
    if (from[i] === null || to[i] === null) continue;
    pairs++;
    if (from[i] === to[i]) same++;
  }
  return pairs === 0 ? Number.NaN : same / pairs;
}

/**
 * Mean relative change from each value to the next, over pairs with a present, non-zero start.
 * @example meanRelativeChange(Float64Array.of(1, 2, 0), Float64Array.of(2, 3, 5)) // 0.75
 */
export function meanRelativeChange(from: Float64Array, to: Float64Array): number {
  let total = 0;
  let n = 0;
  for (let i = 0; i < from.length; i++) {
    const a = from[i]!;
    const b = to[i]!;
    if (Number.isNaN(a) || Number.isNaN(b) || a === 0) continue;
    total += (b - a) / Math.abs(a);
    n++;
  }
  return n === 0 ? Number.NaN : total / n;
}

/** Coherence of one column, real against synthetic, over each side's consecutive pairs. O(pairs). */
export function columnCoherence(
  real: QualityMetricColumn,
  synthetic: QualityMetricColumn,
  realPairs: ConsecutivePairs,
  syntheticPairs: ConsecutivePairs,
): CoherenceRow {
  const realFrom = gatherColumn(real, realPairs.from);
  const realTo = gatherColumn(real, realPairs.to);
  const synFrom = gatherColumn(synthetic, syntheticPairs.from);
  const synTo = gatherColumn(synthetic, syntheticPairs.to);
  if (real.sdtype === 'categorical' || real.sdtype === 'boolean') {
    const labels = (column: QualityMetricColumn) => column.values as readonly (string | null)[];
    const enough = realPairs.from.length > 0 && syntheticPairs.from.length > 0;
    return {
      column: real.name,
      kind: 'categorical',
      realSameShare: jsonNumber(sameValueShare(labels(realFrom), labels(realTo))),
      syntheticSameShare: jsonNumber(sameValueShare(labels(synFrom), labels(synTo))),
      score: enough
        ? jsonNumber(
            contingencySimilarity([labels(realFrom), labels(realTo)], [labels(synFrom), labels(synTo)]).score,
          )
        : null,
    };
  }
  const numbers = (column: QualityMetricColumn) => column.values as Float64Array;
  const similarity = correlationSimilarity(
    { x: numbers(realFrom), y: numbers(realTo) },
    { x: numbers(synFrom), y: numbers(synTo) },
  );
  return {
    column: real.name,
    kind: 'numeric',
    realLag1: jsonNumber(similarity.real),
    syntheticLag1: jsonNumber(similarity.synthetic),
    realMeanRelativeChange: jsonNumber(meanRelativeChange(numbers(realFrom), numbers(realTo))),
    syntheticMeanRelativeChange: jsonNumber(meanRelativeChange(numbers(synFrom), numbers(synTo))),
    score: jsonNumber(similarity.score),
    ...(similarity.error === undefined ? {} : { error: similarity.error }),
  };
}
