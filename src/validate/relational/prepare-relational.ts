/**
 * Each table of a relational dataset read once into what the relational metrics need: its schema
 * columns typed, its metric columns without the keys, and its key columns as text.
 */
import { DoppelError, type DoppelIssue, isDoppelError } from '../../errors.js';
import { type PreparedTable, prepareTable } from '../../schema/prepare-table.js';
import { isQualityColumn, metricColumnsFromPrepared, type QualityMetricColumn } from '../metric-column.js';
import { keyValues } from './key-values.js';
import type { RelationalTables } from './relational-tables.js';

export interface PreparedRelationalTable {
  readonly name: string;
  readonly rowCount: number;
  /** The schema's columns, typed (consent is the relational pipeline's business: rows are taken as given). */
  readonly prepared: PreparedTable;
  /** The columns the quality metrics score, in schema order; primary and foreign keys left out (SDMetrics sdtype id). */
  readonly columns: readonly QualityMetricColumn[];
  /** Key column -> its values as text, for the table's primary key and every foreign key it holds. */
  readonly keys: ReadonlyMap<string, readonly (string | null)[]>;
}

export interface PreparedRelational {
  readonly source: RelationalTables;
  readonly tables: ReadonlyMap<string, PreparedRelationalTable>;
}

/** Columns of a table that are keys of the dataset: its primary key and its foreign keys. */
export function keyColumnsOf(tables: RelationalTables, table: string): Set<string> {
  const keys = new Set<string>();
  const primary = tables.primaryKeys.get(table);
  if (primary !== undefined) keys.add(primary);
  for (const r of tables.relationships) {
    if (r.childTable === table) keys.add(r.childForeignKey);
    if (r.parentTable === table) keys.add(r.parentPrimaryKey);
  }
  return keys;
}

function checkStructure(tables: RelationalTables, role: string): void {
  const issues: DoppelIssue[] = [];
  const known = (name: string) => tables.tables.has(name) && tables.schemas.has(name);
  for (const name of tables.tables.keys()) {
    if (!tables.schemas.has(name)) issues.push({ path: [name], message: `the ${role} table has no schema` });
  }
  for (const r of tables.relationships) {
    for (const name of [r.parentTable, r.childTable]) {
      if (!known(name)) {
        issues.push({ path: [name], message: `a relationship names this table, the ${role} data lacks it` });
      }
    }
  }
  if (issues.length > 0) {
    throw new DoppelError('schema-mismatch', `the ${role} tables do not match their relationships`, issues);
  }
}

/** Runs a single-table step, naming the table in any DoppelError it throws (message and issue paths). */
function inTable<T>(table: string, role: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!isDoppelError(error)) throw error;
    throw new DoppelError(
      error.code,
      `${role} table "${table}": ${error.message}`,
      error.issues.map((issue) => ({ ...issue, path: [table, ...issue.path] })),
      { cause: error },
    );
  }
}

/**
 * Prepares every table of `tables` (`role` names them in errors: real, synthetic, holdout).
 * O(total cells).
 * @throws DoppelError `schema-mismatch` for a table without a schema, a relationship naming an
 *   absent table, a missing key column, or data that does not match its schema.
 */
export function prepareRelational(tables: RelationalTables, role: string): PreparedRelational {
  checkStructure(tables, role);
  const prepared = new Map<string, PreparedRelationalTable>();
  for (const [name, table] of tables.tables) {
    const schema = tables.schemas.get(name)!;
    const keyNames = keyColumnsOf(tables, name);
    const typed = inTable(name, role, () =>
      prepareTable(table, schema, { columns: 'all', applyConsent: false }),
    );
    const columns = metricColumnsFromPrepared(typed)
      .columns.filter(isQualityColumn)
      .filter((column) => !keyNames.has(column.name));
    const keys = new Map<string, readonly (string | null)[]>();
    for (const key of keyNames) keys.set(key, keyValues(table, name, key));
    prepared.set(name, { name, rowCount: table.numRows, prepared: typed, columns, keys });
  }
  return { source: tables, tables: prepared };
}

/**
 * The synthetic dataset must have the real one's tables and relationships.
 * @throws DoppelError `schema-mismatch` naming what differs.
 */
export function checkSameStructure(real: RelationalTables, synthetic: RelationalTables, role: string): void {
  const issues: DoppelIssue[] = [];
  for (const name of real.tables.keys()) {
    if (!synthetic.tables.has(name))
      issues.push({ path: [name], message: `the ${role} data lacks this table` });
  }
  const signature = (r: RelationalTables['relationships'][number]) =>
    JSON.stringify([r.parentTable, r.parentPrimaryKey, r.childTable, r.childForeignKey]);
  const theirs = new Set(synthetic.relationships.map(signature));
  for (const r of real.relationships) {
    if (!theirs.has(signature(r))) {
      issues.push({
        path: [r.childTable, r.childForeignKey],
        message: `the ${role} data lacks the relationship to ${r.parentTable}.${r.parentPrimaryKey}`,
      });
    }
  }
  if (issues.length > 0) {
    throw new DoppelError('schema-mismatch', `the ${role} tables differ from the real ones`, issues);
  }
}

/** A metric column restricted to the given rows, in that order (a join's gather). */
export function gatherColumn(column: QualityMetricColumn, rows: Int32Array): QualityMetricColumn {
  if (column.sdtype === 'numerical' || column.sdtype === 'datetime') {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
    return { name: column.name, sdtype: column.sdtype, values };
  }
  const labels = column.values as readonly (string | null)[];
  const values = Array.from(rows, (row): string | null => labels[row] ?? null);
  return { name: column.name, sdtype: column.sdtype, values };
}
