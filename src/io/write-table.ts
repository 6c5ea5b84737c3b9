import { DataType, type Table, tableToIPC } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { DoppelError } from '../errors.js';
import { formatFromPath } from './read-table.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** How a column's cells are written as text: temporal values as ISO 8601, which readers read back as dates. */
type TextForm = 'plain' | 'date' | 'timestamp';

function textFormOf(type: DataType): TextForm {
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  return 'plain';
}

function cell(value: unknown, form: TextForm, missing: '' | null): unknown {
  if (value === null || value === undefined) return missing;
  if (typeof value === 'bigint') return value.toString();
  // Arrow hands dates and timestamps over as epoch milliseconds; written as numbers they would come
  // back as integers, so they are written as ISO 8601 text.
  if (form !== 'plain' && (typeof value === 'number' || value instanceof Date)) {
    const iso = new Date(value).toISOString();
    return form === 'date' ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Rows of a table as plain objects (for the text formats only; Arrow is written column-wise).
 * Missing is an empty field in CSV and `null` in JSON Lines, which is how each reader reads it back.
 */
function rowsOf(table: Table, missing: '' | null): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((field) => table.getChild(field.name)!);
  const forms = fields.map((field) => textFormOf(field.type));
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(
      fields.map((field, c) => [field.name, cell(columns[c]!.get(row), forms[c]!, missing)]),
    ),
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
        stringify(rowsOf(table, ''), {
          header: true,
          columns: table.schema.fields.map((f) => f.name),
          delimiter: path.endsWith('.tsv') ? '\t' : ',',
        }),
      );
    case 'jsonl':
      return writeFileAtomic(
        path,
        rowsOf(table, null)
          .map((row) => `${JSON.stringify(row)}\n`)
          .join(''),
      );
    case 'parquet':
      // Reading Parquet needs only hyparquet; writing it would add a writer dependency for a format
      // no doppel output needs (Arrow IPC is the native output).
      throw new DoppelError(
        'unsupported-format',
        `cannot write ${path}: doppel reads Parquet but does not write it; use .arrow, .csv or .jsonl`,
      );
    default:
      throw new Error(`writeTable: unhandled format ${format satisfies never}`);
  }
}
