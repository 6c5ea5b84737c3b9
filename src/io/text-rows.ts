/** Arrow data as text cells, for the CSV and JSON Lines writers. */
import { DataType, type RecordBatch, type Table } from 'apache-arrow';

type TabularData = Pick<Table | RecordBatch, 'schema' | 'numRows' | 'getChild'>;

/** How a column's cells are written as text: temporal values as ISO 8601, which readers read back as dates. */
type TextForm = 'plain' | 'date' | 'timestamp';

function textFormOf(type: DataType): TextForm {
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  return 'plain';
}

function cell(value: unknown, form: TextForm, missing: '' | null, text: (value: string) => string): unknown {
  if (value === null || value === undefined) return missing;
  if (typeof value === 'string') return text(value);
  // In CSV (missing = ''), csv-stringify would write false as an empty field, which reads back as missing.
  if (typeof value === 'boolean' && missing === '') return String(value);
  // 64-bit integers (sequence ids) as JSON numbers while exact, else as text.
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
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
 * Rows of a table or record batch as plain objects (for the text formats only; Arrow and Parquet
 * are written column-wise).
 * Missing is an empty field in CSV and `null` in JSON Lines, which is how each reader reads it back.
 * `text` rewrites text cells (synthetic CSV: escapeFormula); by default they are written as they are.
 */
export function textRowsOf(
  table: TabularData,
  missing: '' | null,
  text: (value: string) => string = (value) => value,
): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((field) => table.getChild(field.name)!);
  const forms = fields.map((field) => textFormOf(field.type));
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(
      fields.map((field, c) => [field.name, cell(columns[c]!.get(row), forms[c]!, missing, text)]),
    ),
  );
}
