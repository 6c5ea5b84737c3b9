/** CREATE TABLE for a table doppel creates: typed columns, NOT NULL, primary key, uniques, foreign keys. */

import { type Dialect, declaredType, quoteName } from './sql-types.js';
import type { TableTarget } from './table-targets.js';

const names = (columns: readonly string[]) => columns.map(quoteName).join(', ');

export function createTableSql(target: TableTarget, dialect: Dialect): string {
  const plan = target.plan;
  const lines = target.columns.map((column) => {
    const notNull = plan?.columns.find((c) => c.name === column.name)?.notNull ?? false;
    return `  ${quoteName(column.name)} ${declaredType(dialect, column.type)}${notNull ? ' NOT NULL' : ''}`;
  });
  if (target.primaryKey.length > 0) lines.push(`  PRIMARY KEY (${names(target.primaryKey)})`);
  for (const unique of plan?.uniques ?? []) lines.push(`  UNIQUE (${names(unique)})`);
  for (const key of target.createForeignKeys) {
    lines.push(
      `  FOREIGN KEY (${names(key.columns)}) REFERENCES ${quoteName(key.table)} (${names(key.references)})`,
    );
  }
  return `CREATE TABLE ${quoteName(target.table)} (\n${lines.join(',\n')}\n)`;
}
