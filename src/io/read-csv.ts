import type { Table } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { DoppelError } from '../errors.js';
import { parseTextColumn, tableFromColumns } from './table-from-columns.js';

/**
 * Longest row, in characters, a text reader accepts: far beyond any real row (2,000 columns of 100
 * characters is 200,000), short of a file whose line endings or quoting went wrong, which would
 * otherwise become one 50 MB row or column name.
 */
export const MAX_ROW_CHARACTERS = 4 * 1024 * 1024;

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Picks the delimiter that splits the header line into the most fields, ignoring quoted text. */
export function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Parses CSV text (header row, delimiter detected, BOM stripped, RFC 4180 quoting) into an Arrow
 * table. An empty field is a missing value; in a semicolon-separated file a decimal comma is read
 * as a decimal point. Parsing is csv-parse's; we only type the columns.
 * @throws DoppelError `malformed-input` naming the line, never the line's content.
 */
export function readCsv(text: string, source: string): Table {
  let records: string[][];
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_quotes: false,
      max_record_size: MAX_ROW_CHARACTERS,
    }) as string[][];
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    const where = e.lines === undefined ? '' : ` at line ${e.lines}`;
    const what =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
        ? 'a row has a different number of fields than the header'
        : e.code === 'CSV_MAX_RECORD_SIZE'
          ? `a row is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en-US')} characters, doppel's limit for one row (check the line endings, the delimiter and the quoting)`
          : `it is not well-formed CSV (${e.code ?? 'parse error'})`;
    throw new DoppelError(
      'malformed-input',
      `cannot read ${source}${where}: ${what}. Fix the file and try again.`,
    );
  }
  const [header, ...rows] = records;
  if (!header || header.length === 0) throw new DoppelError('malformed-input', `${source} has no header row`);
  const names = header.map((name) => name.trim());
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new DoppelError(
      'malformed-input',
      `${source} has the column name "${duplicate}" twice in its header`,
    );
  }
  const columns = names.map((_, c) =>
    parseTextColumn(
      rows.map((row) => (row[c] === '' ? null : (row[c] as string))),
      { decimalComma: delimiter === ';' },
    ),
  );
  return tableFromColumns(names, columns);
}
