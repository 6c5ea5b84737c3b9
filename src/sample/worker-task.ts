/**
 * The body of the sample worker files: prepare the sampler from workerData once, on the first task,
 * then sample one chunk per task and move its buffers to the main thread (transferred, not copied).
 */
import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { transferListOf } from './columns/column-buffers.js';
import type { ChunkTask } from './plan.js';
import type { SampleWorkerData } from './pool.js';
import { type FakerFactory, type PreparedSampler, prepareSampler } from './prepare-sampler.js';
import { sampleChunk } from './sample-chunk.js';

export type SampleChunkTask = (task: ChunkTask) => ReturnType<typeof move>;

/** A worker's task function, with the faker factory its worker file imported (or none). */
export function makeSampleChunkTask(fakerFor: FakerFactory): SampleChunkTask {
  let sampler: PreparedSampler | null = null;
  return (task) => {
    if (sampler === null) {
      const { model, cholesky } = Piscina.workerData as SampleWorkerData;
      sampler = prepareSampler(model, { cholesky, fakerFor });
    }
    const chunk = sampleChunk(sampler, task);
    return move({ [transferableSymbol]: transferListOf(chunk), [valueSymbol]: chunk });
  };
}
