/**
 * doppel's CSV reader before the byte-level one (csv-parse, then parseTextColumn on each column of
 * strings), kept as the reference the byte-level reader is checked against.
 */
import type { Table } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { DoppelError } from '../../src/errors.js';
import { detectDelimiter, MAX_ROW_CHARACTERS } from '../../src/io/read-csv.js';
import { parseTextColumn, tableFromColumns } from '../../src/io/table-from-columns.js';

export function readCsvByCsvParse(text: string, source: string): Table {
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
