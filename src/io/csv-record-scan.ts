/**
 * The block-by-block CSV reader's tokenizer fused with its column builders: each field is found in
 * the bytes and handed at once to its column (csv-column-builders.ts), with no span arrays between
 * the two (writing a start and an end per cell, then reading them back column by column, was most
 * of the reader's time: a block's spans outgrew the cache). It reads one block of whole records in
 * a UTF-8 file whose record delimiter is LF or CR LF; anything the whole-file reader (read-csv.ts,
 * csv-fields.ts) would refuse or settle by its own rules — a ragged row, a stray quote, a row over
 * the length limit, a column of dates or grouped numbers, a column of numbers meeting text — stops
 * it, and the caller leaves the file to that reader, which reports the line. Imports no Arrow: it
 * runs in the reader's workers.
 */
import { classify, ISO_DATE_OR_TIME, lastParsed, MISSING, PLAIN } from './csv-classify.js';
import {
  type ColumnPart,
  NumberColumnBuilder,
  type TextColumnBuilder,
  textBuilderFromMarkers,
} from './csv-column-builders.js';
import { MAX_ROW_CHARACTERS } from './csv-delimiter.js';
import { fieldText } from './csv-fields.js';
import { isTextCell } from './number-text.js';
import { isNumericDate } from './numeric-dates.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** Missing markers remembered per column while it is undecided (they are its text if it turns out text). */
const MAX_REMEMBERED_MARKERS = 4096;

const UNDECIDED = 0;
const NUMBERS = 1;
const TEXT = 2;

/** One column being read: undecided until its first present cell that is not a missing marker. */
export class ColumnState {
  kind = UNDECIDED;
  numbers: NumberColumnBuilder;
  text: TextColumnBuilder | null = null;
  /** Rows and bytes of the missing markers met while undecided. */
  markerRows: number[] = [];
  markerBytes: Buffer[] = [];

  constructor(readonly capacity: number) {
    this.numbers = new NumberColumnBuilder(capacity);
  }

  /** Turns the column to text at the current row: its earlier cells are nulls and its markers. */
  becomeText(): void {
    this.text = textBuilderFromMarkers(this.capacity, this.numbers.length, this.markerRows, this.markerBytes);
    this.kind = TEXT;
    this.markerRows = [];
    this.markerBytes = [];
  }

  part(): ColumnPart {
    if (this.kind === TEXT) return this.text!.part();
    return this.numbers.part(this.kind === NUMBERS, this.markerRows.length > 0);
  }
}

/** What {@link scanRecords} needs of the file besides its bytes. */
export interface RecordScan {
  readonly delimiter: number;
  /** CR LF record delimiters (else LF). */
  readonly crlf: boolean;
  readonly decimalComma: boolean;
  readonly columns: readonly ColumnState[];
  /** Room to unescape a quoted field into: at least as long as the block. */
  readonly scratch: Buffer;
}

/** Unescapes a quoted field holding `""` into `scratch`; its length. */
function unescaped(bytes: Uint8Array, start: number, end: number, scratch: Buffer): number {
  let at = 0;
  for (let i = start; i < end; i++) {
    scratch[at++] = bytes[i]!;
    if (bytes[i] === QUOTE) i++;
  }
  return at;
}

/** A text column's cell; `start` is `~start` for a quoted field holding `""`. */
function pushText(text: TextColumnBuilder, bytes: Buffer, start: number, end: number, scratch: Buffer): void {
  if (start === end) text.pushNull();
  else if (start >= 0) text.push(bytes, start, end);
  else text.push(scratch, 0, unescaped(bytes, ~start, end, scratch));
}

/**
 * A cell of a column that is not (yet) text, decided as read-csv.ts decides it; false when the
 * column needs the whole-file reader's rules. `start` is `~start` for a quoted field holding `""`.
 */
function feedCell(column: ColumnState, bytes: Buffer, start: number, end: number, scan: RecordScan): boolean {
  const numbers = column.numbers;
  if (start === end) {
    numbers.pushMissing();
    return true;
  }
  const kind = start < 0 ? -1 : classify(bytes, start, end, scan.decimalComma);
  if (kind === PLAIN) {
    column.kind = NUMBERS;
    numbers.push(lastParsed());
    return true;
  }
  if (kind === MISSING) {
    if (column.kind === UNDECIDED) {
      if (column.markerRows.length === MAX_REMEMBERED_MARKERS) return false;
      column.markerRows.push(numbers.length);
      column.markerBytes.push(Buffer.from(bytes.subarray(start, end)));
    }
    numbers.pushMissing();
    return true;
  }
  // Text, or a number only parseTextColumn reads (grouped, decimal comma): decided as read-csv.ts does.
  const text = fieldText(bytes, start, end).trim();
  if (column.kind === NUMBERS || !isTextCell(text, scan.decimalComma)) return false;
  // A column of dates: the whole-file reader rewrites its cells (textCells).
  if (ISO_DATE_OR_TIME.test(text) || isNumericDate(text)) return false;
  column.becomeText();
  pushText(column.text!, bytes, start, end, scan.scratch);
  return true;
}

/**
 * Reads the records of `bytes` (whole records, the last one's line ending optional) into the
 * columns; the number of rows, or -1 when the file needs the whole-file reader. Empty lines are
 * skipped, as csv-parse skips them. A hand-written byte loop: it is the reader's hot loop.
 */
export function scanRecords(bytes: Buffer, scan: RecordScan): number {
  const { delimiter, crlf, columns } = scan;
  const n = bytes.length;
  const last = columns.length - 1;
  // Bytes that end an unquoted field's fast scan; each is then looked at on its own.
  const special = new Uint8Array(256);
  special[delimiter] = 1;
  special[LF] = 1;
  special[CR] = 1;
  special[QUOTE] = 1;
  // Bytes that end a field, for pushMatchAt: the delimiter and the record delimiter (2: CR of CR LF).
  const ends = new Uint8Array(256);
  ends[delimiter] = 1;
  if (crlf) ends[CR] = 2;
  else ends[LF] = 1;
  let pos = 0;
  let rows = 0;
  while (pos < n) {
    const first = bytes[pos];
    if (crlf ? first === CR && bytes[pos + 1] === LF : first === LF) {
      pos += crlf ? 2 : 1; // an empty line
      continue;
    }
    const rowStart = pos;
    for (let c = 0; ; c++) {
      const column = columns[c]!;
      // A text column's usual value matched where it stands (csv-column-builders.ts); else scanned.
      const matched = column.kind === TEXT ? column.text!.pushMatchAt(bytes, pos, ends) : -1;
      if (matched !== -1) pos = matched;
      else {
        let start = pos;
        let end: number;
        if (bytes[pos] === QUOTE) {
          start = ++pos;
          let escaped = false;
          for (;;) {
            if (pos >= n) return -1; // a quote not closed
            if (bytes[pos] === QUOTE) {
              if (bytes[pos + 1] !== QUOTE) break;
              escaped = true;
              pos += 2;
            } else pos++;
          }
          end = pos++;
          if (escaped) start = ~start;
        } else {
          while (pos < n) {
            const b = bytes[pos]!;
            if (special[b] === 0) pos++;
            else if (b === delimiter) break;
            else if (b === LF) {
              if (!crlf) break;
              pos++; // a lone LF in a CR LF file is part of the field
            } else if (b === CR) {
              if (crlf && bytes[pos + 1] === LF) break;
              pos++; // a CR that is not the file's line ending is part of the field
            } else return -1; // a quote inside an unquoted field
          }
          end = pos;
        }
        if (column.kind === TEXT) pushText(column.text!, bytes, start, end, scan.scratch);
        else if (!feedCell(column, bytes, start, end, scan)) return -1;
      }
      if (c === last) {
        if (pos >= n) break;
        if (crlf ? bytes[pos] === CR && bytes[pos + 1] === LF : bytes[pos] === LF) {
          pos += crlf ? 2 : 1;
          break;
        }
        return -1; // more fields than the header, or text after a closing quote
      }
      if (bytes[pos] !== delimiter || pos >= n) return -1; // fewer fields, or text after a closing quote
      pos++;
    }
    // Over the limit in bytes: maybe not in characters, which the whole-file reader then counts.
    if (pos - rowStart > MAX_ROW_CHARACTERS) return -1;
    rows++;
  }
  return rows;
}
