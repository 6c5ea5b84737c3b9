/**
 * The body of the sample worker files: prepare the sampler from workerData once, on the first task,
 * then sample one chunk per task and move its buffers to the main thread (transferred, not copied).
 */
import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { BufferBag } from './buffer-bag.js';
import { transferListOf } from './columns/column-buffers.js';
import { conditionedSampler, type SegmentPlan } from './conditions/condition-plan.js';
import type { ChunkTask } from './plan.js';
import type { SampleWorkerData } from './pool.js';
import { type FakerFactory, type PreparedSampler, prepareSampler } from './prepare-sampler.js';
import { sampleChunk } from './sample-chunk.js';

/** A chunk task as posted to a worker, with a written chunk's buffers to sample into (buffer-bag.ts). */
export interface SampleRequest extends ChunkTask {
  readonly spare?: readonly ArrayBuffer[];
}

export type SampleChunkTask = (request: SampleRequest) => ReturnType<typeof move>;

/** A worker's task function, with the faker factory its worker file imported (or none). */
export function makeSampleChunkTask(fakerFor: FakerFactory): SampleChunkTask {
  let sampler: PreparedSampler | null = null;
  const segmentSamplers = new Map<number, PreparedSampler>();
  return (request) => {
    const { model, cholesky, segments } = Piscina.workerData as SampleWorkerData;
    if (sampler === null) sampler = prepareSampler(model, { cholesky, fakerFor });
    let chunkSampler = sampler;
    if (request.segment !== undefined && segments !== undefined) {
      const segment = request.segment;
      chunkSampler =
        segmentSamplers.get(segment) ?? conditionedSampler(sampler, segments[segment] as SegmentPlan);
      segmentSamplers.set(segment, chunkSampler);
    }
    const bag = new BufferBag();
    if (request.spare !== undefined) bag.add(request.spare);
    const chunk = sampleChunk(chunkSampler, request, bag);
    return move({ [transferableSymbol]: transferListOf(chunk), [valueSymbol]: chunk });
  };
}
