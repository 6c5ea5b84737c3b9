import { extname } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { readCsv } from './read-csv.js';
import { readInputFile } from './read-input-file.js';
import { readJsonl } from './read-jsonl.js';
import { readParquet } from './read-parquet.js';

export type TableFormat = 'csv' | 'arrow' | 'jsonl' | 'parquet';

const FORMAT_BY_EXTENSION: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.arrows': 'arrow',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.parq': 'parquet',
  '.pq': 'parquet',
};

/**
 * The format a file's extension names.
 * @example formatFromPath('data/customers.parquet') // 'parquet'
 * @throws DoppelError `unsupported-format` for any other extension.
 */
export function formatFromPath(path: string): TableFormat {
  const format = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new DoppelError(
      'unsupported-format',
      `cannot tell the format of ${path} from its extension; use .csv, .tsv, .arrow (IPC file or stream), .parquet or .jsonl`,
    );
  }
  return format;
}

/**
 * Reads a data file into an Arrow table: every input format meets the rest of doppel as Arrow.
 * CSV/TSV (delimiter, quoting and BOM handled; empty field = missing), JSON Lines, Arrow IPC (file
 * or stream) and Parquet; the extension names the format.
 * @throws DoppelError `file-not-found`, `unsupported-format` or `malformed-input`.
 */
export async function readTable(path: string): Promise<Table> {
  const format = formatFromPath(path);
  const bytes = await readInputFile(path, 'data file');
  switch (format) {
    case 'csv':
      return readCsv(bytes.toString('utf8'), path);
    case 'jsonl':
      return readJsonl(bytes.toString('utf8'), path);
    case 'parquet':
      return readParquet(bytes, path);
    case 'arrow':
      try {
        // tableFromIPC reads both the IPC file and the IPC stream format.
        return tableFromIPC(bytes);
      } catch {
        throw new DoppelError('malformed-input', `${path} is not a readable Arrow IPC file or stream`);
      }
  }
}
