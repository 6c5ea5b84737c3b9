/**
 * The JSON Lines reader's fast path: flat objects scanned from the bytes, block by block through one
 * reused buffer, straight into column builders (csv-column-builders.ts), with no JSON.parse, no
 * object per row and no string per cell. It reads what it can read exactly as the whole-line reader
 * (read-jsonl.ts) would: objects of strings without escapes, JSON numbers, booleans and nulls, each
 * column all numbers, all booleans, or text. Anything else — an escape, a nested value, a
 * duplicate or integer-like key, a column mixing kinds, strings that read as numbers or dates
 * (which parseTextColumn types), a line that is not an object, bytes that are not UTF-8 — returns
 * null, and the caller reads the file line by line as before, so every result and every error
 * message is that reader's (test/io/jsonl-scan.test.ts compares the two).
 *
 * The scanning is jsonl-range.ts's; a large file is scanned in two halves in two threads (split at
 * a line feed, which a JSON line never holds inside a string), and the halves' columns joined here.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Table } from 'apache-arrow';
import type { TextEncodingChoice } from './decode-text.js';
import { type JsonlRangeResult, type JsonlRangeTask, readJsonlRange } from './jsonl-range.js';

const BLOCK_BYTES = 4 << 20;
/** Files smaller than this are read in one thread: a worker takes ~0.1 s to start. */
const SPLIT_BYTES = 16 << 20;
const LF = 0x0a;

/**
 * Reads a UTF-8 JSON Lines file of flat objects the fast way, in one thread; null when the
 * line-by-line reader must read it (see the module comment), including when it cannot be opened.
 * @param blockBytes the buffer's size (tests make it small to cut files into many blocks).
 */
export async function readJsonlFileInBlocks(
  path: string,
  encoding: TextEncodingChoice = 'auto',
  blockBytes = BLOCK_BYTES,
): Promise<Table | null> {
  const size = fileSize(path);
  if (size === null) return null;
  const range = readJsonlRange({ path, from: 0, to: size, first: true, encoding, blockBytes });
  const { tableFromJsonlRanges } = await import('./jsonl-range-table.js');
  return range === null ? null : tableFromJsonlRanges([range]);
}

/**
 * {@link readJsonlFileInBlocks} with the rows of a large file in two halves in two threads, when
 * the machine has two cores: the same table, or null when the line-by-line reader must read it.
 * Halves that disagree in a way only the whole file settles (a column of missing markers in one
 * half and text in the other) are read again in one thread.
 * @param splitBytes files of at least this many bytes are read in two threads.
 */
export async function readJsonlFileInTwoThreads(
  path: string,
  encoding: TextEncodingChoice = 'auto',
  blockBytes = BLOCK_BYTES,
  splitBytes = SPLIT_BYTES,
): Promise<Table | null> {
  const size = fileSize(path);
  if (size === null) return null;
  const split = size >= splitBytes && availableParallelism() >= 2 ? splitPoint(path, size) : size;
  if (split <= 0 || split >= size) return readJsonlFileInBlocks(path, encoding, blockBytes);
  const task = (from: number, to: number): JsonlRangeTask => ({
    path,
    from,
    to,
    first: from === 0,
    encoding,
    blockBytes,
  });
  // Arrow, which only the join needs, loads while the worker reads (from `await second` on): its
  // import, first, was a sixth of the time to read a million-row file.
  const joining = import('./jsonl-range-table.js');
  // The second half starts in its worker while this thread reads the first.
  const second = readRangeInWorker(task(split, size));
  const first = readJsonlRange(task(0, split));
  const last = await second;
  const { tableFromJsonlRanges } = await joining;
  if (first === null) return null;
  const joined = last === null ? null : tableFromJsonlRanges([first, last]);
  return joined ?? readJsonlFileInBlocks(path, encoding, blockBytes);
}

function fileSize(path: string): number | null {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size > 0 ? stat.size : null;
  } catch {
    return null;
  }
}

/** Just after the first line feed past the middle of the file; the size when there is none. */
function splitPoint(path: string, size: number): number {
  const fd = openSync(path, 'r');
  try {
    const window = Buffer.allocUnsafe(1 << 16);
    for (let at = Math.floor(size / 2); at < size; at += window.length) {
      const got = readSync(fd, window, 0, window.length, at);
      const lf = window.subarray(0, got).indexOf(LF);
      if (lf !== -1) return at + lf + 1;
      if (got === 0) break;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts the range worker. From the build its file sits next to this module's output; from
 * TypeScript source (tests, tsx) worker threads cannot load `.ts`, so the build in dist/ is used,
 * as csv-stream.ts does (the test setup builds it first).
 */
function readRangeInWorker(task: JsonlRangeTask): Promise<JsonlRangeResult | null> {
  const file = import.meta.url.endsWith('.js')
    ? new URL('../../workers/read-jsonl-range.js', import.meta.url)
    : new URL('../../dist/workers/read-jsonl-range.js', import.meta.url);
  return new Promise((resolve) => {
    const worker = new Worker(file, { workerData: task });
    worker.once('message', (result: JsonlRangeResult | null) => resolve(result));
    // A worker that cannot run leaves the file to one thread, which throws any real error.
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
