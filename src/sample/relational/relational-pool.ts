import { Piscina } from 'piscina';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import type { SampledChunk } from '../columns/column-buffers.js';
import type { SegmentPlan } from '../conditions/condition-plan.js';
import type { ChunkTask } from '../plan.js';
import type { WorkerFile } from '../pool.js';
import type { CalibrationCounts, RepeatCalibration } from './calibrate-repeats.js';
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
): RelationalPool {
  return new Piscina<RelationalSampleRequest, SampledChunk[]>({
    filename: file.filename,
    name: 'sampleRelationalTask',
    execArgv: [...file.execArgv],
    workerData: { model, rootPlans },
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.POSITIVE_INFINITY,
    concurrentTasksPerWorker: 1,
  });
}

/** One calibration chunk counted on a thread of the run's pool (calibrate-repeats.ts). */
export function runCalibrationChunk(
  pool: RelationalPool,
  calibration: RepeatCalibration | null,
  task: ChunkTask,
  signal: AbortSignal,
): Promise<CalibrationCounts> {
  // The pool's type names its default task; this one is the worker file's calibrationCountsTask.
  const calibrationPool = pool as unknown as Piscina<
    { calibration: RepeatCalibration | null; task: ChunkTask },
    CalibrationCounts
  >;
  return calibrationPool.run({ calibration, task }, { name: 'calibrationCountsTask', signal });
}
