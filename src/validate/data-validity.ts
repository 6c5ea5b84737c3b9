/**
 * The Data Validity property of SDMetrics' DiagnosticReport (metrics.md §1.6): is every synthetic
 * value one the real data allows?
 */
import { jsonNumber } from './json-number.js';
import type { MetricColumn } from './metric-column.js';
import { boundaryAdherence } from './metrics/boundary-adherence.js';
import { categoryAdherence } from './metrics/category-adherence.js';
import { keyUniqueness } from './metrics/key-uniqueness.js';
import { nanMean } from './metrics/pairwise-sum.js';

export type ValidityMetric = 'BoundaryAdherence' | 'CategoryAdherence' | 'KeyUniqueness';

export interface ValidityRow {
  readonly column: string;
  readonly metric: ValidityMetric;
  readonly score: number | null;
}

export interface DataValidity {
  /** Mean of the column scores (NaN skipped); null when no column could be judged. */
  readonly score: number | null;
  readonly columns: readonly ValidityRow[];
}

function validityOf(real: MetricColumn, synthetic: MetricColumn): { metric: ValidityMetric; score: number } {
  switch (real.sdtype) {
    case 'numerical':
    case 'datetime':
      return {
        metric: 'BoundaryAdherence',
        score: boundaryAdherence(real.values, synthetic.values as Float64Array),
      };
    case 'categorical':
    case 'boolean':
      return {
        metric: 'CategoryAdherence',
        score: categoryAdherence(real.values, synthetic.values as readonly (string | null)[]),
      };
    case 'id':
      return {
        metric: 'KeyUniqueness',
        score: keyUniqueness(synthetic.values as readonly (string | null)[]),
      };
  }
}

/**
 * Data Validity, column by column in schema order: BoundaryAdherence for numerical and datetime
 * columns, CategoryAdherence for categorical and boolean ones, KeyUniqueness for keys; the property
 * score is their mean. (The DiagnosticReport's other property, Data Structure, compares pandas
 * dtypes; in doppel the schema fixes the columns, so it is not computed.) O(n + m) per column.
 * @throws TypeError when the real and synthetic columns do not correspond.
 */
export function dataValidity(
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
): DataValidity {
  const rows = real.map((column, i): ValidityRow & { raw: number } => {
    const other = synthetic[i];
    if (!other || other.name !== column.name || other.sdtype !== column.sdtype) {
      throw new TypeError(`real and synthetic columns differ at "${column.name}"`);
    }
    const { metric, score } = validityOf(column, other);
    return { column: column.name, metric, score: jsonNumber(score), raw: score };
  });
  return {
    score: jsonNumber(nanMean(rows.map((row) => row.raw))),
    columns: rows.map(({ column, metric, score }) => ({ column, metric, score })),
  };
}
