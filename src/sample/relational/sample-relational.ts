/**
 * Sampling a relational model into a directory of tables: customers in chunks of
 * RELATIONAL_CHUNK_CUSTOMERS (plan.ts), each chunk with all its descendants' rows sampled by one worker task,
 * written in chunk order to one file per table, all renamed into place together.
 */
import { DoppelError, isDoppelError } from '../../errors.js';
import type { OutputFormat } from '../../io/write-output.js';
import { openRelatedTablesSink, type RelatedTablesSink } from '../../io/write-related-tables.js';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { reusableBuffersOf, type SampledChunk } from '../columns/column-buffers.js';
import type { ConditionSet } from '../conditions/condition-plan.js';
import { plainChunks, segmentedChunks } from '../conditions/segment-chunks.js';
import { loadFakerFactory } from '../load-faker.js';
import { RELATIONAL_CHUNK_CUSTOMERS, type Shard, shardChunks } from '../plan.js';
import { emptyRecordBatch, recordBatchFromChunk } from '../record-batch.js';
import { calibrateRepeatsWith } from './calibrate-repeats.js';
import { prepareRelationalSampler } from './prepare-relational-sampler.js';
import { type RelationalTableLayout, relationalLayouts } from './relational-layouts.js';
import {
  makeRelationalPool,
  type RelationalPool,
  relationalWorkerFile,
  runCalibrationChunk,
} from './relational-pool.js';
import { planRootCondition } from './root-condition.js';
import { keptCalibration } from './stored-calibration.js';

export interface SampleRelationalOptions {
  /** Root customers to sample (their events follow from the model). */
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  /** The directory to write `<table>.<ext>` into (created if missing). */
  readonly out: string;
  readonly format: OutputFormat;
  readonly shard?: Shard;
  readonly onProgress?: (customersDone: number) => void;
  /** Stops sampling between chunks (nothing is written). */
  readonly signal?: AbortSignal;
  /**
   * Condition sets on the root's columns (root-condition.ts), one segment of customers each, in
   * order; their rows add up to `rows`. Absent: unconditioned.
   */
  readonly conditions?: readonly ConditionSet[];
}

export interface SampleRelationalResult {
  readonly files: readonly { table: string; path: string; rows: number; bytes: number }[];
  readonly customers: number;
  /** Rows written per table. */
  readonly rows: ReadonlyMap<string, number>;
}

const IN_FLIGHT_PER_WORKER = 2;
/** Sets of written chunks' buffers kept for later tasks (as sample.ts keeps them). */
const SPARE_SETS = 4;

/** The written columns of one table's chunk as a record batch (summaries left out). */
function writtenBatch(layouts: readonly RelationalTableLayout[], table: number, chunk: SampledChunk) {
  const { layout, written } = layouts[table]!;
  return recordBatchFromChunk(layout, chunk).selectAt([...written]);
}

/**
 * Samples `rows` customers with their descendants into one file per table. Chunk i's customers and
 * all their rows draw only from (seed, table, i), so the files are byte-identical for any worker
 * count, and shards (on chunk boundaries) concatenated table by table are the single run.
 * @throws DoppelError `usage`, `invalid-model`, `worker-failed`, `write-failed`.
 */
export async function sampleRelational(
  model: RelationalModel,
  options: SampleRelationalOptions,
): Promise<SampleRelationalResult> {
  const { rows, seed, workers, out, format } = options;
  for (const [name, value, min] of [
    ['rows', rows, 1],
    ['seed', seed, 0],
    ['workers', workers, 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min)
      throw new DoppelError('usage', `${name} must be a whole number of at least ${min} (got ${value})`);
  }
  const conditions = options.conditions;
  if (conditions !== undefined && conditions.reduce((sum, set) => sum + set.rows, 0) !== rows)
    throw new DoppelError('usage', `the condition sets' rows must add up to rows (${rows})`);
  const fakerFor = await loadFakerFactory(model.tables.map((t) => t.model));
  // Model and condition problems surface here, once, before any thread or file exists.
  // Uncalibrated: the model keeps its repeat calibration (stored-calibration.ts), or it runs on the
  // pool's threads below (calibrate-repeats.ts).
  const sampler = prepareRelationalSampler(model, fakerFor, null);
  const plans = conditions?.map((set) => planRootCondition(model, sampler, set)) ?? null;
  const layouts = relationalLayouts(sampler);
  // A conditioned run's segments are chunked one after another (segment-chunks.ts), as for a table.
  const runChunks =
    conditions === undefined
      ? plainChunks(rows, seed, RELATIONAL_CHUNK_CUSTOMERS)
      : segmentedChunks(
          conditions.map((set) => set.rows),
          seed,
          RELATIONAL_CHUNK_CUSTOMERS,
        );
  const { first, end } = shardChunks(runChunks.count, options.shard ?? { index: 0, count: 1 });
  const names = model.tables.map((t) => t.name);
  const sink: RelatedTablesSink = await openRelatedTablesSink(out, names, format);
  let pool: RelationalPool | null = null;
  const stop = new AbortController();
  const pending = new Map<number, Promise<SampledChunk[]>>();
  // Buffers of written chunks, each set going back to a worker with a later task (buffer-bag.ts):
  // without it every chunk's ~7 MB of fresh buffers cost page faults in the worker and collections
  // on the main thread.
  const spareSets: ArrayBuffer[][] = [];
  let submitted = first;
  const counts = new Map(names.map((n) => [n, 0]));
  try {
    const threads = Math.max(1, Math.min(workers, end - first));
    pool = makeRelationalPool(model, threads, relationalWorkerFile(), plans);
    const calibrationPool = pool;
    // Each step's calibration chunks run on the threads at once, while they load their modules.
    const calibration =
      keptCalibration(sampler) ??
      (await calibrateRepeatsWith(sampler, (known, task) =>
        runCalibrationChunk(calibrationPool, known, task, stop.signal),
      ));
    const submit = (p: RelationalPool) => {
      const task = { ...runChunks.task(submitted++), calibration };
      const spare = spareSets.pop();
      const result =
        spare === undefined
          ? p.run(task, { signal: stop.signal })
          : p.run({ ...task, spare }, { signal: stop.signal, transferList: spare });
      result.catch(() => {});
      pending.set(task.chunkIndex, result);
    };
    while (submitted < end && submitted < first + IN_FLIGHT_PER_WORKER * threads) submit(pool);
    let customers = 0;
    for (let i = first; i < end; i++) {
      if (options.signal?.aborted)
        throw new DoppelError('write-failed', `sampling into ${out} was interrupted; no file was written`);
      let chunks: SampledChunk[];
      try {
        chunks = await (pending.get(i) as Promise<SampledChunk[]>);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DoppelError(
          'worker-failed',
          `a sampling worker failed on customer chunk ${i}: ${reason}`,
          [],
          {
            cause: error,
          },
        );
      }
      pending.delete(i);
      if (submitted < end) submit(pool);
      for (let t = 0; t < chunks.length; t++) {
        await sink.write(names[t]!, writtenBatch(layouts, t, chunks[t]!));
        counts.set(names[t]!, counts.get(names[t]!)! + chunks[t]!.rowCount);
      }
      const written = chunks.flatMap(reusableBuffersOf);
      // A failed write surfaces through write or commit; its buffers are simply not reused.
      sink.flushed().then(
        () => {
          if (spareSets.length < SPARE_SETS) spareSets.push(written);
        },
        () => {},
      );
      customers += chunks[0]!.rowCount;
      options.onProgress?.(customers);
    }
    if (end === first) {
      for (let t = 0; t < names.length; t++) {
        const { layout, written } = layouts[t]!;
        await sink.write(names[t]!, emptyRecordBatch(layout).selectAt([...written]));
      }
    }
    const files = await sink.commit();
    return { files, customers, rows: counts };
  } catch (error) {
    stop.abort();
    await sink.discard();
    throw isDoppelError(error)
      ? error
      : new DoppelError(
          'write-failed',
          `sampling into ${out} failed (${String(error)}); no file was written`,
          [],
          {
            cause: error,
          },
        );
  } finally {
    await pool?.destroy();
  }
}
