/**
 * One byte range of a CSV file, read block by block through one reused buffer into column
 * builders: the work of one thread of the block-by-block reader (csv-stream.ts), in a worker
 * (workers/read-csv-range.ts) or in the main thread. Imports no Arrow, so a worker starts fast.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { classify, ISO_DATE_OR_TIME, lastParsed, MISSING, PLAIN } from './csv-classify.js';
import {
  type ColumnPart,
  NumberColumnBuilder,
  type TextColumnBuilder,
  textBuilderFromMarkers,
} from './csv-column-builders.js';
import { type CsvContinuation, CsvSyntaxError, csvFieldSpans, fieldText } from './csv-fields.js';
import { isTextCell } from './number-text.js';
import { isNumericDate } from './numeric-dates.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** csv-fields.ts's name for a CR LF record delimiter. */
export const CRLF = 2;
/** Missing markers remembered per column while it is undecided (they are its text if it turns out text). */
const MAX_REMEMBERED_MARKERS = 4096;
/** Longest row accepted, in bytes (read-csv.ts's MAX_ROW_CHARACTERS; not imported, to keep Arrow out). */
const MAX_ROW_BYTES = 4 * 1024 * 1024;

/** What a thread reads: bytes `[from, to)` of the file, whole records after the header. */
export interface CsvRangeTask {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly delimiter: number;
  readonly recordDelimiter: number;
  readonly fields: number;
  readonly decimalComma: boolean;
  /** Rows to make room for at first (more room is made as needed). */
  readonly capacity: number;
  readonly blockBytes: number;
}

export interface CsvRangeResult {
  readonly rows: number;
  readonly columns: readonly ColumnPart[];
}

function quotesIn(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(QUOTE, from); at !== -1 && at < to; at = bytes.indexOf(QUOTE, at + 1)) count++;
  return count;
}

/**
 * The end of the last whole record in `bytes[from, to)`: just after a line feed outside quotes
 * (an even number of quotes before it since `from`, which starts a record), preceded by CR in a
 * CR LF file; -1 if there is none.
 */
function lastRecordEnd(bytes: Buffer, from: number, to: number, crlf: boolean): number {
  let quotes = quotesIn(bytes, from, to);
  let after = to;
  for (let lf = bytes.lastIndexOf(LF, to - 1); lf >= from; lf = bytes.lastIndexOf(LF, lf - 1)) {
    quotes -= quotesIn(bytes, lf + 1, after);
    after = lf + 1;
    if ((quotes & 1) === 0 && (!crlf || bytes[lf - 1] === CR)) return lf + 1;
  }
  return -1;
}

const UNDECIDED = 0;
const NUMBERS = 1;
const TEXT = 2;

/** One column being read: undecided until its first present cell that is not a missing marker. */
class ColumnState {
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

/** Unescapes a quoted field holding `""` into `scratch`; its length. */
function unescaped(bytes: Buffer, start: number, end: number, scratch: Buffer): number {
  let at = 0;
  for (let i = start; i < end; i++) {
    scratch[at++] = bytes[i]!;
    if (bytes[i] === QUOTE) i++;
  }
  return at;
}

/**
 * Adds one block's cells of a column. False when the column needs the whole-file reader's rules.
 */
function feedColumn(
  column: ColumnState,
  bytes: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  rows: number,
  decimalComma: boolean,
  scratch: Buffer,
): boolean {
  for (let r = 0; r < rows; r++) {
    if (column.kind === TEXT) {
      feedText(column.text!, bytes, starts, ends, r, rows, scratch);
      return true;
    }
    const start = starts[r]!;
    const end = ends[r]!;
    const numbers = column.numbers;
    if (start === end) {
      numbers.pushMissing();
      continue;
    }
    const kind = start < 0 ? -1 : classify(bytes, start, end, decimalComma);
    if (kind === PLAIN) {
      column.kind = NUMBERS;
      numbers.push(lastParsed());
      continue;
    }
    if (kind === MISSING) {
      if (column.kind === UNDECIDED) {
        if (column.markerRows.length === MAX_REMEMBERED_MARKERS) return false;
        column.markerRows.push(numbers.length);
        column.markerBytes.push(Buffer.from(bytes.subarray(start, end)));
      }
      numbers.pushMissing();
      continue;
    }
    // Text, or a number only parseTextColumn reads (grouped, decimal comma): decided as read-csv.ts does.
    const text = fieldText(bytes, start, end).trim();
    if (column.kind === NUMBERS || !isTextCell(text, decimalComma)) return false;
    // A column of dates: the whole-file reader rewrites its cells (textCells).
    if (ISO_DATE_OR_TIME.test(text) || isNumericDate(text)) return false;
    column.becomeText();
    r--; // this cell again, as text
  }
  return true;
}

/**
 * Adds rows `[from, rows)` of a text column: a loop of its own, since most cells of a CSV file
 * are text and the mixed loop of feedColumn asks each cell what the column is.
 */
function feedText(
  text: TextColumnBuilder,
  bytes: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  from: number,
  rows: number,
  scratch: Buffer,
): void {
  for (let r = from; r < rows; r++) {
    const start = starts[r]!;
    const end = ends[r]!;
    if (start === end) text.pushNull();
    else if (start >= 0) text.push(bytes, start, end);
    else text.push(scratch, 0, unescaped(bytes, ~start, end, scratch));
  }
}

/** Reads bytes `[at, at + length)` into `buffer` from `offset`; how many it got. */
function readAt(fd: number, buffer: Buffer, offset: number, length: number, at: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, offset + got, length - got, at + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Reads one range. Null when anything in it needs the whole-file reader: bytes that are not
 * UTF-8 or hold NUL, a syntax error, a cell only parseTextColumn settles, a column of dates, a
 * column of numbers that meets text.
 */
export function readCsvRange(task: CsvRangeTask): CsvRangeResult | null {
  const fd = openSync(task.path, 'r');
  try {
    return readRange(fd, task);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return null;
    throw error;
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, task: CsvRangeTask): CsvRangeResult | null {
  const { to, delimiter, recordDelimiter, decimalComma } = task;
  let buffer = Buffer.allocUnsafe(Math.max(16, Math.min(task.blockBytes, to - task.from)));
  let scratch = Buffer.allocUnsafe(Math.min(buffer.length, 1 << 16));
  const columns = Array.from({ length: task.fields }, () => new ColumnState(task.capacity));
  const starts = Array.from({ length: task.fields }, () => new Int32Array(1024));
  let continuation: CsvContinuation = {
    fields: task.fields,
    recordDelimiter,
    starts,
    ends: starts.map(() => new Int32Array(1024)),
  };
  let position = task.from; // file offset of buffer[filled]
  let filled = 0;
  let rows = 0;
  for (;;) {
    const got = readAt(fd, buffer, filled, Math.min(buffer.length - filled, to - position), position);
    filled += got;
    position += got;
    const last = position >= to || got === 0;
    const end = last ? filled : lastRecordEnd(buffer, 0, filled, recordDelimiter === CRLF);
    if (end === -1) {
      // No whole record in the buffer: one longer than it holds.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
      continue;
    }
    const block = buffer.subarray(0, end);
    if (!isUtf8(block) || block.indexOf(0) !== -1) return null;
    const spans = csvFieldSpans(block, delimiter, MAX_ROW_BYTES, continuation);
    if (block.length > scratch.length) scratch = Buffer.allocUnsafe(block.length);
    for (let c = 0; c < columns.length; c++) {
      if (
        !feedColumn(columns[c]!, block, spans.starts[c]!, spans.ends[c]!, spans.rows, decimalComma, scratch)
      ) {
        return null;
      }
    }
    rows += spans.rows;
    continuation = { ...continuation, starts: spans.starts, ends: spans.ends };
    if (last) break;
    buffer.copy(buffer, 0, end, filled);
    filled -= end;
  }
  return { rows, columns: columns.map((column) => column.part()) };
}
