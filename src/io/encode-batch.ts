/**
 * A record batch encoded for one of the file formats whose bytes can be made away from the file:
 * CSV and JSON Lines rows, or a Parquet row group. The sample workers encode their own chunks
 * (src/sample/worker-task.ts), so encoding runs on every worker thread and only bytes travel; the
 * output sinks (src/io/encoded-sinks.ts) encode on the main thread whatever arrives without.
 */
import type { RecordBatch } from 'apache-arrow';
import { type EncodedRowGroup, encodeRowGroup } from './encode-parquet.js';
import { encodeTextRows } from './encode-text-rows.js';

/** The formats encoded batch by batch. */
export type EncodedFormat = 'csv' | 'jsonl' | 'parquet';

export type EncodedBatch =
  | { readonly format: 'csv' | 'jsonl'; readonly rows: number; readonly bytes: Uint8Array }
  | { readonly format: 'parquet'; readonly rows: number; readonly group: EncodedRowGroup };

/** Is this output format encoded batch by batch (rather than by Arrow's own writer)? */
export function isEncodedFormat(format: string): format is EncodedFormat {
  return format === 'csv' || format === 'jsonl' || format === 'parquet';
}

export function encodeBatch(batch: RecordBatch, format: EncodedFormat): EncodedBatch {
  return format === 'parquet'
    ? { format, rows: batch.numRows, group: encodeRowGroup(batch) }
    : { format, rows: batch.numRows, bytes: encodeTextRows(batch, format) };
}

/** The buffer an encoded batch owns, for a transfer list. */
export function encodedBuffer(encoded: EncodedBatch): ArrayBuffer {
  return (encoded.format === 'parquet' ? encoded.group.bytes : encoded.bytes).buffer as ArrayBuffer;
}
