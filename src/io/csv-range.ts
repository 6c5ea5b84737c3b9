/**
 * One byte range of a CSV file, read block by block through one reused buffer into column
 * builders: the work of one thread of the block-by-block reader (csv-stream.ts), in a worker
 * (workers/read-csv-range.ts) or in the main thread. Imports no Arrow, so a worker starts fast.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ColumnPart } from './csv-column-builders.js';
import { ColumnState, type RecordScan, scanRecords } from './csv-record-scan.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** csv-fields.ts's name for a CR LF record delimiter. */
export const CRLF = 2;

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
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, task: CsvRangeTask): CsvRangeResult | null {
  const { to, recordDelimiter } = task;
  let buffer = Buffer.allocUnsafe(Math.max(16, Math.min(task.blockBytes, to - task.from)));
  const columns = Array.from({ length: task.fields }, () => new ColumnState(task.capacity));
  let scan: RecordScan = {
    delimiter: task.delimiter,
    crlf: recordDelimiter === CRLF,
    decimalComma: task.decimalComma,
    columns,
    scratch: Buffer.allocUnsafe(Math.min(buffer.length, 1 << 16)),
  };
  let position = task.from; // file offset of buffer[filled]
  let filled = 0;
  let rows = 0;
  for (;;) {
    const got = readAt(fd, buffer, filled, Math.min(buffer.length - filled, to - position), position);
    filled += got;
    position += got;
    const last = position >= to || got === 0;
    const end = last ? filled : lastRecordEnd(buffer, 0, filled, scan.crlf);
    if (end === -1) {
      // No whole record in the buffer: one longer than it holds.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
      continue;
    }
    const block = buffer.subarray(0, end);
    if (!isUtf8(block) || block.indexOf(0) !== -1) return null;
    if (block.length > scan.scratch.length) scan = { ...scan, scratch: Buffer.allocUnsafe(block.length) };
    const blockRows = scanRecords(block, scan);
    if (blockRows === -1) return null;
    rows += blockRows;
    if (last) break;
    buffer.copy(buffer, 0, end, filled);
    filled -= end;
  }
  return { rows, columns: columns.map((column) => column.part()) };
}
