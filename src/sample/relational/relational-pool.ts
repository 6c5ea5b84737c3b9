import { Piscina } from 'piscina';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import type { SampledChunk } from '../columns/column-buffers.js';
import type { SegmentPlan } from '../conditions/condition-plan.js';
import type { WorkerFile } from '../pool.js';
import type { RepeatCalibration } from './calibrate-repeats.js';
import type { RelationalSampleRequest } from './relational-worker-task.js';

/** The relational worker: one root chunk with all its descendants per task (workers/sample-relational.ts). */
export function relationalWorkerFile(): WorkerFile {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    filename: new URL(`../../../workers/sample-relational.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

export type RelationalPool = Piscina<RelationalSampleRequest, SampledChunk[]>;

export function makeRelationalPool(
  model: RelationalModel,
  workers: number,
  file: WorkerFile,
  /** A conditioned run's root plans, by ChunkTask.segment (root-condition.ts). */
  rootPlans: readonly SegmentPlan[] | null = null,
  /** The main thread's repeat calibration of `model`, so that no worker draws it again. */
  calibration?: RepeatCalibration,
): RelationalPool {
  return new Piscina<RelationalSampleRequest, SampledChunk[]>({
    filename: file.filename,
    name: 'sampleRelationalTask',
    execArgv: [...file.execArgv],
    workerData: { model, rootPlans, calibration },
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.POSITIVE_INFINITY,
    concurrentTasksPerWorker: 1,
  });
}
