/**
 * DDL for a table doppel creates: typed columns and NOT NULL in CREATE TABLE; the primary key, uniques
 * and foreign keys either inline (SQLite, which cannot add them later) or, for PostgreSQL, as ALTER
 * TABLE statements run after the rows are in, as pg_dump does: building an index once from all rows
 * is faster than growing it row by row, and the constraints are checked all the same before commit.
 */
import { type Dialect, declaredType, quoteName } from './sql-types.js';
import type { TableTarget } from './table-targets.js';

const names = (columns: readonly string[]) => columns.map(quoteName).join(', ');

function constraintClauses(target: TableTarget): string[] {
  const clauses: string[] = [];
  if (target.primaryKey.length > 0) clauses.push(`PRIMARY KEY (${names(target.primaryKey)})`);
  for (const unique of target.plan?.uniques ?? []) clauses.push(`UNIQUE (${names(unique)})`);
  for (const key of target.createForeignKeys) {
    clauses.push(
      `FOREIGN KEY (${names(key.columns)}) REFERENCES ${quoteName(key.table)} (${names(key.references)})`,
    );
  }
  return clauses;
}

/** Whether a dialect's constraints are added after the rows (see the module comment). */
export function constraintsAfterRows(dialect: Dialect): boolean {
  return dialect === 'postgres';
}

export function createTableSql(target: TableTarget, dialect: Dialect): string {
  const plan = target.plan;
  const lines = target.columns.map((column) => {
    const notNull = plan?.columns.find((c) => c.name === column.name)?.notNull ?? false;
    return `  ${quoteName(column.name)} ${declaredType(dialect, column.type)}${notNull ? ' NOT NULL' : ''}`;
  });
  if (!constraintsAfterRows(dialect)) lines.push(...constraintClauses(target).map((clause) => `  ${clause}`));
  return `CREATE TABLE ${quoteName(target.table)} (\n${lines.join(',\n')}\n)`;
}

/** The ALTER TABLE statements that add the constraints {@link createTableSql} left out. */
export function addConstraintsSql(target: TableTarget, dialect: Dialect): string[] {
  if (!constraintsAfterRows(dialect)) return [];
  return constraintClauses(target).map((clause) => `ALTER TABLE ${quoteName(target.table)} ADD ${clause}`);
}
