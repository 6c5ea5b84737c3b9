/** doppel's JSON Lines reader before it read from the bytes, kept as the reference for read-jsonl-bytes.test.ts. */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../../src/errors.js';
import { MAX_ROW_CHARACTERS } from '../../src/io/read-csv.js';
import { type ParsedColumn, parseTextColumn, tableFromColumns } from '../../src/io/table-from-columns.js';

/** A cell as text: nested objects and arrays keep their JSON form rather than "[object Object]". */
function textOf(cell: unknown): string | null {
  if (cell === undefined || cell === null) return null;
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

/**
 * Parses JSON Lines (one object per line) into an Arrow table. Columns are the union of keys in
 * first-seen order; a missing key or `null` is a missing value. Numbers stay numbers and booleans
 * booleans; strings that all look numeric become numbers, as in CSV; nested values become JSON text.
 * @throws DoppelError `malformed-input` naming the line.
 */
export function readJsonlByLines(text: string, source: string): Table {
  const rows: Record<string, unknown>[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (line.length > MAX_ROW_CHARACTERS) {
      throw new DoppelError(
        'malformed-input',
        `cannot read ${source} at line ${index + 1}: the line is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en-US')} characters, doppel's limit for one row (check the line endings)`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DoppelError('malformed-input', `cannot read ${source} at line ${index + 1}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DoppelError(
        'malformed-input',
        `cannot read ${source} at line ${index + 1}: expected a JSON object`,
      );
    }
    rows.push(value as Record<string, unknown>);
  });
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const columns: ParsedColumn[] = names.map((name) => {
    // Own keys only: a row without a `constructor` key must not read Object's.
    const cells = rows.map((row) => (Object.hasOwn(row, name) ? row[name] : undefined));
    const present = cells.filter((cell) => cell !== undefined && cell !== null);
    if (present.every((cell) => typeof cell === 'number')) {
      return { type: 'number', values: cells.map((cell) => (typeof cell === 'number' ? cell : null)) };
    }
    if (present.every((cell) => typeof cell === 'boolean')) {
      return { type: 'boolean', values: cells.map((cell) => (typeof cell === 'boolean' ? cell : null)) };
    }
    return parseTextColumn(cells.map(textOf));
  });
  return tableFromColumns(names, columns);
}
