/**
 * Output sinks for CSV, JSON Lines and Parquet: each batch's bytes (encoded by a sample worker, or
 * here when none came with it) appended to the file in order. CSV opens with its header line;
 * Parquet with its magic, each batch a row group, and the footer written at commit.
 */
import type { RecordBatch, Schema } from 'apache-arrow';
import { type EncodedBatch, type EncodedFormat, encodeBatch } from './encode-batch.js';
import { PARQUET_MAGIC, type PlacedRowGroup, parquetFooter, placeRowGroup } from './encode-parquet.js';
import { csvHeader } from './encode-text-rows.js';

/** The file an encoded sink appends to (the sampler's streamed temporary file). */
export interface AppendableFile {
  readonly temporaryPath: string;
  /** Bytes appended so far. */
  readonly bytes: number;
  append(bytes: Uint8Array): void;
  flushed(): Promise<void>;
  drained(): Promise<void>;
  close(): Promise<void>;
  discard(): Promise<void>;
}

export interface EncodedSink {
  readonly temporaryPath: string;
  /** Appends a batch: its bytes from `encoded` when given (the batch's own encoding), else encoded here. */
  write(batch: RecordBatch, encoded?: EncodedBatch): Promise<void>;
  flushed(): Promise<void>;
  /** Finishes and renames the file; resolves to its size in bytes. */
  commit(): Promise<number>;
  discard(): Promise<void>;
}

/** A sink writing `format` into `file`. */
export function encodedSink(file: AppendableFile, format: EncodedFormat): EncodedSink {
  let schema: Schema | null = null;
  const groups: PlacedRowGroup[] = [];
  const start = (batch: RecordBatch) => {
    if (schema !== null) return;
    schema = batch.schema;
    if (format === 'csv') file.append(csvHeader(schema));
    if (format === 'parquet') file.append(PARQUET_MAGIC);
  };
  return {
    temporaryPath: file.temporaryPath,
    async write(batch, encoded) {
      start(batch);
      const bytes = encoded ?? encodeBatch(batch, format);
      if (bytes.format === 'parquet') {
        // A batch of no rows (an empty shard) adds no row group: the footer alone carries the schema.
        if (bytes.rows > 0) {
          groups.push({ rows: bytes.rows, columns: placeRowGroup(bytes.group, file.bytes) });
          file.append(bytes.group.bytes);
        }
      } else file.append(bytes.bytes);
      await file.drained();
    },
    flushed: () => file.flushed(),
    async commit() {
      if (format === 'parquet' && schema !== null) file.append(parquetFooter(schema, groups));
      await file.close();
      return file.bytes;
    },
    discard: () => file.discard(),
  };
}
