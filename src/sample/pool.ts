/**
 * The Piscina pool that samples chunks in worker threads. Each worker receives the model once (as
 * workerData) and prepares its sampler once; a task is a small chunk task (with spare buffers to
 * sample into), and its result comes back as transferred buffers.
 */
import { Piscina } from 'piscina';
import type { EncodedFormat } from '../io/encode-batch.js';
import type { Model } from '../model/model-format.js';
import type { SegmentPlan } from './conditions/condition-plan.js';
import type { SampledOutput, SampleRequest } from './worker-task.js';

/** Where the worker entry point is and how to start it. */
export interface WorkerFile {
  readonly filename: string;
  readonly execArgv: readonly string[];
}

/** What a sample worker receives once, at start. */
export interface SampleWorkerData {
  readonly model: Model;
  /** The correlation's Cholesky factor, computed once on the main thread. */
  readonly cholesky: Float64Array;
  /** A conditioned run's segment plans (conditions/condition-plan.ts), by ChunkTask.segment. */
  readonly segments?: readonly SegmentPlan[];
  /** The file format each chunk is also encoded in by the worker (CSV, JSON Lines, Parquet), if any. */
  readonly encodeAs?: EncodedFormat | null;
}

/**
 * The sample worker's file: workers/sample-with-faker for models with faker-filled columns, else
 * workers/sample (which starts faster). Built code lives in dist/src/sample/*.js with the workers
 * in dist/workers/*.js; under vitest or tsx this module runs from its TypeScript source
 * (import.meta.url ends in .ts) and so must the worker, which plain Node only loads through the tsx
 * loader (a devDependency, present wherever sources are run).
 */
export function sampleWorkerFile(withFaker: boolean): WorkerFile {
  const fromSource = import.meta.url.endsWith('.ts');
  const name = withFaker ? 'sample-with-faker' : 'sample';
  return {
    filename: new URL(`../../workers/${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/** The worker module's exported task function. */
export const SAMPLE_TASK_NAME = 'sampleChunkTask';

export type SamplePool = Piscina<SampleRequest, SampledOutput>;

/** A pool of exactly `workers` threads that each hold the prepared model. */
export function makeSamplePool(workerData: SampleWorkerData, workers: number, file: WorkerFile): SamplePool {
  return new Piscina<SampleRequest, SampledOutput>({
    filename: file.filename,
    name: SAMPLE_TASK_NAME,
    execArgv: [...file.execArgv],
    workerData,
    minThreads: workers,
    maxThreads: workers,
    // Keep threads (and their prepared samplers) for the whole run.
    idleTimeout: Number.POSITIVE_INFINITY,
    concurrentTasksPerWorker: 1,
  });
}
