import type { Table } from 'apache-arrow';
import { DoppelError } from '../../errors.js';
import { prepareTable } from '../../schema/prepare-table.js';

/**
 * A key column's values as text (null = missing), read the way every doppel stage reads
 * identifiers, so `7`, `7n` and `"7"` are the same key in a parent and its child.
 * @throws DoppelError `schema-mismatch` naming the table and column when the column is absent.
 */
export function keyValues(table: Table, tableName: string, column: string): readonly (string | null)[] {
  if (!table.getChild(column)) {
    throw new DoppelError('schema-mismatch', `table "${tableName}" has no key column "${column}"`, [
      { path: [tableName, column], message: 'column not found in the data' },
    ]);
  }
  const schema = { name: tableName, columns: [{ name: column, kind: 'identifier' as const }] };
  const prepared = prepareTable(table, schema, { columns: 'all', applyConsent: false });
  const only = prepared.columns[0]!;
  if (only.type !== 'label') throw new TypeError('identifiers are read as labels');
  return only.values;
}
