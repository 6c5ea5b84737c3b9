/**
 * The body of the sample worker files: prepare the sampler from workerData once, on the first task,
 * then sample one chunk per task and move its buffers to the main thread (transferred, not copied).
 */
import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { type EncodedBatch, type EncodedFormat, encodeBatch, encodedBuffer } from '../io/encode-batch.js';
import { type ArrowLayout, arrowLayoutFromModel } from './arrow-schema.js';
import { BufferBag } from './buffer-bag.js';
import { type SampledChunk, transferListOf } from './columns/column-buffers.js';
import { conditionedSampler, type SegmentPlan } from './conditions/condition-plan.js';
import type { ChunkTask } from './plan.js';
import type { SampleWorkerData } from './pool.js';
import { type FakerFactory, type PreparedSampler, prepareSampler } from './prepare-sampler.js';
import { recordBatchFromChunk } from './record-batch.js';
import { sampleChunk } from './sample-chunk.js';

/** A chunk task as posted to a worker, with a written chunk's buffers to sample into (buffer-bag.ts). */
export interface SampleRequest extends ChunkTask {
  readonly spare?: readonly ArrayBuffer[];
}

/** A sampled chunk, with its rows encoded in the output's file format when that is not Arrow. */
export interface SampledOutput extends SampledChunk {
  readonly encoded?: EncodedBatch;
}

export type SampleChunkTask = (request: SampleRequest) => ReturnType<typeof move>;

/** A worker's task function, with the faker factory its worker file imported (or none). */
export function makeSampleChunkTask(fakerFor: FakerFactory): SampleChunkTask {
  let sampler: PreparedSampler | null = null;
  const segmentSamplers = new Map<number, PreparedSampler>();
  let layout: ArrowLayout | null = null;
  let encodeAs: EncodedFormat | null = null;
  return (request) => {
    const data = Piscina.workerData as SampleWorkerData;
    if (sampler === null) {
      sampler = prepareSampler(data.model, { cholesky: data.cholesky, fakerFor });
      // Encoding in the workers spreads it over every thread; the main thread only appends bytes.
      encodeAs = data.encodeAs ?? null;
      if (encodeAs !== null) layout = arrowLayoutFromModel(data.model);
    }
    let chunkSampler = sampler;
    if (request.segment !== undefined && data.segments !== undefined) {
      const segment = request.segment;
      chunkSampler =
        segmentSamplers.get(segment) ?? conditionedSampler(sampler, data.segments[segment] as SegmentPlan);
      segmentSamplers.set(segment, chunkSampler);
    }
    const bag = new BufferBag();
    if (request.spare !== undefined) bag.add(request.spare);
    const chunk = sampleChunk(chunkSampler, request, bag);
    if (encodeAs === null || layout === null) {
      return move({ [transferableSymbol]: transferListOf(chunk), [valueSymbol]: chunk });
    }
    const encoded = encodeBatch(recordBatchFromChunk(layout, chunk), encodeAs);
    const output: SampledOutput = { ...chunk, encoded };
    return move({
      [transferableSymbol]: [...transferListOf(chunk), encodedBuffer(encoded)],
      [valueSymbol]: output,
    });
  };
}
