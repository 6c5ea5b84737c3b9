/**
 * Column Shapes of row subsets (one group of customers, or a random draw of the same size), for the
 * segment report. Each column is prepared once for the whole tables (categories coded as integers)
 * so that scoring a subset only gathers typed arrays; the metrics are the QualityReport's own
 * (KSComplement, TVComplement).
 */
import { isQualityColumn, type MetricColumn, type QualityMetricColumn } from './metric-column.js';
import { ksComplementSorted, sortedForKs } from './metrics/ks-complement.js';
import { codeLabels, type LabelCodes } from './metrics/label-codes.js';
import { nanMean } from './metrics/pairwise-sum.js';
import { tvComplementCoded } from './metrics/tv-complement.js';
import { takeAt } from './subsample.js';

type PreparedShape =
  | {
      readonly name: string;
      readonly type: 'ks';
      readonly round: boolean;
      readonly real: Float64Array;
      readonly synthetic: Float64Array;
    }
  | { readonly name: string; readonly type: 'tv'; readonly codes: LabelCodes };

/** Per-column scores of one subset, in the order of the scorer's `columns` (NaN when incomputable or excluded). */
export interface SubsetShapeScores {
  readonly mean: number;
  readonly columns: Float64Array;
}

export interface SubsetShapeScorer {
  /** Names of the quality columns, in schema order. */
  readonly columns: readonly string[];
  /**
   * Column Shapes of the given real and synthetic rows over every quality column but `excluded`
   * (the column that defines a group is constant inside it). O(columns · k log k) for k rows.
   */
  score(realRows: Int32Array, syntheticRows: Int32Array, excluded?: string): SubsetShapeScores;
}

function prepare(real: QualityMetricColumn, synthetic: QualityMetricColumn): PreparedShape {
  if (real.sdtype === 'numerical' || real.sdtype === 'datetime') {
    return {
      name: real.name,
      type: 'ks',
      // As the QualityReport: numbers are rounded to 14 decimals, datetimes are compared as they are.
      round: real.sdtype === 'numerical',
      real: real.values,
      synthetic: synthetic.values as Float64Array,
    };
  }
  return {
    name: real.name,
    type: 'tv',
    codes: codeLabels(
      real.values as readonly (string | null)[],
      synthetic.values as readonly (string | null)[],
    ),
  };
}

function shapeOf(column: PreparedShape, realRows: Int32Array, syntheticRows: Int32Array): number {
  if (column.type === 'ks') {
    return ksComplementSorted(
      sortedForKs(takeAt(column.real, realRows), column.round),
      sortedForKs(takeAt(column.synthetic, syntheticRows), column.round),
    );
  }
  return tvComplementCoded({
    ...column.codes,
    real: takeAt(column.codes.real, realRows),
    synthetic: takeAt(column.codes.synthetic, syntheticRows),
  });
}

/** A scorer of the quality columns of two tables with the same columns. O(columns · (n + m)) to make. */
export function makeSubsetShapeScorer(
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
): SubsetShapeScorer {
  const prepared: PreparedShape[] = [];
  real.forEach((column, i) => {
    const other = synthetic[i]!;
    if (isQualityColumn(column) && isQualityColumn(other)) prepared.push(prepare(column, other));
  });
  return {
    columns: prepared.map((column) => column.name),
    score(realRows, syntheticRows, excluded) {
      const columns = Float64Array.from(prepared, (column) =>
        column.name === excluded ? Number.NaN : shapeOf(column, realRows, syntheticRows),
      );
      return { mean: nanMean(columns), columns };
    },
  };
}
