/**
 * Column access shared by the privacy metrics: look columns up by name in prepared tables, check
 * that real and synthetic agree on their kind, and take row subsets. Errors name columns, never
 * values.
 */
import { DoppelError } from '../errors.js';
import type { ColumnKind } from '../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';

/** Kinds that privacy metrics compare (SDMetrics sdtypes numerical, datetime, categorical, boolean). */
const COMPARABLE_KINDS: ReadonlySet<ColumnKind> = new Set([
  'numeric',
  'integer',
  'datetime',
  'categorical',
  'boolean',
]);

/** True for the kinds distance and matching metrics use; identifiers and personal fields are skipped. */
export function isComparableKind(kind: ColumnKind): boolean {
  return COMPARABLE_KINDS.has(kind);
}

/** True for kinds compared as numbers (distance scaled by range); the rest are compared as labels. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'numeric' || kind === 'integer' || kind === 'datetime';
}

/**
 * The column called `name` of `table`.
 * @throws DoppelError `schema-mismatch` when the table has no such column.
 */
export function columnByName(table: PreparedTable, name: string, role = 'table'): PreparedColumn {
  const column = table.columns.find((c) => c.spec.name === name);
  if (!column) {
    throw new DoppelError('schema-mismatch', `the ${role} has no column "${name}"`, [
      { path: [name], message: `column not found in the ${role}` },
    ]);
  }
  return column;
}

/**
 * The named columns of several tables, checked to have the same kind everywhere.
 * @throws DoppelError `schema-mismatch` for a missing column or a kind that differs between tables.
 */
export function alignedColumns(
  tables: readonly { readonly table: PreparedTable; readonly role: string }[],
  names: readonly string[],
): PreparedColumn[][] {
  return names.map((name) => {
    const columns = tables.map(({ table, role }) => columnByName(table, name, role));
    const kind = columns[0]!.spec.kind;
    const other = columns.findIndex((c) => c.spec.kind !== kind);
    if (other !== -1) {
      throw new DoppelError(
        'schema-mismatch',
        `column "${name}" is ${kind} in the ${tables[0]!.role} but ${columns[other]!.spec.kind} in the ${tables[other]!.role}`,
        [{ path: [name], message: 'the column kinds must agree' }],
      );
    }
    return columns;
  });
}

/** Names of the comparable columns of a table, in table order (the default column list). */
export function comparableColumnNames(table: PreparedTable): string[] {
  return table.columns.filter((c) => isComparableKind(c.spec.kind)).map((c) => c.spec.name);
}

/** Reads the cell of a column as a key part: labels as is, numbers by value, missing as null. */
export function cellKey(column: PreparedColumn, row: number): string | number | null {
  if (column.type === 'number') {
    const x = column.values[row]!;
    return Number.isNaN(x) ? null : x;
  }
  return column.values[row] ?? null;
}
