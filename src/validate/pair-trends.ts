import { contingencySimilarityFromTable } from './metrics/contingency-similarity.js';
import { type CodedColumn, contingencyTable } from './metrics/contingency-table.js';
import { correlationSimilarity } from './metrics/correlation-similarity.js';
import { cramersV } from './metrics/cramers-v.js';
import type { QualityColumn } from './quality-columns.js';

export type PairTrendMetric = 'CorrelationSimilarity' | 'ContingencySimilarity';

/** Real-data strength a pair needs to count in the pair trends (SDMetrics ≥ 0.27). */
export interface QualityThresholds {
  /** |Pearson r| of the real pair must exceed this (SDMetrics `real_correlation_threshold`). */
  readonly correlation: number;
  /** Cramér's V of the real pair must exceed this (SDMetrics `real_association_threshold`). */
  readonly association: number;
}

/** SDMetrics ≥ 0.27 defaults. */
export const DEFAULT_THRESHOLDS: QualityThresholds = { correlation: 0.5, association: 0.3 };
/** Pre-0.27 behaviour (and SDGym results published before 2026): every pair counts. */
export const ALL_PAIRS: QualityThresholds = { correlation: 0, association: 0 };

/**
 * One pair's evaluation, computed once and valid for every threshold setting: `score` is the
 * similarity as SDMetrics computes it with threshold 0, and the real correlation / association
 * decide whether it counts under a positive threshold ({@link meetsThreshold}).
 */
export interface PairTrend {
  readonly metric: PairTrendMetric;
  readonly score: number;
  readonly realCorrelation: number;
  readonly syntheticCorrelation: number;
  /** Cramér's V of the real pair (after binning and subsampling); NaN for correlation pairs. */
  readonly realAssociation: number;
  /** The same Cramér's V of the synthetic pair (not an SDMetrics output: for the association heatmaps). */
  readonly syntheticAssociation: number;
  readonly error?: string;
}

/**
 * SDMetrics' `Meets Threshold?`: at threshold 0 every computed pair counts; above it, a correlation
 * pair counts when |r_real| > threshold and a contingency pair when V_real > threshold.
 */
export function meetsThreshold(pair: PairTrend, thresholds: QualityThresholds): boolean {
  if (pair.error !== undefined) return false;
  switch (pair.metric) {
    case 'CorrelationSimilarity':
      return thresholds.correlation <= 0 || Math.abs(pair.realCorrelation) > thresholds.correlation;
    case 'ContingencySimilarity':
      return thresholds.association <= 0 || pair.realAssociation > thresholds.association;
  }
}

/**
 * Column Pair Trends for one pair (metrics.md §1.5): CorrelationSimilarity (Pearson, all rows) for
 * two continuous columns; otherwise ContingencySimilarity on the discrete codes, a continuous
 * column entering as its own-edge bins. `discreteA`/`discreteB` are the columns' codes, already
 * subsampled when the table is large.
 */
export function pairTrend(
  a: QualityColumn,
  b: QualityColumn,
  discreteA: CodedColumn,
  discreteB: CodedColumn,
): PairTrend {
  if (a.shape === 'continuous' && b.shape === 'continuous') {
    const result = correlationSimilarity({ x: a.real, y: b.real }, { x: a.synthetic, y: b.synthetic });
    return {
      metric: 'CorrelationSimilarity',
      score: result.score,
      realCorrelation: result.real,
      syntheticCorrelation: result.synthetic,
      realAssociation: Number.NaN,
      syntheticAssociation: Number.NaN,
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  }
  const table = contingencyTable(discreteA, discreteB);
  return {
    metric: 'ContingencySimilarity',
    score: contingencySimilarityFromTable(table),
    realCorrelation: Number.NaN,
    syntheticCorrelation: Number.NaN,
    realAssociation: cramersV(table),
    // cramersV reads the `real` counts: handing it the synthetic ones gives the synthetic pair's V.
    syntheticAssociation: cramersV({ ...table, real: table.synthetic }),
  };
}
