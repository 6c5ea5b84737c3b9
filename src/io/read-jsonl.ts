import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { type ParsedColumn, parseTextColumn, tableFromColumns } from './table-from-columns.js';

/**
 * Parses JSON Lines (one object per line) into an Arrow table. Columns are the union of keys in
 * first-seen order; a missing key or `null` is a missing value. Numbers stay numbers; strings that
 * all look numeric become numbers, as in CSV.
 * @throws DoppelError `malformed-input` naming the line.
 */
export function readJsonl(text: string, source: string): Table {
  const rows: Record<string, unknown>[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
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
    const cells = rows.map((row) => row[name]);
    if (cells.every((cell) => cell === undefined || cell === null || typeof cell === 'number')) {
      return { type: 'number', values: cells.map((cell) => (typeof cell === 'number' ? cell : null)) };
    }
    return parseTextColumn(cells.map((cell) => (cell === undefined || cell === null ? null : String(cell))));
  });
  return tableFromColumns(names, columns);
}
