import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { transferListOf } from '../columns/column-buffers.js';
import type { SegmentPlan } from '../conditions/condition-plan.js';
import { loadFakerFactory } from '../load-faker.js';
import type { ChunkTask } from '../plan.js';
import type { RepeatCalibration } from './calibrate-repeats.js';
import { type PreparedRelationalSampler, prepareRelationalSampler } from './prepare-relational-sampler.js';
import { conditionedRelationalSampler } from './root-condition.js';
import { sampleRelationalChunk } from './sample-relational-chunk.js';
import { SizeClassBag } from './size-class-bag.js';

let sampler: Promise<PreparedRelationalSampler> | null = null;
/** Each segment's sampler of a conditioned run, made on its first chunk. */
const segmentSamplers = new Map<number, PreparedRelationalSampler>();

/** A root chunk task as posted to a worker, with a written chunk's buffers to sample into (buffer-bag.ts). */
export interface RelationalSampleRequest extends ChunkTask {
  readonly spare?: readonly ArrayBuffer[];
}

/** One root chunk with its descendants, buffers moved (not copied) to the main thread. */
export async function sampleRelationalTask(task: RelationalSampleRequest): Promise<ReturnType<typeof move>> {
  const { model, rootPlans, calibration } = Piscina.workerData as {
    model: RelationalModel;
    rootPlans: readonly SegmentPlan[] | null;
    calibration?: RepeatCalibration;
  };
  sampler ??= (async () =>
    prepareRelationalSampler(model, await loadFakerFactory(model.tables.map((t) => t.model)), calibration))();
  let chunkSampler = await sampler;
  if (task.segment !== undefined && rootPlans !== null) {
    const segment = task.segment;
    chunkSampler =
      segmentSamplers.get(segment) ?? conditionedRelationalSampler(chunkSampler, rootPlans[segment]!);
    segmentSamplers.set(segment, chunkSampler);
  }
  const bag = new SizeClassBag();
  if (task.spare !== undefined) bag.add(task.spare);
  const chunks = sampleRelationalChunk(chunkSampler, task, bag);
  return move({ [transferableSymbol]: [...new Set(chunks.flatMap(transferListOf))], [valueSymbol]: chunks });
}
