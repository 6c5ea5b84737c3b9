import { type Table, tableToIPC } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { formatFromPath } from './read-table.js';
import { writeFileAtomic } from './write-file-atomic.js';

function cell(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Rows of a table as plain objects (for the text formats only; Arrow is written column-wise). */
function rowsOf(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((name) => table.getChild(name)!);
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(names.map((name, c) => [name, cell(columns[c]!.get(row))])),
  );
}

/**
 * Writes a table in the format its extension names (.csv/.tsv via csv-stringify, .arrow as an IPC
 * file, .arrows as an IPC stream, .jsonl), atomically.
 */
export async function writeTable(table: Table, path: string): Promise<void> {
  const format = formatFromPath(path);
  switch (format) {
    case 'arrow':
      return writeFileAtomic(path, tableToIPC(table, path.endsWith('.arrows') ? 'stream' : 'file'));
    case 'csv':
      return writeFileAtomic(
        path,
        stringify(rowsOf(table), {
          header: true,
          columns: table.schema.fields.map((f) => f.name),
          delimiter: path.endsWith('.tsv') ? '\t' : ',',
        }),
      );
    case 'jsonl':
      return writeFileAtomic(
        path,
        rowsOf(table)
          .map((row) => `${JSON.stringify(row)}\n`)
          .join(''),
      );
    default:
      throw new Error(`writeTable: unhandled format ${format satisfies never}`);
  }
}
