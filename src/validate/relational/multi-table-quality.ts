/**
 * SDMetrics' multi-table QualityReport (metrics.md §3.5): Column Shapes and Column Pair Trends of
 * every table pooled (each column and pair weighs the same, whichever table holds it), Cardinality
 * (mean CardinalityShapeSimilarity over relationships) and Intertable Trends; overall = their
 * nanmean. Scored under the given thresholds and, from the same evaluations, with every pair counting.
 */
import type { RandomSource } from '../../stats/random.js';
import { jsonNumber } from '../json-number.js';
import { nanMean } from '../metrics/pairwise-sum.js';
import type { QualityThresholds } from '../pair-trends.js';
import { type ColumnShapeRow, type PairTrendRow, qualityReport } from '../quality-report.js';
import { type IntertableTrendRow, intertableTrends } from './intertable-trends.js';
import type { PreparedRelational } from './prepare-relational.js';
import type { RelationshipScores } from './relationship-scores.js';

export interface TableQuality {
  readonly table: string;
  readonly realRows: number;
  readonly syntheticRows: number;
  readonly columnShapes: number | null;
  readonly pairTrends: number | null;
  readonly pairTrendsAllPairs: number | null;
  readonly columns: readonly ColumnShapeRow[];
  readonly pairs: readonly PairTrendRow[];
}

export interface MultiTableQuality {
  /** nanmean(Column Shapes, Column Pair Trends, Cardinality, Intertable Trends) under `thresholds`: SDMetrics ≥ 0.27. */
  readonly overall: number | null;
  /** The same with every pair counting: SDMetrics < 0.27, SDGym, and the figure the targets quote. */
  readonly overallAllPairs: number | null;
  readonly columnShapes: number | null;
  readonly pairTrends: number | null;
  readonly pairTrendsAllPairs: number | null;
  readonly cardinality: number | null;
  readonly intertableTrends: number | null;
  readonly intertableTrendsAllPairs: number | null;
  readonly thresholds: QualityThresholds;
  readonly tables: readonly TableQuality[];
  readonly intertable: readonly IntertableTrendRow[];
}

export interface MultiTableQualityOptions {
  readonly thresholds: QualityThresholds;
  readonly subsampleRows: number | null;
  readonly random: RandomSource;
}

function scoreOf(rows: readonly { score: number | null }[]): number {
  return nanMean(rows.map((row) => row.score ?? Number.NaN));
}

function countingScore(
  rows: readonly { score: number | null; meetsThreshold: boolean; error?: string }[],
  allPairs: boolean,
): number {
  // A pair's `meetsThreshold` was decided under the report's thresholds; at threshold 0 every
  // computed pair counts (pair-trends.ts meetsThreshold with ALL_PAIRS).
  return scoreOf(rows.filter((row) => (allPairs ? row.error === undefined : row.meetsThreshold)));
}

/**
 * The multi-table QualityReport over prepared real and synthetic datasets of the same structure,
 * given each relationship's scores (for Cardinality). O(per-table quality + joined pairs).
 */
export function multiTableQuality(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  relationships: readonly RelationshipScores[],
  options: MultiTableQualityOptions,
): MultiTableQuality {
  const tables: TableQuality[] = [];
  for (const [name, realTable] of real.tables) {
    const syntheticTable = synthetic.tables.get(name)!;
    const quality = qualityReport(realTable.columns, syntheticTable.columns, {
      thresholds: options.thresholds,
      subsampleRows: options.subsampleRows,
      random: options.random,
    });
    tables.push({
      table: name,
      realRows: realTable.rowCount,
      syntheticRows: syntheticTable.rowCount,
      columnShapes: quality.columnShapes,
      pairTrends: quality.pairTrends,
      pairTrendsAllPairs: quality.pairTrendsAllPairs,
      columns: quality.columns,
      pairs: quality.pairs,
    });
  }
  const intertable = real.source.relationships.flatMap(
    (relationship) => intertableTrends(real, synthetic, relationship, options).rows,
  );
  const allColumns = tables.flatMap((t) => t.columns);
  const allPairs = tables.flatMap((t) => t.pairs);
  const columnShapes = scoreOf(allColumns);
  const pairTrends = countingScore(allPairs, false);
  const pairTrendsAllPairs = countingScore(allPairs, true);
  const cardinality = nanMean(relationships.map((r) => r.cardinalityShapeSimilarity ?? Number.NaN));
  const intertableScore = countingScore(intertable, false);
  const intertableAllPairs = countingScore(intertable, true);
  return {
    overall: jsonNumber(nanMean([columnShapes, pairTrends, cardinality, intertableScore])),
    overallAllPairs: jsonNumber(nanMean([columnShapes, pairTrendsAllPairs, cardinality, intertableAllPairs])),
    columnShapes: jsonNumber(columnShapes),
    pairTrends: jsonNumber(pairTrends),
    pairTrendsAllPairs: jsonNumber(pairTrendsAllPairs),
    cardinality: jsonNumber(cardinality),
    intertableTrends: jsonNumber(intertableScore),
    intertableTrendsAllPairs: jsonNumber(intertableAllPairs),
    thresholds: options.thresholds,
    tables,
    intertable,
  };
}
