/**
 * CSV bytes to field spans: where each field of each row starts and ends in the UTF-8 bytes, one
 * pair of Int32Arrays per column, and no string per cell. This is the hot loop of reading a CSV
 * file, so it is written by hand over the bytes (csv-parse made a string per cell and an array per
 * row: 1.7 GB and 10 s for a million telco rows); its grammar is csv-parse's with the options
 * doppel used (RFC 4180 quoting, `""` inside quotes, the first line ending decides the record
 * delimiter, empty lines skipped, no relaxed quotes or column counts), and test/io/csv-fields.test.ts
 * checks it against csv-parse, errors and line numbers included.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Why the bytes are not CSV, as csv-parse names it, and the line csv-parse would report. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code:
      | 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
      | 'CSV_MAX_RECORD_SIZE'
      | 'CSV_QUOTE_NOT_CLOSED'
      | 'CSV_INVALID_CLOSING_QUOTE'
      | 'INVALID_OPENING_QUOTE',
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
  }
}

/**
 * The fields of a CSV file. A field's bytes are `bytes[start, end)` without its quotes; a quoted
 * field holding escaped quotes (`""`) is stored with `start` as `~start` (negative), so a reader
 * knows to unescape it. An empty field (quoted or not) has `start === end`.
 */
export interface CsvFieldSpans {
  /** The header row's fields, decoded (not trimmed). */
  readonly header: readonly string[];
  /** Data rows (header excluded). */
  readonly rows: number;
  readonly starts: readonly Int32Array[];
  readonly ends: readonly Int32Array[];
  /** The record delimiter the first line ending decided: LF (10), CR LF (2), CR (13), or 0 if none. */
  readonly recordDelimiter: number;
}

/** The text of one field span, unescaped. */
export function fieldText(bytes: Buffer, start: number, end: number): string {
  if (start >= 0) return bytes.toString('utf8', start, end);
  return bytes.toString('utf8', ~start, end).replaceAll('""', '"');
}

const CRLF = 2;

/** The line ending that starts at `at`: LF, CR LF (as CRLF) or CR, or 0 if none does. */
function lineEndingAt(bytes: Uint8Array, at: number): number {
  const b = bytes[at];
  if (b === LF) return LF;
  if (b === CR) return bytes[at + 1] === LF ? CRLF : CR;
  return 0;
}

/** Length of the record delimiter `kind` at `at`, 0 if it is not there. */
function recordDelimiterLength(bytes: Uint8Array, at: number, kind: number): number {
  if (kind === CRLF) return bytes[at] === CR && bytes[at + 1] === LF ? 2 : 0;
  return kind !== 0 && bytes[at] === kind ? 1 : 0;
}

/** Room for more rows: as many as the rest of the bytes hold at the mean row length so far, plus a tenth. */
function rowCapacity(rows: number, pos: number, dataStart: number, n: number): number {
  const meanRowBytes = rows > 0 ? (pos - dataStart) / rows : Math.max(1, pos);
  return Math.max(rows + 1024, Math.ceil(rows + (1.1 * (n - pos)) / meanRowBytes));
}

function grown(old: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(old);
  return bigger;
}

/**
 * Splits UTF-8 CSV bytes (a leading byte-order mark skipped) into field spans.
 * @param maxRecordBytes longest row accepted, in bytes of field content.
 * @throws CsvSyntaxError for ragged rows, bad quoting or an overlong row, with csv-parse's line.
 */
export function csvFieldSpans(buffer: Buffer, delimiter: number, maxRecordBytes: number): CsvFieldSpans {
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const n = bytes.length;
  const special = new Uint8Array(256);
  for (const b of [delimiter, LF, CR, QUOTE]) special[b] = 1;
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // 0 until the first line ending outside quotes decides: LF, CR LF or CR alone (csv-parse's rule).
  let recordDelimiter = 0;
  // csv-parse's line count: every CR or LF byte it visits (both of a quoted CR LF, one of an
  // unquoted one), counted when the next byte is read, so an error on a record's own line ending
  // still names that line.
  let line = 1;
  let expected = -1;
  let header: string[] = [];
  let rows = 0;
  let starts: Int32Array[] = [];
  let ends: Int32Array[] = [];
  let capacity = 0;
  const fieldStarts: number[] = [];
  const fieldEnds: number[] = [];

  let dataStart = 0;
  const discover = (at: number) => {
    if (recordDelimiter === 0) recordDelimiter = lineEndingAt(bytes, at);
    return recordDelimiterLength(bytes, at, recordDelimiter);
  };

  while (pos < n) {
    let fields = 0;
    let contentBytes = 0;
    let lastQuoted = false;
    let firstEmpty = false;
    let atEnd = false;
    // One record: fields until a record delimiter or the end of the bytes.
    for (;;) {
      let start: number;
      let end: number;
      if (bytes[pos] === QUOTE) {
        pos++;
        start = pos;
        let escaped = false;
        for (;;) {
          if (pos >= n) {
            // csv-parse has not yet counted a line ending that is the file's last byte.
            const last = bytes[n - 1];
            throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', line - (last === LF || last === CR ? 1 : 0));
          }
          const b = bytes[pos]!;
          if (b === QUOTE) {
            if (bytes[pos + 1] === QUOTE) {
              escaped = true;
              pos += 2;
              continue;
            }
            break;
          }
          if (b === LF || b === CR) line++;
          pos++;
        }
        end = pos;
        pos++;
        if (pos < n && bytes[pos] !== delimiter && discover(pos) === 0) {
          throw new CsvSyntaxError('CSV_INVALID_CLOSING_QUOTE', line);
        }
        contentBytes += end - start;
        if (escaped) start = ~start;
        lastQuoted = true;
      } else {
        start = pos;
        while (pos < n) {
          // One table look-up per byte for the common case, a byte that ends nothing.
          if (special[bytes[pos]!] === 0) {
            pos++;
            continue;
          }
          const b = bytes[pos]!;
          if (b === delimiter) break;
          if (b === LF || b === CR) {
            if (discover(pos) !== 0) break;
            line++; // a lone CR or LF that is not the file's line ending is part of the field
          } else if (b === QUOTE) throw new CsvSyntaxError('INVALID_OPENING_QUOTE', line);
          pos++;
        }
        end = pos;
        contentBytes += end - start;
        lastQuoted = false;
      }
      if (fields === 0) firstEmpty = start === end;
      if (contentBytes > maxRecordBytes) throw new CsvSyntaxError('CSV_MAX_RECORD_SIZE', line);
      if (fields < expected) {
        starts[fields]![rows] = start;
        ends[fields]![rows] = end;
      } else {
        fieldStarts[fields] = start;
        fieldEnds[fields] = end;
      }
      fields++;
      if (pos >= n) {
        atEnd = true;
        break;
      }
      if (bytes[pos] === delimiter) {
        pos++;
        if (pos >= n) {
          // A delimiter last in the file: the record ends with an empty field.
          if (fields < expected) {
            starts[fields]![rows] = pos;
            ends[fields]![rows] = pos;
          } else {
            fieldStarts[fields] = pos;
            fieldEnds[fields] = pos;
          }
          fields++;
          atEnd = true;
          break;
        }
        continue;
      }
      break; // at a record delimiter
    }
    const emptyLine = fields === 1 && !lastQuoted && firstEmpty;
    if (!emptyLine) {
      if (expected === -1) {
        expected = fields;
        header = fieldStarts.slice(0, fields).map((start, i) => fieldText(buffer, start, fieldEnds[i]!));
        dataStart = pos;
        capacity = rowCapacity(rows, pos, dataStart, n);
        starts = header.map(() => new Int32Array(capacity));
        ends = header.map(() => new Int32Array(capacity));
      } else {
        if (fields !== expected) throw new CsvSyntaxError('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', line);
        rows++;
        if (rows === capacity) {
          capacity = rowCapacity(rows, pos, dataStart, n);
          starts = starts.map((old) => grown(old, capacity));
          ends = ends.map((old) => grown(old, capacity));
        }
      }
    }
    if (atEnd) break;
    pos += discover(pos);
    line++;
  }
  return { header, rows, starts, ends, recordDelimiter };
}
