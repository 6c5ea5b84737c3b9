/**
 * The sampling entry point: `sample` writes Arrow IPC (file or stream), CSV, JSON Lines or Parquet
 * with a pool of worker threads, optionally one shard of a distributed run and in part files.
 * (`sampleTable` in sample-table.ts makes the same rows in-process.)
 */
import { DoppelError, isDoppelError } from '../errors.js';
import { openPartedSink } from '../io/write-parts.js';
import type { Model } from '../model/model-format.js';
import { arrowLayoutFromModel } from './arrow-schema.js';
import { choleskyFactor } from './cholesky.js';
import { reusableBuffersOf, type SampledChunk } from './columns/column-buffers.js';
import { loadFakerFactory, needsFaker } from './load-faker.js';
import { type CHUNK_ROWS, chunkCount, chunkTask, shardChunks } from './plan.js';
import { makeSamplePool, type SamplePool, sampleWorkerFile, type WorkerFile } from './pool.js';
import { prepareSampler } from './prepare-sampler.js';
import { emptyRecordBatch, recordBatchFromChunk } from './record-batch.js';
import { maybeSampleOptions, type SampleOptions } from './sample-options.js';

export interface SampleResult {
  /** The first (or only) file written. */
  readonly path: string;
  /** Every file written, in row order (one unless `partRows` split the output). */
  readonly files: readonly { readonly path: string; readonly rows: number; readonly bytes: number }[];
  /** Rows written: all of them, or this shard's. */
  readonly rows: number;
  /** Record batches sampled (one per chunk of {@link CHUNK_ROWS} rows). */
  readonly batches: number;
  /** Size of all files in bytes. */
  readonly bytes: number;
}

/** Chunks in flight per worker: one being sampled and one queued, so no thread waits for a task. */
const IN_FLIGHT_PER_WORKER = 2;
/** Written chunks' buffer sets kept for reuse at most (more only wait for the garbage collector). */
const SPARE_SETS = 4;

/** A rejected chunk as the one error the caller sees. */
function workerFailed(error: unknown, chunkIndex: number, rows: number): DoppelError {
  const task = chunkTask(rows, 0, chunkIndex);
  const reason = error instanceof Error ? error.message : String(error);
  return new DoppelError(
    'worker-failed',
    `a sampling worker failed on rows ${task.rowStart.toLocaleString('en')}–${(task.rowStart + task.rowCount - 1).toLocaleString('en')} (chunk ${chunkIndex}): ${reason}`,
    [],
    { cause: error },
  );
}

function aborted(out: string, reason: unknown): DoppelError {
  const why = reason instanceof Error ? reason.message : reason === undefined ? 'aborted' : String(reason);
  return new DoppelError(
    'write-failed',
    `sampling into ${out} was interrupted (${why}); no file was written`,
    [],
    {
      cause: reason,
    },
  );
}

/**
 * Samples `rows` synthetic rows from a model into a file (Arrow IPC unless `format` or the
 * extension says otherwise), with `workers` threads. Chunk i draws only from (seed, i) and batches
 * are written in chunk order, so the file is byte-identical for any worker count. With `shard`
 * (index i of n) only the chunks of slice i are sampled: the n shards, concatenated in order, are
 * row for row the single run. With `partRows` the output is split into numbered part files. Files
 * appear under their names only when all are complete; on any failure the temporary files are
 * removed and one error is thrown.
 * @throws DoppelError `usage` (bad options), `invalid-model`, `worker-failed`, `write-failed`
 * (including an aborted run).
 * @example await sample(model, { rows: 1_000_000, seed: 7, workers: 2, out: 'out/customers.arrow' })
 * // { path: 'out/customers.arrow', rows: 1000000, batches: 16, bytes: … }
 */
export async function sample(model: Model, options: SampleOptions): Promise<SampleResult> {
  return sampleToFile(model, maybeSampleOptions(options), sampleWorkerFile(needsFaker(model)));
}

/**
 * {@link sample} with normalised options and an explicit worker file (tests inject failing workers).
 * @internal
 */
export async function sampleToFile(
  model: Model,
  options: SampleOptions,
  workerFile: WorkerFile,
): Promise<SampleResult> {
  const { rows, seed, workers, out, onProgress, signal } = options;
  const { first, end } = shardChunks(chunkCount(rows), options.shard ?? { index: 0, count: 1 });
  // Model problems surface here, once, before any thread or file exists.
  const cholesky = choleskyFactor(model.copula.correlation);
  prepareSampler(model, { cholesky, fakerFor: await loadFakerFactory(model) });
  const layout = arrowLayoutFromModel(model);
  if (signal?.aborted) throw aborted(out, signal.reason);

  const sink = await openPartedSink(out, options.format, options.partRows ?? null);
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let pool: SamplePool | null = null;
  const pending = new Map<number, Promise<SampledChunk>>();
  // Buffers of written chunks, each set going back to a worker with a later task (buffer-bag.ts).
  const spareSets: ArrayBuffer[][] = [];
  let submitted = first;
  const submit = (samplePool: SamplePool) => {
    const task = chunkTask(rows, seed, submitted++);
    const spare = spareSets.pop();
    const result =
      spare === undefined
        ? samplePool.run(task, { signal: stop.signal })
        : samplePool.run({ ...task, spare }, { signal: stop.signal, transferList: spare });
    // Awaited in chunk order below; this only keeps a later chunk's failure (or the rejections
    // that follow an abort) from surfacing as an unhandled rejection meanwhile.
    result.catch(() => {});
    pending.set(task.chunkIndex, result);
  };

  try {
    // No thread beyond one per chunk: a small run should not pay for idle threads' start-up.
    const threads = Math.max(1, Math.min(workers, end - first));
    pool = makeSamplePool({ model, cholesky }, threads, workerFile);
    while (submitted < end && submitted < first + IN_FLIGHT_PER_WORKER * threads) submit(pool);
    let rowsDone = 0;
    for (let i = first; i < end; i++) {
      let chunk: SampledChunk;
      try {
        chunk = await (pending.get(i) as Promise<SampledChunk>);
      } catch (error) {
        throw stop.signal.aborted ? aborted(out, stop.signal.reason) : workerFailed(error, i, rows);
      }
      pending.delete(i);
      if (submitted < end) submit(pool);
      await sink.write(recordBatchFromChunk(layout, chunk));
      const written = reusableBuffersOf(chunk);
      // A failed write surfaces through write or commit; its buffers are simply not reused.
      sink.flushed().then(
        () => {
          if (spareSets.length < SPARE_SETS) spareSets.push(written);
        },
        () => {},
      );
      rowsDone += chunk.rowCount;
      onProgress?.(rowsDone);
      if (stop.signal.aborted) throw aborted(out, stop.signal.reason);
    }
    // An empty shard still writes valid files that carry the schema.
    if (rowsDone === 0) await sink.write(emptyRecordBatch(layout));
    const files = await sink.commit();
    return {
      path: files[0]?.path ?? out,
      files,
      rows: rowsDone,
      batches: end - first,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    };
  } catch (error) {
    stop.abort();
    await sink.discard();
    throw isDoppelError(error) ? error : aborted(out, error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool?.destroy();
  }
}
