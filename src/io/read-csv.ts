import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { csvColumnVector } from './csv-columns.js';
import { detectDelimiter, firstLine, MAX_ROW_CHARACTERS } from './csv-delimiter.js';
import { type CsvFieldSpans, CsvSyntaxError, csvFieldSpans } from './csv-fields.js';
import { tableFromNamedVectors } from './table-from-columns.js';

export { detectDelimiter, firstLine, MAX_ROW_CHARACTERS };

function malformed(source: string, error: CsvSyntaxError): DoppelError {
  const what =
    error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
      ? 'a row has a different number of fields than the header'
      : error.code === 'CSV_MAX_RECORD_SIZE'
        ? `a row is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en-US')} characters, doppel's limit for one row (check the line endings, the delimiter and the quoting)`
        : `it is not well-formed CSV (${error.code})`;
  return new DoppelError(
    'malformed-input',
    `cannot read ${source} at line ${error.line}: ${what}. Fix the file and try again.`,
  );
}

/**
 * Parses CSV as UTF-8 bytes (header row, delimiter detected, BOM skipped, RFC 4180 quoting) into
 * an Arrow table. An empty field is a missing value; in a semicolon-separated file a decimal comma
 * is read as a decimal point; columns are typed as {@link parseTextColumn} types text.
 * Holds the bytes, two 32-bit offsets per field (csv-fields.ts) and the columns being built: no
 * string per cell, except in columns of dates and of numbers written with separators.
 * @throws DoppelError `malformed-input` naming the line, never the line's content.
 */
export function readCsvBytes(bytes: Uint8Array, source: string): Table {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const delimiter = detectDelimiter(firstLine(buffer));
  let spans: CsvFieldSpans;
  try {
    // A row's limit in bytes: a row of MAX_ROW_CHARACTERS characters has at least as many bytes.
    spans = csvFieldSpans(buffer, delimiter.charCodeAt(0), MAX_ROW_CHARACTERS);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw malformed(source, error);
    throw error;
  }
  const { header, rows, starts, ends } = spans;
  if (header.length === 0) throw new DoppelError('malformed-input', `${source} has no header row`);
  const names = header.map((name) => name.trim());
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new DoppelError(
      'malformed-input',
      `${source} has the column name "${duplicate}" twice in its header`,
    );
  }
  const vectors = names.map((_, c) => csvColumnVector(buffer, starts[c]!, ends[c]!, rows, delimiter === ';'));
  return tableFromNamedVectors(names, vectors);
}

/**
 * {@link readCsvBytes} on text.
 * @throws DoppelError `malformed-input` naming the line, never the line's content.
 */
export function readCsv(text: string, source: string): Table {
  return readCsvBytes(Buffer.from(text, 'utf8'), source);
}
