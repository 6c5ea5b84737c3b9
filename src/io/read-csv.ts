import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { csvColumnVector } from './csv-columns.js';
import { type CsvFieldSpans, CsvSyntaxError, csvFieldSpans } from './csv-fields.js';
import { tableFromNamedVectors } from './table-from-columns.js';

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

/** The first line of UTF-8 bytes (a byte-order mark skipped), for {@link detectDelimiter}. */
export function firstLine(bytes: Buffer): string {
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.indexOf(0x0a, from);
  return bytes.toString('utf8', from, end === -1 ? bytes.length : end);
}

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
