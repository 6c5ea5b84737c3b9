/**
 * A data file as passes of record batches, for the fit that streams (model/partial/stream-fit.ts).
 * Parquet is decoded batch by batch on every pass, read from the file in slices (a file-backed
 * Blob): neither the whole table nor the file's bytes are held (the bytes were held three times
 * over, 700 MB of a 10M-row fit's 1.3 GB peak). The other formats are read whole by their readers
 * (readTable) and passed over in slices.
 */
import { closeSync, fstatSync, openAsBlob, openSync, readSync } from 'node:fs';
import type { Table } from 'apache-arrow';
import type { TextEncodingChoice } from './decode-text.js';
import { readFailed } from './file-errors.js';
import { readInputFile } from './read-input-file.js';
import { parquetRowCount, readParquet, readParquetBatches } from './read-parquet.js';
import { formatFromContent, formatFromPath, readTable, refuseUnusableTable } from './read-table.js';

export interface TableBatches {
  /** Rows in the file. */
  readonly rows: number;
  /** One pass over the file's rows, as Arrow tables in file order. */
  readonly pass: () => AsyncIterable<Table>;
  /** The whole file as one table (what the row fit needs). */
  readonly whole: () => Promise<Table>;
}

/**
 * Opens a data file for passes over its rows. Checks what {@link readTable} checks (format, no
 * rows, column names) before the first pass.
 * @throws DoppelError as {@link readTable}.
 */
export async function openTableBatches(
  path: string,
  options: { readonly encoding?: TextEncodingChoice } = {},
): Promise<TableBatches> {
  const named = formatFromPath(path);
  if ((formatFromContent(fileEnds(path), path) ?? named) === 'parquet') {
    const file = await openAsBlob(path);
    const rows = await parquetRowCount(file, path);
    if (rows === 0) {
      // No rows: readTable's refusal says so, as for every format.
      refuseUnusableTable(await readParquet(await readInputFile(path, 'data file'), path), path);
    }
    let checked = false;
    return {
      rows,
      pass: async function* () {
        for await (const batch of readParquetBatches(file, path)) {
          if (!checked) refuseUnusableTable(batch, path);
          checked = true;
          yield batch;
        }
      },
      whole: async () => {
        const table = await readParquet(await readInputFile(path, 'data file'), path);
        refuseUnusableTable(table, path);
        return table;
      },
    };
  }
  // The other readers build whole tables (their bytes are read again: the cost of one file read).
  const table = await readTable(path, options);
  return {
    rows: table.numRows,
    pass: async function* () {
      yield table;
    },
    whole: async () => table,
  };
}

/** Bytes at each end of a file that {@link formatFromContent} looks at (magic numbers are ≤ 8 bytes). */
const END_BYTES = 16;

/**
 * The file's first and last {@link END_BYTES} bytes, side by side (the whole file when shorter than
 * both): what {@link formatFromContent} needs to tell the formats apart, without reading the file.
 * @throws DoppelError `file-not-found` as {@link readInputFile}.
 */
function fileEnds(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw readFailed(path, 'data file', error);
  }
  try {
    const size = fstatSync(fd).size;
    const whole = size <= 2 * END_BYTES;
    const ends = new Uint8Array(whole ? size : 2 * END_BYTES);
    readFully(fd, ends.subarray(0, whole ? size : END_BYTES), 0);
    if (!whole) readFully(fd, ends.subarray(END_BYTES), size - END_BYTES);
    return ends;
  } catch (error) {
    throw readFailed(path, 'data file', error);
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, at: number): void {
  for (let done = 0; done < into.length; ) {
    const got = readSync(fd, into, done, into.length - done, at + done);
    if (got === 0) break;
    done += got;
  }
}
