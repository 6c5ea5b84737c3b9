import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { MAX_ROW_CHARACTERS } from './read-csv.js';
import { type ParsedColumn, parseTextColumn, tableFromColumns } from './table-from-columns.js';

/** A cell as text: nested objects and arrays keep their JSON form rather than "[object Object]". */
function textOf(cell: unknown): string | null {
  if (cell === undefined || cell === null) return null;
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

function lineError(source: string, line: number, what: string): DoppelError {
  return new DoppelError('malformed-input', `cannot read ${source} at line ${line}: ${what}`);
}

/** One column's values (`undefined` where a row lacks the key) typed as the module's TSDoc says. */
function parsedColumn(cells: readonly unknown[], rows: number): ParsedColumn {
  let numbers = true;
  let booleans = true;
  for (let r = 0; r < rows; r++) {
    const cell = cells[r];
    if (cell === undefined || cell === null) continue;
    if (typeof cell !== 'number') numbers = false;
    if (typeof cell !== 'boolean') booleans = false;
    if (!numbers && !booleans) break;
  }
  // Every present cell is a number (or every one a boolean) here, so missing ones become null.
  if (numbers || booleans) {
    const values = new Array<number | boolean | null>(rows);
    for (let r = 0; r < rows; r++) values[r] = (cells[r] ?? null) as number | boolean | null;
    return numbers
      ? { type: 'number', values: values as (number | null)[] }
      : { type: 'boolean', values: values as (boolean | null)[] };
  }
  const texts = new Array<string | null>(rows);
  for (let r = 0; r < rows; r++) texts[r] = textOf(cells[r]);
  return parseTextColumn(texts);
}

/**
 * Parses JSON Lines (one object per line) from UTF-8 bytes into an Arrow table. Columns are the
 * union of keys in first-seen order; a missing key or `null` is a missing value. Numbers stay
 * numbers and booleans booleans; strings that all look numeric become numbers, as in CSV; nested
 * values become JSON text. Reads line by line from the bytes: it holds the bytes and each column's
 * values, never the whole text as one string or an object per row.
 * @throws DoppelError `malformed-input` naming the line.
 */
export function readJsonlBytes(bytes: Uint8Array, source: string): Table {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buffer.length;
  let pos = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  const columns: unknown[][] = [];
  let rows = 0;
  for (let line = 1; pos < n; line++) {
    const newline = buffer.indexOf(0x0a, pos);
    let end = newline === -1 ? n : newline;
    const next = end + 1;
    if (end > pos && buffer[end - 1] === 0x0d) end--; // CR LF
    // A row's limit in characters; a line of fewer bytes cannot hold more characters.
    const text = end - pos > MAX_ROW_CHARACTERS ? buffer.toString('utf8', pos, end) : null;
    if (text !== null && text.length > MAX_ROW_CHARACTERS) {
      throw lineError(
        source,
        line,
        `the line is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en-US')} characters, doppel's limit for one row (check the line endings)`,
      );
    }
    const lineText = text ?? buffer.toString('utf8', pos, end);
    pos = next;
    if (lineText.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      throw lineError(source, line, 'not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw lineError(source, line, 'expected a JSON object');
    }
    // Own keys only (Object.keys): a row without a `constructor` key must not read Object's.
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      let c = indexOf.get(key);
      if (c === undefined) {
        c = names.length;
        indexOf.set(key, c);
        names.push(key);
        columns.push([]);
      }
      columns[c]![rows] = record[key];
    }
    rows++;
  }
  return tableFromColumns(
    names,
    columns.map((cells) => parsedColumn(cells, rows)),
  );
}

/**
 * {@link readJsonlBytes} on text.
 * @throws DoppelError `malformed-input` naming the line.
 */
export function readJsonl(text: string, source: string): Table {
  return readJsonlBytes(Buffer.from(text, 'utf8'), source);
}
