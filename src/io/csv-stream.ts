/**
 * The CSV reader's fast path: the file read block by block into one reused buffer, each block's
 * fields handed as they are found to column builders (csv-record-scan.ts). It holds
 * neither the file nor a span per cell, only the columns being built. On the 2-core VM a fresh page
 * of memory costs about 3 ms per MB on first touch (readFileSync of a 138 MB CSV: 0.47 s; reading
 * it through a reused 4 MB buffer: 0.03 s), so memory not touched is most of the speed.
 *
 * It only decides what it can decide exactly as the whole-file reader (read-csv.ts) would: a UTF-8
 * file whose columns are plain numbers or text. Anything else — another encoding, a syntax error
 * (whose line the whole-file reader names), a column of dates or of grouped numbers, a column that
 * turns from numbers to text after its first rows, CR-only line endings, a header alone — returns
 * null, and the caller reads the file the whole-file way, so every result and every error message
 * is that reader's (test/io/csv-stream.test.ts compares the two on the same files).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Table } from 'apache-arrow';
import { detectDelimiter, firstLine, MAX_ROW_CHARACTERS } from './csv-delimiter.js';
import { CsvSyntaxError, csvFieldSpans } from './csv-fields.js';
import { CRLF, type CsvRangeResult, type CsvRangeTask, readCsvRange } from './csv-range.js';
import { isUtf8Chosen, type TextEncodingChoice } from './decode-text.js';

const BLOCK_BYTES = 4 << 20;
/** Files with fewer bytes of rows than this are read in one thread: a worker takes ~0.1 s to start. */
const SPLIT_BYTES = 16 << 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** The magic bytes of formats the whole-file path recognises by content (Arrow, Parquet, gzip, ZIP). */
function looksBinary(head: Uint8Array): boolean {
  const starts = (magic: readonly number[]) => magic.every((byte, i) => head[i] === byte);
  return (
    starts([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]) ||
    starts([0xff, 0xff, 0xff, 0xff]) ||
    starts([0x50, 0x41, 0x52, 0x31]) ||
    starts([0x1f, 0x8b]) ||
    starts([0x50, 0x4b, 0x03, 0x04])
  );
}

/** The kind of the first line ending outside quotes in `bytes[from, to)` (csv-fields.ts's codes), or 0. */
function firstLineEnding(bytes: Uint8Array, from: number, to: number): number {
  let quoted = false;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (!quoted && b === LF) return LF;
    else if (!quoted && b === CR) return bytes[i + 1] === LF ? CRLF : i + 1 < to ? CR : 0;
  }
  return 0;
}

/** Where the header record ends (just after its line ending), or -1 if not in `bytes[from, to)`. */
function headerEnd(bytes: Buffer, from: number, to: number): number {
  let quoted = false;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (!quoted && b === LF) return i + 1;
    else if (!quoted && b === CR) return bytes[i + 1] === LF ? i + 2 : i + 1;
  }
  return -1;
}

/**
 * A record start near the middle of `[from, size)`: just after the first line feed (after CR in a
 * CR LF file) past the middle. It may fall inside a quoted field; the first range then ends inside
 * quotes, fails, and the file is read again in one thread (see {@link readCsvFileInBlocks}).
 */
function splitPoint(fd: number, from: number, size: number, crlf: boolean): number {
  const window = Buffer.allocUnsafe(1 << 16);
  for (let at = from + Math.floor((size - from) / 2); at < size; at += window.length - 1) {
    const got = readSync(fd, window, 0, window.length, at);
    for (let lf = window.indexOf(LF); lf !== -1 && lf < got; lf = window.indexOf(LF, lf + 1)) {
      if (lf > 0 && crlf && window[lf - 1] !== CR) continue;
      if (lf === 0 && crlf) continue;
      return at + lf + 1;
    }
  }
  return size;
}

/**
 * Starts the range worker. From the build its file sits next to this module's output; from
 * TypeScript source (tests, tsx) worker threads cannot load `.ts`, so the build in dist/ is used,
 * as src/privacy/distance-pool.ts does (the test setup builds it first).
 */
function startWorker(task: CsvRangeTask): Worker {
  const file = import.meta.url.endsWith('.js')
    ? new URL('../../workers/read-csv-range.js', import.meta.url)
    : new URL('../../dist/workers/read-csv-range.js', import.meta.url);
  return new Worker(file, { workerData: task });
}

/** Runs one range in a worker thread; null if the range needs the whole-file reader or the worker failed. */
function readRangeInWorker(task: CsvRangeTask): Promise<CsvRangeResult | null> {
  return new Promise((resolve) => {
    const worker = startWorker(task);
    worker.once('message', (result: CsvRangeResult | null) => resolve(result));
    // A worker that cannot run leaves the file to the whole-file reader, which throws any real error.
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}

interface CsvHeader {
  readonly names: string[];
  readonly delimiter: number;
  readonly recordDelimiter: number;
  /** File offset of the first data row. */
  readonly dataStart: number;
  /** Rows a range of the file's size holds, at the first block's mean row length, plus a tenth. */
  readonly rowsPerByte: number;
}

/** The header and what the rows look like, from the first block; null when the file is for the whole-file reader. */
function readHeader(
  fd: number,
  size: number,
  encoding: TextEncodingChoice,
  blockBytes: number,
): CsvHeader | null {
  const buffer = Buffer.allocUnsafe(Math.max(16, Math.min(blockBytes, size)));
  const filled = readSync(fd, buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, filled);
  if (filled === 0 || looksBinary(head) || !isUtf8Chosen(head, encoding)) return null;
  // decodeTextAsUtf8 drops one byte-order mark, csvFieldSpans a second.
  const from = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const recordDelimiter = firstLineEnding(head, from, filled);
  // CR-only files, or a header that does not end in the first block: the whole-file reader.
  if (recordDelimiter === CR || recordDelimiter === 0) return null;
  const end = headerEnd(head, from, filled);
  if (end === -1 || end >= size) return null;
  const delimiter = detectDelimiter(firstLine(head.subarray(from))).charCodeAt(0);
  const spans = csvFieldSpans(head.subarray(from, end), delimiter, MAX_ROW_CHARACTERS);
  if (spans.header.length === 0 || spans.recordDelimiter !== recordDelimiter) return null;
  const names = spans.header.map((name) => name.trim());
  if (new Set(names).size !== names.length) return null;
  // Rows per byte from the rest of this block: the lines after the header.
  let lines = 0;
  for (let at = head.indexOf(LF, end); at !== -1; at = head.indexOf(LF, at + 1)) lines++;
  const rowsPerByte = lines > 0 ? (1.1 * lines) / (filled - end) : 1 / 16;
  return { names, delimiter, recordDelimiter, dataStart: end, rowsPerByte };
}

/**
 * Reads a UTF-8 CSV file of plain numbers and text the fast way, its rows in two halves in two
 * threads when the file is large and the machine has two cores; null when the whole-file reader
 * must read it (see the module comment), including when the file cannot be opened.
 * @param blockBytes the buffer's size (tests make it small to cut files into many blocks).
 * @param splitBytes rows of at least this many bytes are read in two threads.
 */
export async function readCsvFileInBlocks(
  path: string,
  encoding: TextEncodingChoice = 'auto',
  blockBytes = BLOCK_BYTES,
  splitBytes = SPLIT_BYTES,
): Promise<Table | null> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let header: CsvHeader | null;
  let size: number;
  let split: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return null;
    size = stat.size;
    header = readHeader(fd, size, encoding, blockBytes);
    if (header === null) return null;
    split =
      size - header.dataStart >= splitBytes && availableParallelism() >= 2
        ? splitPoint(fd, header.dataStart, size, header.recordDelimiter === CRLF)
        : size;
  } catch (error) {
    if (error instanceof CsvSyntaxError) return null;
    throw error;
  } finally {
    closeSync(fd);
  }
  const task = (from: number, to: number): CsvRangeTask => ({
    path,
    from,
    to,
    delimiter: header.delimiter,
    recordDelimiter: header.recordDelimiter,
    fields: header.names.length,
    decimalComma: header.delimiter === 0x3b,
    capacity: Math.ceil((to - from) * header.rowsPerByte) + 1024,
    blockBytes,
  });
  // Arrow, which only the join needs, loads while the worker reads (from `await second` on): its
  // import, first, was a fifth of the time to read a million-row file.
  const joining = import('./csv-range-table.js');
  let ranges: (CsvRangeResult | null)[];
  if (split < size) {
    // The second half starts in its worker while this thread reads the first.
    const second = readRangeInWorker(task(split, size));
    const first = readCsvRange(task(header.dataStart, split));
    // A first half that fails may have ended inside a quoted field: read the rows again in one range.
    ranges = first === null ? [readCsvRange(task(header.dataStart, size))] : [first, await second];
  } else {
    ranges = [readCsvRange(task(header.dataStart, size))];
  }
  const { tableFromCsvRanges } = await joining;
  if (ranges.some((range) => range === null)) return null;
  return tableFromCsvRanges(header.names, ranges as CsvRangeResult[]);
}
