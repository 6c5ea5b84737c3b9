import { extname } from 'node:path';
import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { readCsvFileInBlocks } from './csv-stream.js';
import { decodeTextAsUtf8, type TextEncodingChoice } from './decode-text.js';
import { readJsonlFileInTwoThreads } from './jsonl-scan.js';
import { readInputFile } from './read-input-file.js';

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

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** Encoding of a CSV or JSON Lines file: `auto` (the default: detected, see {@link decodeText}) or a WHATWG label. */
  readonly encoding?: TextEncodingChoice;
}

const ARROW_FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const ARROW_STREAM_CONTINUATION = [0xff, 0xff, 0xff, 0xff];
const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1", at both ends
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4": also .xlsx and .docx

function hasBytesAt(bytes: Uint8Array, at: number, magic: readonly number[]): boolean {
  return at >= 0 && at + magic.length <= bytes.length && magic.every((byte, i) => bytes[at + i] === byte);
}

/**
 * The binary format the bytes themselves announce (Arrow IPC file or stream, Parquet), or null for
 * text. A file's content outranks its name: an Arrow file saved as `.csv` is read as Arrow.
 * @throws DoppelError `unsupported-format` for a gzip or ZIP archive (an Excel workbook is one).
 */
export function formatFromContent(bytes: Uint8Array, path: string): TableFormat | null {
  if (hasBytesAt(bytes, 0, ARROW_FILE_MAGIC) || hasBytesAt(bytes, 0, ARROW_STREAM_CONTINUATION))
    return 'arrow';
  if (hasBytesAt(bytes, 0, PARQUET_MAGIC) && hasBytesAt(bytes, bytes.length - 4, PARQUET_MAGIC))
    return 'parquet';
  if (hasBytesAt(bytes, 0, GZIP_MAGIC) || hasBytesAt(bytes, 0, ZIP_MAGIC)) {
    throw new DoppelError(
      'unsupported-format',
      `${path} is a compressed archive (gzip or ZIP, which includes Excel .xlsx workbooks), not a data file: decompress it, or export the sheet as CSV`,
    );
  }
  return null;
}

/**
 * Reads a data file into an Arrow table: every input format meets the rest of doppel as Arrow.
 * CSV/TSV (delimiter, quoting and BOM handled; empty field = missing), JSON Lines, Arrow IPC (file
 * or stream) and Parquet. The content decides a binary format (magic bytes), the extension a text
 * one; text is decoded by {@link decodeText} (UTF-8, UTF-16 or Windows-1252, detected, or
 * `options.encoding`).
 * @throws DoppelError `file-not-found`, `unsupported-format` or `malformed-input`.
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const table = await readAnyFormat(path, options);
  refuseUnusableTable(table, path);
  return table;
}

/** Longest column name accepted: a longer one is a line that lost its line endings or delimiters. */
export const MAX_COLUMN_NAME_CHARACTERS = 1000;

/**
 * A table no command can use: one with no data rows (a header alone gives every figure as n/a), or a
 * column name longer than {@link MAX_COLUMN_NAME_CHARACTERS}. Names the column by position, not by
 * its text, which may be data.
 * @throws DoppelError `malformed-input`.
 */
export function refuseUnusableTable(table: Table, path: string): void {
  const fields = table.schema.fields;
  const long = fields.findIndex((field) => field.name.length > MAX_COLUMN_NAME_CHARACTERS);
  if (long !== -1) {
    throw new DoppelError(
      'malformed-input',
      `cannot read ${path}: the name of column ${long + 1} (line 1) is ${fields[long]!.name.length.toLocaleString('en-US')} characters long, more than doppel's limit of ${MAX_COLUMN_NAME_CHARACTERS.toLocaleString('en-US')} for a column name; check the line endings and the delimiter`,
    );
  }
  if (table.numRows === 0) {
    throw new DoppelError(
      'malformed-input',
      `${path} has ${fields.length === 0 ? 'no columns and ' : 'a header but '}no data rows: there is nothing to describe, fit or compare`,
    );
  }
}

async function readAnyFormat(path: string, options: ReadTableOptions): Promise<Table> {
  const named = formatFromPath(path);
  if (named === 'csv') {
    // Block by block when the file allows it; otherwise (null) the whole file, below.
    const table = await readCsvFileInBlocks(path, options.encoding ?? 'auto');
    if (table !== null) return table;
  }
  if (named === 'jsonl') {
    const table = await readJsonlFileInTwoThreads(path, options.encoding ?? 'auto');
    if (table !== null) return table;
  }
  const bytes = await readInputFile(path, 'data file');
  const format = formatFromContent(bytes, path) ?? named;
  // Each reader loaded when its format comes: this module imports no Arrow, so the fast CSV and
  // JSON Lines readers above start their worker before Arrow loads (csv-stream.ts).
  switch (format) {
    case 'csv': {
      const { readCsvBytes } = await import('./read-csv.js');
      return readCsvBytes(decodeTextAsUtf8(bytes, path, options.encoding), path);
    }
    case 'jsonl': {
      const { readJsonlBytes } = await import('./read-jsonl.js');
      return readJsonlBytes(decodeTextAsUtf8(bytes, path, options.encoding), path);
    }
    case 'parquet': {
      // Loaded here: its decoders (hyparquet, parquet-wasm) are import time a CSV read does not need.
      const { readParquet } = await import('./read-parquet.js');
      return readParquet(bytes, path);
    }
    case 'arrow': {
      const { tableFromIPC } = await import('apache-arrow');
      try {
        // tableFromIPC reads both the IPC file and the IPC stream format.
        return tableFromIPC(bytes);
      } catch {
        throw new DoppelError('malformed-input', `${path} is not a readable Arrow IPC file or stream`);
      }
    }
  }
}
