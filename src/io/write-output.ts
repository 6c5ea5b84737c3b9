/**
 * Atomic, streaming output sinks for sampled record batches: Arrow IPC file (default) or stream,
 * CSV, JSON Lines and Parquet. Batches go to a temporary file beside the output (same directory, so
 * the final rename is atomic) as they come, with backpressure, and the file appears under its final
 * name only once complete. A failed run leaves no file under the final name, and discarding removes
 * the temporary one.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AsyncByteQueue,
  DataType,
  type RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  type Vector,
} from 'apache-arrow';
import type { ParquetWriter } from 'hyparquet-writer';
import { DoppelError } from '../errors.js';
import { textRowsOf } from './text-rows.js';
import { temporaryPathFor } from './write-file-atomic.js';

/** The formats `doppel sample` writes. */
export const OUTPUT_FORMATS = ['arrow', 'arrows', 'csv', 'jsonl', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The output format: the one given, else the one the file extension names (.arrow, .arrows, .csv,
 * .jsonl, .parquet).
 * @throws DoppelError `usage` for an unknown format or extension.
 */
export function outputFormatOf(path: string, given?: string): OutputFormat {
  const format = given ?? /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new DoppelError(
    'usage',
    given === undefined
      ? `cannot tell the output format of ${path} from its extension: use .arrow, .arrows, .csv, .jsonl or .parquet, or --format`
      : `unknown output format "${given}": use ${OUTPUT_FORMATS.join(', ')}`,
  );
}

export interface OutputSink {
  /** The temporary file being written (removed by {@link OutputSink.discard}). */
  readonly temporaryPath: string;
  /** Appends a batch; resolves once the file can take more (backpressure). */
  write(batch: RecordBatch): Promise<void>;
  /**
   * Resolves once every byte of the batches written so far is in the file, so that their buffers,
   * which the Arrow writer hands to the file without copying, may be reused; rejects if a write
   * failed.
   */
  flushed(): Promise<void>;
  /** Finishes the file and renames it to its final name; resolves to its size in bytes. */
  commit(): Promise<number>;
  /** Closes and removes the temporary file. Never throws. */
  discard(): Promise<void>;
}

/** The bytes of one output file, streamed to its temporary name. */
interface ByteFile {
  readonly temporaryPath: string;
  bytes: number;
  /** Queues bytes; never blocks. */
  append(bytes: Uint8Array): void;
  /** Resolves once all bytes appended so far are written; rejects if a write failed. */
  flushed(): Promise<void>;
  /** Resolves once the stream has room again. */
  drained(): Promise<void>;
  /** Closes the stream and renames the file into place. */
  close(): Promise<void>;
  discard(): Promise<void>;
}

/** What a file system error code means for the user, in words. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  // mkdir -p reports EEXIST, and open ENOTDIR, when a file stands where a directory should be.
  EEXIST: 'a file is in the way of its directory',
  ENOTDIR: 'a file is in the way of its directory',
  EISDIR: 'a directory has that name',
};

function writeFailed(path: string, error: unknown): DoppelError {
  if (error instanceof DoppelError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    (code !== undefined ? (REASONS[code] ?? code) : undefined) ??
    (error instanceof Error ? error.message : String(error));
  return new DoppelError('write-failed', `cannot write ${path}: ${reason}`, [], { cause: error });
}

async function openByteFile(path: string): Promise<ByteFile> {
  const temporaryPath = temporaryPathFor(path);
  let file: WriteStream;
  try {
    await mkdir(dirname(path), { recursive: true });
    file = createWriteStream(temporaryPath, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
  } catch (error) {
    // Nothing to remove when the directory itself is unusable (ENOTDIR, EACCES): ignore that too.
    await rm(temporaryPath, { force: true }).catch(() => {});
    throw writeFailed(path, error);
  }
  let failure: unknown = null;
  file.on('error', (error) => {
    failure ??= error;
  });
  // Writes complete in order: appends counted, completions counted, waiters released by count.
  let appended = 0;
  let completed = 0;
  const waiters: { readonly count: number; resolve(): void; reject(error: unknown): void }[] = [];
  const onWritten = (error: Error | null | undefined) => {
    completed++;
    if (error) failure ??= error;
    while (waiters[0] !== undefined && (failure !== null || waiters[0].count <= completed)) {
      const waiter = waiters.shift()!;
      if (failure !== null) waiter.reject(failure);
      else waiter.resolve();
    }
  };
  const settled = (event: 'drain' | 'close') =>
    new Promise<void>((resolve, reject) => {
      if (failure !== null) return reject(failure);
      const onEvent = () => {
        file.off('error', onError);
        resolve();
      };
      const onError = (error: unknown) => {
        file.off(event, onEvent);
        reject(error);
      };
      file.once(event, onEvent);
      file.once('error', onError);
    });
  const byteFile: ByteFile = {
    temporaryPath,
    bytes: 0,
    append(bytes) {
      if (failure !== null) throw writeFailed(path, failure);
      if (bytes.byteLength === 0) return;
      byteFile.bytes += bytes.byteLength;
      appended++;
      file.write(bytes, onWritten);
    },
    flushed() {
      if (failure !== null) return Promise.reject(failure);
      if (completed === appended) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ count: appended, resolve, reject }));
    },
    async drained() {
      try {
        if (failure !== null) throw failure;
        if (file.writableNeedDrain) await settled('drain');
      } catch (error) {
        throw writeFailed(path, error);
      }
    },
    async close() {
      try {
        if (failure !== null) throw failure;
        const closed = settled('close');
        file.end();
        await closed;
        await rename(temporaryPath, path);
      } catch (error) {
        throw writeFailed(path, error);
      }
    },
    async discard() {
      if (!file.closed) {
        const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
        file.destroy();
        await closed;
      }
      await rm(temporaryPath, { force: true }).catch(() => {});
    },
  };
  return byteFile;
}

/**
 * The Arrow writer's byte sink, writing straight into the file. Arrow's writer normally queues
 * bytes in an AsyncByteQueue for a reader to pull, which gives a producer no signal to slow down;
 * subclassing the queue it accepts as a sink hands each buffer to the file at once, so the stream's
 * own 'drain' protocol is the backpressure.
 */
class ByteFileQueue extends AsyncByteQueue {
  constructor(private readonly file: ByteFile) {
    super();
  }
  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value)) return;
    this.file.append(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
}

function arrowSink(file: ByteFile, ipc: 'file' | 'stream'): OutputSink {
  const writer = ipc === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  writer.reset(new ByteFileQueue(file));
  return {
    temporaryPath: file.temporaryPath,
    async write(batch) {
      writer.write(batch);
      await file.drained();
    },
    flushed: () => file.flushed(),
    async commit() {
      writer.close();
      await file.close();
      return file.bytes;
    },
    discard: () => file.discard(),
  };
}

type Stringify = typeof import('csv-stringify/sync').stringify;
type HyparquetWriter = typeof import('hyparquet-writer');

/**
 * CSV (header row, empty field for missing) with csv-stringify's `stringify`, or JSON Lines (null
 * for missing) without; ISO 8601 dates.
 */
function textSink(file: ByteFile, stringify: Stringify | null): OutputSink {
  const encoder = new TextEncoder();
  let header = true;
  return {
    temporaryPath: file.temporaryPath,
    async write(batch) {
      const text =
        stringify !== null
          ? stringify(textRowsOf(batch, ''), { header, columns: batch.schema.fields.map((f) => f.name) })
          : textRowsOf(batch, null)
              .map((row) => `${JSON.stringify(row)}\n`)
              .join('');
      header = false;
      file.append(encoder.encode(text));
      await file.drained();
    },
    flushed: () => file.flushed(),
    async commit() {
      await file.close();
      return file.bytes;
    },
    discard: () => file.discard(),
  };
}

type ParquetType = 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'TIMESTAMP';

/** The Parquet physical/logical type of an Arrow column, and its values as the writer takes them. */
function parquetColumn(type: DataType, vector: Vector): { type: ParquetType; data: unknown[] } {
  const values = vector.toArray() as ArrayLike<unknown>;
  const present = (i: number) => vector.isValid(i);
  const map = (f: (i: number) => unknown) => Array.from({ length: vector.length }, (_, i) => f(i));
  if (DataType.isDate(type) || DataType.isTimestamp(type)) {
    return { type: 'TIMESTAMP', data: map((i) => (present(i) ? new Date(Number(vector.get(i))) : null)) };
  }
  if (DataType.isBool(type))
    return { type: 'BOOLEAN', data: map((i) => (present(i) ? vector.get(i) : null)) };
  if (DataType.isDictionary(type) || DataType.isUtf8(type)) {
    return { type: 'STRING', data: map((i) => (present(i) ? vector.get(i) : null)) };
  }
  if (DataType.isInt(type)) {
    const wide = type.bitWidth === 64;
    return {
      type: wide ? 'INT64' : 'INT32',
      data: map((i) => (present(i) ? (wide ? BigInt(values[i] as bigint) : Number(values[i])) : null)),
    };
  }
  return { type: 'DOUBLE', data: map((i) => (present(i) ? Number(values[i]) : null)) };
}

/**
 * Parquet through hyparquet-writer: one row group per record batch, flushed to the file as each
 * group completes, so memory holds one batch's encoding at a time.
 */
function parquetSink(
  file: ByteFile,
  { ByteWriter, ParquetWriter, schemaFromColumnData }: HyparquetWriter,
): OutputSink {
  const bytes = new ByteWriter();
  // hyparquet-writer calls flush() after each row group: hand the encoded bytes to the file then.
  const writer = Object.assign(bytes, {
    flush() {
      file.append(new Uint8Array(bytes.buffer.slice(0, bytes.index)));
      bytes.index = 0;
      return file.drained();
    },
    finish() {
      file.append(new Uint8Array(bytes.buffer.slice(0, bytes.index)));
      bytes.index = 0;
    },
  });
  let parquet: ParquetWriter | null = null;
  return {
    temporaryPath: file.temporaryPath,
    async write(batch) {
      const columnData = batch.schema.fields.map((field, c) => ({
        name: field.name,
        nullable: true,
        ...parquetColumn(field.type, batch.getChildAt(c) as Vector),
      }));
      parquet ??= new ParquetWriter({
        writer,
        schema: schemaFromColumnData({ columnData: columnData as never }),
        createdBy: 'doppel',
      });
      await parquet.write({ columnData: columnData as never, rowGroupSize: batch.numRows });
    },
    flushed: () => file.flushed(),
    async commit() {
      await parquet?.finish();
      await file.close();
      return file.bytes;
    },
    discard: () => file.discard(),
  };
}

/**
 * Opens a sink for `path` in `format`, creating its directory if missing.
 * @throws DoppelError `write-failed` when the directory or temporary file cannot be created.
 */
export async function openOutputSink(path: string, format: OutputFormat): Promise<OutputSink> {
  // The CSV and Parquet writers load only for their formats (hyparquet-writer alone takes ~40 ms).
  const stringify = format === 'csv' ? (await import('csv-stringify/sync')).stringify : null;
  const parquet = format === 'parquet' ? await import('hyparquet-writer') : null;
  const file = await openByteFile(path);
  switch (format) {
    case 'arrow':
      return arrowSink(file, 'file');
    case 'arrows':
      return arrowSink(file, 'stream');
    case 'csv':
    case 'jsonl':
      return textSink(file, stringify);
    case 'parquet':
      return parquetSink(file, parquet as HyparquetWriter);
    default:
      throw new Error(`openOutputSink: unhandled format ${format satisfies never}`);
  }
}
