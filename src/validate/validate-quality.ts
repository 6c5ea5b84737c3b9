import { DoppelError } from '../errors.js';
import type { PreparedTable } from '../schema/prepare-table.js';
import { makeRandom } from '../stats/random.js';
import { type DataValidity, dataValidity } from './data-validity.js';
import { jsonNumber } from './json-number.js';
import { metricColumnsFromPrepared } from './metric-column.js';
import { countMissing, missingValueSimilarity } from './metrics/missing-value-similarity.js';
import type { QualityThresholds } from './pair-trends.js';
import {
  type ColumnShapeRow,
  DEFAULT_SUBSAMPLE_ROWS,
  type QualityResult,
  qualityReport,
} from './quality-report.js';

export interface ValidateQualityOptions {
  /** Contingency pairs use at most this many rows per side (default 50 000, as SDMetrics); null = all rows. */
  readonly subsampleRows?: number | null;
  /** Seed of the subsample (default 0): the same inputs and seed give the same report. */
  readonly seed?: number;
  /** Thresholds of the headline score (default SDMetrics ≥ 0.27: correlation 0.5, association 0.3). */
  readonly thresholds?: QualityThresholds;
}

/** A Column Shapes row with the column's MissingValueSimilarity beside it. */
export interface ColumnQualityRow extends ColumnShapeRow {
  readonly missingValueSimilarity: number | null;
}

/**
 * The fidelity report: SDMetrics' QualityReport (both threshold settings), per-column missing-value
 * similarity and the DiagnosticReport's Data Validity. Plain JSON: every score that SDMetrics would
 * give as NaN (incomputable, or a pair below the threshold) is null. It holds column names and
 * scores only, never a data value.
 */
export interface QualityReport extends Omit<QualityResult, 'columns'> {
  readonly columns: readonly ColumnQualityRow[];
  readonly dataValidity: DataValidity;
}

/** Stream of the seeded random source used for subsampling, apart from the sampler's chunk streams. */
const SUBSAMPLE_STREAM = 0x76616c69;

/**
 * Scores synthetic data against real data, both already prepared with the same dataset schema
 * (metrics.md §1.0–1.6): Column Shapes, Column Pair Trends, overall quality with SDMetrics' default
 * thresholds (`overall`) and with every pair counting (`overallAllPairs`), missing-value similarity
 * per column, and Data Validity (boundary, category and key adherence). Contingency pairs are
 * computed on a seeded subsample when a table exceeds `subsampleRows`.
 * O(c·n log n + p·(n_s + cells)) for c columns, p pairs and n_s subsampled rows.
 * @throws DoppelError `usage` for a subsample size that is not a positive integer.
 * @throws TypeError when the two tables were not prepared with the same schema.
 */
export function validateQuality(
  real: PreparedTable,
  synthetic: PreparedTable,
  options: ValidateQualityOptions = {},
): QualityReport {
  const subsampleRows = options.subsampleRows === undefined ? DEFAULT_SUBSAMPLE_ROWS : options.subsampleRows;
  if (subsampleRows !== null && !(Number.isSafeInteger(subsampleRows) && subsampleRows > 0)) {
    throw new DoppelError('usage', 'the subsample size must be a whole number of rows above 0 (or none)', [
      { path: ['subsampleRows'], message: `expected a positive integer or null, received ${subsampleRows}` },
    ]);
  }
  const realTable = metricColumnsFromPrepared(real);
  const syntheticTable = metricColumnsFromPrepared(synthetic);
  const quality = qualityReport(realTable.columns, syntheticTable.columns, {
    subsampleRows,
    random: makeRandom(options.seed ?? 0, SUBSAMPLE_STREAM),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  const byName = new Map(realTable.columns.map((column, i) => [column.name, i]));
  const columns = quality.columns.map((row): ColumnQualityRow => {
    const i = byName.get(row.column)!;
    const realValues = realTable.columns[i]!.values;
    const syntheticValues = syntheticTable.columns[i]!.values;
    const similarity = missingValueSimilarity(
      realValues.length,
      countMissing(realValues),
      syntheticValues.length,
      countMissing(syntheticValues),
    );
    return { ...row, missingValueSimilarity: jsonNumber(similarity) };
  });
  return {
    ...quality,
    columns,
    dataValidity: dataValidity(realTable.columns, syntheticTable.columns),
  };
}
