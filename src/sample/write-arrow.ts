/**
 * An atomic, streaming Arrow IPC file sink: record batches go to a temporary file beside the output
 * (same directory, so the final rename is atomic) as they come, with backpressure, and the file
 * appears under its final name only once complete. A failed run leaves no file under the final
 * name, and discarding removes the temporary one.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AsyncByteQueue, type RecordBatch, RecordBatchFileWriter } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { temporaryPathFor } from '../io/write-file-atomic.js';

export interface ArrowFileSink {
  /** The temporary file being written (removed by {@link ArrowFileSink.discard}). */
  readonly temporaryPath: string;
  /** Appends a batch; resolves once the file can take more (backpressure). */
  write(batch: RecordBatch): Promise<void>;
  /** Writes the footer, closes the file and renames it to its final name; resolves to its size. */
  commit(): Promise<number>;
  /** Closes and removes the temporary file. Never throws. */
  discard(): Promise<void>;
}

/**
 * The Arrow writer's byte sink, writing straight into the file stream. Arrow's writer normally
 * queues bytes in an AsyncByteQueue for a reader to pull, which gives a producer no signal to slow
 * down; subclassing the queue it accepts as a sink hands each buffer to the stream at once, so the
 * stream's own `write() === false` / 'drain' protocol is the backpressure.
 */
class FileStreamSink extends AsyncByteQueue {
  bytes = 0;
  constructor(private readonly file: WriteStream) {
    super();
  }
  override write(value: Parameters<AsyncByteQueue['write']>[0]): void {
    if (!ArrayBuffer.isView(value) || value.byteLength === 0) return;
    this.bytes += value.byteLength;
    this.file.write(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
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

/**
 * Opens a sink for the Arrow IPC file `path`, creating its directory if missing.
 * @throws DoppelError `write-failed` when the directory or temporary file cannot be created.
 */
export async function openArrowFileSink(path: string): Promise<ArrowFileSink> {
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
  const sink = new FileStreamSink(file);
  const writer = new RecordBatchFileWriter();
  writer.reset(sink);

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

  return {
    temporaryPath,
    async write(batch) {
      if (failure !== null) throw writeFailed(path, failure);
      writer.write(batch);
      try {
        if (file.writableNeedDrain) await settled('drain');
      } catch (error) {
        throw writeFailed(path, error);
      }
    },
    async commit() {
      try {
        if (failure !== null) throw failure;
        writer.close();
        const closed = settled('close');
        file.end();
        await closed;
        await rename(temporaryPath, path);
        return sink.bytes;
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
}
