/**
 * SDMetrics' single-table QualityReport (metrics.md §1.5) over metric columns: Column Shapes and
 * Column Pair Trends, scored under the given thresholds and, from the same pair evaluations, with
 * every pair counting (the pre-0.27 number that SDGym publishes).
 */
import type { RandomSource } from '../stats/random.js';
import { type ColumnShapeMetric, columnShape } from './column-shapes.js';
import { jsonNumber } from './json-number.js';
import { isQualityColumn, type MetricColumn, type QualitySdtype } from './metric-column.js';
import { nanMean } from './metrics/pairwise-sum.js';
import {
  ALL_PAIRS,
  DEFAULT_THRESHOLDS,
  meetsThreshold,
  type PairTrend,
  type PairTrendMetric,
  pairTrend,
  type QualityThresholds,
} from './pair-trends.js';
import { pairSubsample, qualityColumn, subsampledCodes } from './quality-columns.js';

export interface QualityOptions {
  /** Default {@link DEFAULT_THRESHOLDS} (SDMetrics ≥ 0.27: 0.5 and 0.3). */
  readonly thresholds?: QualityThresholds;
  /** Contingency pairs use at most this many rows per side when a table is larger (default 50 000; null = all). */
  readonly subsampleRows?: number | null;
  /** Drives the subsample; required only when a table exceeds `subsampleRows`. */
  readonly random?: RandomSource;
}

/** Column Shapes detail row. Scores are null where SDMetrics gives NaN. */
export interface ColumnShapeRow {
  readonly column: string;
  readonly sdtype: QualitySdtype;
  readonly metric: ColumnShapeMetric;
  readonly score: number | null;
  readonly error?: string;
}

/** Column Pair Trends detail row. Scores and statistics are null where SDMetrics gives NaN. */
export interface PairTrendRow {
  readonly column1: string;
  readonly column2: string;
  readonly metric: PairTrendMetric;
  /** The similarity as computed with every pair counting; it enters the thresholded score only if `meetsThreshold`. */
  readonly score: number | null;
  readonly realCorrelation: number | null;
  readonly syntheticCorrelation: number | null;
  /**
   * Cramér's V of the real pair, always computed for contingency pairs (SDMetrics computes it only
   * under a positive threshold and shows NaN otherwise).
   */
  readonly realAssociation: number | null;
  /** Cramér's V of the synthetic pair, on the same bins and subsample (for the association heatmaps). */
  readonly syntheticAssociation: number | null;
  /** Whether the pair counts under `thresholds` (SDMetrics `Meets Threshold?`). */
  readonly meetsThreshold: boolean;
  readonly error?: string;
}

export interface QualityResult {
  /** mean(Column Shapes, Column Pair Trends over the pairs meeting the thresholds): SDMetrics ≥ 0.27's score. */
  readonly overall: number | null;
  /** mean(Column Shapes, Column Pair Trends over all pairs): SDMetrics < 0.27 and SDGym's score. */
  readonly overallAllPairs: number | null;
  readonly columnShapes: number | null;
  readonly pairTrends: number | null;
  readonly pairTrendsAllPairs: number | null;
  readonly thresholds: QualityThresholds;
  readonly pairsMeetingThreshold: number;
  /** Whether contingency pairs were computed on a random subsample of rows, and of how many. */
  readonly pairsSubsampled: boolean;
  readonly subsampleRows: number | null;
  readonly columns: readonly ColumnShapeRow[];
  readonly pairs: readonly PairTrendRow[];
}

export const DEFAULT_SUBSAMPLE_ROWS = 50_000;

/** A pair's detail row: the evaluation as plain JSON, and whether it counts under `thresholds`. */
export function pairRow(
  column1: string,
  column2: string,
  pair: PairTrend,
  thresholds: QualityThresholds,
): PairTrendRow {
  return {
    column1,
    column2,
    metric: pair.metric,
    score: jsonNumber(pair.score),
    realCorrelation: jsonNumber(pair.realCorrelation),
    syntheticCorrelation: jsonNumber(pair.syntheticCorrelation),
    realAssociation: jsonNumber(pair.realAssociation),
    syntheticAssociation: jsonNumber(pair.syntheticAssociation),
    meetsThreshold: meetsThreshold(pair, thresholds),
    ...(pair.error === undefined ? {} : { error: pair.error }),
  };
}

/** Mean of the pair scores that count under `thresholds` (SDMetrics `_compute_average_with_threshold`). */
function pairTrendsScore(pairs: readonly PairTrend[], thresholds: QualityThresholds): number {
  return nanMean(pairs.filter((pair) => meetsThreshold(pair, thresholds)).map((pair) => pair.score));
}

/**
 * The QualityReport of SDMetrics 0.29 (metrics.md §1.5), number for number (id columns are skipped):
 * - Column Shapes: KSComplement per numerical/datetime column, TVComplement per categorical/boolean
 *   column, averaged (NaN skipped).
 * - Column Pair Trends over all unordered pairs in column order: CorrelationSimilarity (Pearson) for
 *   two continuous columns, ContingencySimilarity otherwise, with continuous columns binned on their
 *   own edges per dataset; only pairs whose real correlation / association exceeds the thresholds
 *   count in `pairTrends`, every pair in `pairTrendsAllPairs`.
 * - Overall = nanmean of the two property scores.
 * Contingency pairs use a seeded random subsample of `subsampleRows` rows per side when the larger
 * table exceeds it (SDMetrics' own subsample is unseeded). Every pair is evaluated once.
 * O(c·n log n + p·(n_s + cells)) for c columns, p pairs, n_s subsampled rows.
 * @throws TypeError when the real and synthetic columns do not correspond, or a large table is
 *   given no random source.
 */
export function qualityReport(
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
  options: QualityOptions = {},
): QualityResult {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const subsampleRows = options.subsampleRows === undefined ? DEFAULT_SUBSAMPLE_ROWS : options.subsampleRows;
  if (real.length !== synthetic.length) throw new TypeError('real and synthetic need the same columns');
  const realQuality = real.filter(isQualityColumn);
  const syntheticQuality = synthetic.filter(isQualityColumn);
  const columns = realQuality.map((column, i) => qualityColumn(column, syntheticQuality[i]!));

  const shapes = columns.map(columnShape);
  const shapeRows = columns.map(
    (column, i): ColumnShapeRow => ({
      column: column.name,
      sdtype: column.sdtype,
      metric: shapes[i]!.metric,
      score: jsonNumber(shapes[i]!.score),
      ...(shapes[i]!.error === undefined ? {} : { error: shapes[i]!.error }),
    }),
  );

  const realRows = real[0]?.values.length ?? 0;
  const syntheticRows = synthetic[0]?.values.length ?? 0;
  const needsSubsample = subsampleRows !== null && Math.max(realRows, syntheticRows) > subsampleRows;
  if (needsSubsample && !options.random) {
    throw new TypeError('a random source is needed to subsample tables larger than subsampleRows');
  }
  const subsample = options.random
    ? pairSubsample(realRows, syntheticRows, subsampleRows, options.random)
    : null;
  const discrete = columns.map((column) => subsampledCodes(column.discrete, subsample));

  const pairs: PairTrend[] = [];
  const pairRows: PairTrendRow[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const pair = pairTrend(columns[i]!, columns[j]!, discrete[i]!, discrete[j]!);
      pairs.push(pair);
      pairRows.push(pairRow(columns[i]!.name, columns[j]!.name, pair, thresholds));
    }
  }

  const columnShapes = nanMean(shapes.map((shape) => shape.score));
  const pairTrends = pairTrendsScore(pairs, thresholds);
  const pairTrendsAllPairs = pairTrendsScore(pairs, ALL_PAIRS);
  return {
    overall: jsonNumber(nanMean([columnShapes, pairTrends])),
    overallAllPairs: jsonNumber(nanMean([columnShapes, pairTrendsAllPairs])),
    columnShapes: jsonNumber(columnShapes),
    pairTrends: jsonNumber(pairTrends),
    pairTrendsAllPairs: jsonNumber(pairTrendsAllPairs),
    thresholds,
    pairsMeetingThreshold: pairRows.filter((row) => row.meetsThreshold).length,
    pairsSubsampled: subsample !== null,
    subsampleRows,
    columns: shapeRows,
    pairs: pairRows,
  };
}
