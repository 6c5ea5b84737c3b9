/**
 * A data file as passes of record batches, for the fit that streams (model/partial/stream-fit.ts).
 * Parquet is decoded batch by batch on every pass, from the file's bytes: the whole table is never
 * built. The other formats are read whole by their readers (readTable) and passed over in slices.
 */
import type { Table } from 'apache-arrow';
import type { TextEncodingChoice } from './decode-text.js';
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
  const bytes = await readInputFile(path, 'data file');
  if ((formatFromContent(bytes, path) ?? named) === 'parquet') {
    const rows = await parquetRowCount(bytes, path);
    if (rows === 0) {
      // No rows: readTable's refusal says so, as for every format.
      refuseUnusableTable(await readParquet(bytes, path), path);
    }
    let checked = false;
    return {
      rows,
      pass: async function* () {
        for await (const batch of readParquetBatches(bytes, path)) {
          if (!checked) refuseUnusableTable(batch, path);
          checked = true;
          yield batch;
        }
      },
      whole: async () => {
        const table = await readParquet(bytes, path);
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
