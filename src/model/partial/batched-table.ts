/**
 * A table whose columns are computed a range of rows at a time rather than held whole: an event
 * table of a relational fit, whose ≈50 columns are each a function of the raw events and of
 * per-customer summaries (relational/event-table.ts). Summed over batches (owned-batch-fit.ts),
 * only one batch of every column, or one whole column for its marginal, is held at once; the row
 * fit reads it whole ({@link materialized}).
 */
import type { ColumnSpec } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';

/** A column of a {@link BatchedTable}: `read(from, to)` computes its values of rows [from, to), afresh each call. */
export type BatchedColumn =
  | {
      readonly type: 'number';
      readonly spec: ColumnSpec;
      readonly read: (from: number, to: number) => Float64Array;
    }
  | {
      readonly type: 'label';
      readonly spec: ColumnSpec;
      readonly read: (from: number, to: number) => readonly (string | null)[];
    };

export interface BatchedTable {
  readonly rowCount: number;
  readonly rowsRead: number;
  readonly rowsDroppedByConsent: number;
  readonly columns: readonly BatchedColumn[];
}

/** One column's values of every row, as a prepared column. */
export function wholeColumn(column: BatchedColumn, rowCount: number): PreparedColumn {
  return column.type === 'number'
    ? { type: 'number', spec: column.spec, values: column.read(0, rowCount) }
    : { type: 'label', spec: column.spec, values: column.read(0, rowCount) };
}

/** Every column of the table computed whole: the prepared table the row fit reads. */
export function materialized(table: BatchedTable): PreparedTable {
  return {
    rowCount: table.rowCount,
    rowsRead: table.rowsRead,
    rowsDroppedByConsent: table.rowsDroppedByConsent,
    columns: table.columns.map((column) => wholeColumn(column, table.rowCount)),
  };
}
