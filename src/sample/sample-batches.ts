/**
 * The sampler as a stream of Arrow record batches, for sinks that are not files (databases): the
 * same chunks, values and schema as `sample` writes, in chunk order, with a pool of worker threads
 * and at most two chunks per thread in flight, so memory stays bounded whatever the row count.
 */
import type { RecordBatch } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { Model } from '../model/model-format.js';
import { arrowLayoutFromModel } from './arrow-schema.js';
import { choleskyFactor } from './cholesky.js';
import { reusableBuffersOf, type SampledChunk } from './columns/column-buffers.js';
import { loadFakerFactory, needsFaker } from './load-faker.js';
import { chunkCount, chunkTask } from './plan.js';
import { makeSamplePool, type SamplePool, sampleWorkerFile } from './pool.js';
import { prepareSampler } from './prepare-sampler.js';
import { recordBatchFromChunk } from './record-batch.js';
import { maybeSampleTableOptions } from './sample-options.js';

export interface SampleBatchesOptions {
  readonly rows: number;
  readonly seed: number;
  /** Worker threads, ≥ 1; any count gives the same batches. */
  readonly workers: number;
}

const IN_FLIGHT_PER_WORKER = 2;

/**
 * Yields the record batches `sample(model, { rows, seed })` would write, in order. A batch's buffers
 * are handed back to a worker once the consumer asks for the next one, so a consumer must be done
 * with a batch (copied or encoded it) before it resumes the iteration. Breaking out of the loop (or
 * a throw in it) stops the workers.
 * @throws DoppelError `usage`, `invalid-model`, `worker-failed`.
 */
export async function* sampleBatches(
  model: Model,
  options: SampleBatchesOptions,
): AsyncGenerator<RecordBatch> {
  const { rows, seed } = maybeSampleTableOptions(options);
  const cholesky = choleskyFactor(model.copula.correlation);
  prepareSampler(model, { cholesky, fakerFor: await loadFakerFactory(model) });
  const layout = arrowLayoutFromModel(model);
  const chunks = chunkCount(rows);
  const threads = Math.max(1, Math.min(options.workers, chunks));
  const stop = new AbortController();
  const pool: SamplePool = makeSamplePool({ model, cholesky }, threads, sampleWorkerFile(needsFaker(model)));
  const pending = new Map<number, Promise<SampledChunk>>();
  let spare: ArrayBuffer[] | null = null;
  let submitted = 0;
  const submit = () => {
    const task = chunkTask(rows, seed, submitted++);
    const result =
      spare === null
        ? pool.run(task, { signal: stop.signal })
        : pool.run({ ...task, spare }, { signal: stop.signal, transferList: spare });
    spare = null;
    result.catch(() => {});
    pending.set(task.chunkIndex, result);
  };
  try {
    while (submitted < chunks && submitted < IN_FLIGHT_PER_WORKER * threads) submit();
    for (let i = 0; i < chunks; i++) {
      let chunk: SampledChunk;
      try {
        chunk = await (pending.get(i) as Promise<SampledChunk>);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DoppelError('worker-failed', `a sampling worker failed on chunk ${i}: ${reason}`, [], {
          cause: error,
        });
      }
      pending.delete(i);
      yield recordBatchFromChunk(layout, chunk);
      // The consumer is done with this batch: its buffers go to the next task.
      spare = reusableBuffersOf(chunk);
      if (submitted < chunks) submit();
    }
  } finally {
    stop.abort();
    await pool.destroy();
  }
}
