/**
 * Atomic, streaming output sinks for sampled record batches: Arrow IPC file (default) or stream,
 * CSV, JSON Lines and Parquet. Batches go to a temporary file beside the output (same directory, so
 * the final rename is atomic) as they come, with backpressure, and the file appears under its final
 * name only once complete. A failed run leaves no file under the final name, and discarding removes
 * the temporary one.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  AsyncByteQueue,
  type RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
} from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { EncodedBatch } from './encode-batch.js';
import { encodedSink } from './encoded-sinks.js';
import { writeFailed } from './file-errors.js';
import {
  releaseTemporary,
  removeStaleTemporaries,
  removeTemporary,
  temporaryPathFor,
} from './temporary-files.js';

/** The formats `doppel sample` writes. */
export const OUTPUT_FORMATS = ['arrow', 'arrows', 'csv', 'jsonl', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The output format: the one the file extension names (.arrow, .arrows, .csv, .jsonl, .parquet), or
 * the one given for a file whose extension names none. A format given that contradicts the
 * extension is refused: Parquet bytes in a `.csv` file mislead every reader after us.
 * @throws DoppelError `usage` for an unknown format or extension, or a contradiction.
 */
export function outputFormatOf(path: string, given?: string): OutputFormat {
  const isFormat = (name: string | undefined): name is OutputFormat =>
    name !== undefined && (OUTPUT_FORMATS as readonly string[]).includes(name);
  const extension = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (given !== undefined && !isFormat(given)) {
    throw new DoppelError('usage', `unknown output format "${given}": use ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (given !== undefined && isFormat(extension) && extension !== given) {
    throw new DoppelError(
      'usage',
      `--format ${given} contradicts the extension of ${path} (.${extension}): name the file .${given}, or drop --format`,
    );
  }
  const format = given ?? extension;
  if (isFormat(format)) return format;
  throw new DoppelError(
    'usage',
    `cannot tell the output format of ${path} from its extension: use .arrow, .arrows, .csv, .jsonl or .parquet, or --format`,
  );
}

export interface OutputSink {
  /** The temporary file being written (removed by {@link OutputSink.discard}). */
  readonly temporaryPath: string;
  /**
   * Appends a batch; resolves once the file can take more (backpressure). CSV, JSON Lines and
   * Parquet take the batch's bytes from `encoded` when a sample worker made them.
   */
  write(batch: RecordBatch, encoded?: EncodedBatch): Promise<void>;
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

async function openByteFile(path: string): Promise<ByteFile> {
  const temporaryPath = temporaryPathFor(path);
  let file: WriteStream;
  try {
    await mkdir(dirname(path), { recursive: true });
    await removeStaleTemporaries(dirname(path));
    file = createWriteStream(temporaryPath, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', reject);
    });
  } catch (error) {
    // Nothing to remove when the directory itself is unusable (ENOTDIR, EACCES): ignore that too.
    await removeTemporary(temporaryPath);
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
        releaseTemporary(temporaryPath);
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
      await removeTemporary(temporaryPath);
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

/**
 * Opens a sink for `path` in `format`, creating its directory if missing.
 * @throws DoppelError `write-failed` when the directory or temporary file cannot be created.
 */
export async function openOutputSink(path: string, format: OutputFormat): Promise<OutputSink> {
  const file = await openByteFile(path);
  switch (format) {
    case 'arrow':
      return arrowSink(file, 'file');
    case 'arrows':
      return arrowSink(file, 'stream');
    case 'csv':
    case 'jsonl':
    case 'parquet':
      return encodedSink(file, format);
    default:
      throw new Error(`openOutputSink: unhandled format ${format satisfies never}`);
  }
}
