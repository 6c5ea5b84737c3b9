/**
 * The columns the fidelity metrics see, tagged with SDMetrics' sdtype. The mapping from doppel's
 * column kinds is made once, here, by {@link metricColumnsFromPrepared}.
 */
import { assertNever } from '../assert-never.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';

/** SDMetrics sdtypes that the QualityReport scores. */
export type QualitySdtype = 'numerical' | 'datetime' | 'categorical' | 'boolean';

/**
 * One column of one table. Numbers use NaN for missing (datetimes as epoch milliseconds, as
 * PreparedTable holds them); labels use null. `id` columns are keys: only KeyUniqueness judges them.
 */
export type MetricColumn = QualityMetricColumn | KeyMetricColumn;

/** A column the QualityReport scores. */
export type QualityMetricColumn =
  | { readonly name: string; readonly sdtype: 'numerical' | 'datetime'; readonly values: Float64Array }
  | {
      readonly name: string;
      readonly sdtype: 'categorical' | 'boolean';
      readonly values: readonly (string | null)[];
    };

/** A key column (SDMetrics sdtype id, primary or alternate key). */
export interface KeyMetricColumn {
  readonly name: string;
  readonly sdtype: 'id';
  readonly values: readonly (string | null)[];
}

/** True for the sdtypes the QualityReport scores (SDMetrics skips id, pii, text, ...). */
export function isQualityColumn(column: MetricColumn): column is QualityMetricColumn {
  return column.sdtype !== 'id';
}

/** A table as the metrics see it, in schema order. */
export interface MetricTable {
  readonly rowCount: number;
  readonly columns: readonly MetricColumn[];
}

function labels(column: PreparedColumn): readonly (string | null)[] {
  if (column.type !== 'label') throw new TypeError(`column "${column.spec.name}" should hold labels`);
  return column.values;
}

function numbers(column: PreparedColumn): Float64Array {
  if (column.type !== 'number') throw new TypeError(`column "${column.spec.name}" should hold numbers`);
  return column.values;
}

/**
 * Sorts a prepared table's columns into what the metrics judge: numeric/integer → numerical,
 * datetime → datetime, categorical → categorical, boolean → boolean (all four in the quality report
 * and data validity); identifier columns and personal columns declared `unique` → id, SDMetrics'
 * key columns (KeyUniqueness only); other personal columns are fake by design and judged by nothing.
 */
export function metricColumnsFromPrepared(table: PreparedTable): MetricTable {
  const columns: MetricColumn[] = [];
  for (const column of table.columns) {
    const { spec } = column;
    switch (spec.kind) {
      case 'numeric':
      case 'integer':
        columns.push({ name: spec.name, sdtype: 'numerical', values: numbers(column) });
        break;
      case 'datetime':
        columns.push({ name: spec.name, sdtype: 'datetime', values: numbers(column) });
        break;
      case 'categorical':
        columns.push({ name: spec.name, sdtype: 'categorical', values: labels(column) });
        break;
      case 'boolean':
        columns.push({ name: spec.name, sdtype: 'boolean', values: labels(column) });
        break;
      case 'identifier':
        columns.push({ name: spec.name, sdtype: 'id', values: labels(column) });
        break;
      case 'personal':
        if (spec.unique) columns.push({ name: spec.name, sdtype: 'id', values: labels(column) });
        break;
      case 'text':
        // Placeholder sentences: nothing to compare with the real notes.
        break;
      default:
        return assertNever(spec);
    }
  }
  return { rowCount: table.rowCount, columns };
}
