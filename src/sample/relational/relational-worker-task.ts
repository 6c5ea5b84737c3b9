import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { transferListOf } from '../columns/column-buffers.js';
import type { SegmentPlan } from '../conditions/condition-plan.js';
import { loadFakerFactory } from '../load-faker.js';
import type { ChunkTask } from '../plan.js';
import {
  type CalibrationCounts,
  countCalibrationChunk,
  type RepeatCalibration,
  withCalibration,
} from './calibrate-repeats.js';
import { type PreparedRelationalSampler, prepareRelationalSampler } from './prepare-relational-sampler.js';
import { conditionedRelationalSampler } from './root-condition.js';
import { sampleRelationalChunk } from './sample-relational-chunk.js';
import { SizeClassBag } from './size-class-bag.js';

/** The fitted sampler before the repeat calibration (which the main thread drives: calibrate-repeats.ts). */
let fitted: Promise<PreparedRelationalSampler> | null = null;
/** The run's calibrated sampler, made on its first chunk. */
let calibrated: PreparedRelationalSampler | null = null;
/** Each segment's sampler of a conditioned run, made on its first chunk. */
const segmentSamplers = new Map<number, PreparedRelationalSampler>();

interface RelationalWorkerData {
  readonly model: RelationalModel;
  readonly rootPlans: readonly SegmentPlan[] | null;
}

function fittedSampler(): Promise<PreparedRelationalSampler> {
  const { model } = Piscina.workerData as RelationalWorkerData;
  fitted ??= (async () =>
    prepareRelationalSampler(model, await loadFakerFactory(model.tables.map((t) => t.model)), null))();
  return fitted;
}

/**
 * A root chunk task as posted to a worker: the run's repeat calibration (undefined without repeat
 * rules; small, so posted with every task) and a written chunk's buffers to sample into (buffer-bag.ts).
 */
export interface RelationalSampleRequest extends ChunkTask {
  readonly calibration?: RepeatCalibration;
  readonly spare?: readonly ArrayBuffer[];
}

/** One calibration chunk counted with the calibration so far (null: none yet). */
export async function calibrationCountsTask(request: {
  readonly calibration: RepeatCalibration | null;
  readonly task: ChunkTask;
}): Promise<CalibrationCounts> {
  const base = await fittedSampler();
  const sampler = request.calibration === null ? base : withCalibration(base, request.calibration);
  return countCalibrationChunk(sampler, request.task);
}

/** One root chunk with its descendants, buffers moved (not copied) to the main thread. */
export async function sampleRelationalTask(task: RelationalSampleRequest): Promise<ReturnType<typeof move>> {
  const { rootPlans } = Piscina.workerData as RelationalWorkerData;
  const base = await fittedSampler();
  calibrated ??= task.calibration === undefined ? base : withCalibration(base, task.calibration);
  let chunkSampler = calibrated;
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
