/**
 * Runs the DCR kernel over Piscina worker threads. The encoded query rows and the reference index
 * live on SharedArrayBuffers, so each task carries only a row range; workers return their slice of
 * distances. The split never changes a result: every query row's distances depend on that row and
 * the index alone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { DoppelError } from '../errors.js';
import type { DistanceBlock, DistanceEncoding } from './distance-encoding.js';
import { buildDistanceIndex } from './distance-index.js';
import type { DistanceTask } from './distance-task.js';
import { nearestDistances } from './nearest-distances.js';

/** A pool of distance workers, reusable across many DCR computations. */
export interface DistancePool {
  readonly threads: number;
  run(task: DistanceTask): Promise<Float64Array>;
  destroy(): Promise<void>;
}

/** Options shared by every distance-based metric. */
export interface DistanceRunOptions {
  /** Worker threads for the search (default 1: run in this thread). Ignored when `pool` is given. */
  readonly workers?: number;
  /** A pool made by {@link makeDistancePool}, to share threads across several metrics. */
  readonly pool?: DistancePool;
}

/**
 * The compiled worker file. From the build it sits next to this module's output; when doppel runs
 * from TypeScript source (tests, tsx), worker threads cannot load `.ts`, so the build in dist/ is
 * used (the test setup builds it first). Null when neither exists.
 */
export function distanceWorkerPath(): string | null {
  const built = new URL('../../workers/distance.js', import.meta.url);
  if (import.meta.url.endsWith('.js')) return fileURLToPath(built);
  const fromSource = fileURLToPath(new URL('../../dist/workers/distance.js', import.meta.url));
  return existsSync(fromSource) ? fromSource : null;
}

/**
 * Starts `threads` distance workers. Returns null when the compiled worker is not available (then
 * callers compute in this thread: same results, one core).
 */
export function makeDistancePool(threads: number): DistancePool | null {
  const filename = distanceWorkerPath();
  if (filename === null || !existsSync(filename)) return null;
  const pool = new Piscina({ filename, name: 'distanceTask', minThreads: threads, maxThreads: threads });
  return {
    threads,
    async run(task) {
      try {
        return (await pool.run(task)) as Float64Array;
      } catch (error) {
        throw new DoppelError('worker-failed', 'a distance worker failed', [], { cause: error });
      }
    },
    destroy: () => pool.destroy(),
  };
}

/**
 * The k smallest distances of every query row of an encoding (see {@link nearestDistances}), split
 * over workers when asked to. Builds the reference index once.
 */
export async function searchNearest(
  encoding: DistanceEncoding,
  k: 1 | 2,
  options: DistanceRunOptions = {},
): Promise<Float64Array> {
  const threads = options.pool?.threads ?? Math.max(1, Math.floor(options.workers ?? 1));
  const n = encoding.query.rowCount;
  if (threads <= 1 || n < 2048) {
    const index = buildDistanceIndex(encoding.reference);
    return nearestDistances(encoding.query, index, k);
  }
  const pool = options.pool ?? makeDistancePool(threads);
  const index = buildDistanceIndex(encoding.reference, { shared: pool !== null });
  if (pool === null) return nearestDistances(encoding.query, index, k);
  try {
    const query = toShared(encoding.query);
    // Many more blocks than threads, so a block of hard rows does not leave a thread idle.
    const blockSize = Math.max(256, Math.ceil(n / (threads * 16)));
    const tasks: Promise<Float64Array>[] = [];
    for (let start = 0; start < n; start += blockSize) {
      tasks.push(pool.run({ query, index, k, start, end: Math.min(n, start + blockSize) }));
    }
    const parts = await Promise.all(tasks);
    const out = new Float64Array(n * k);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  } finally {
    if (!options.pool) await pool.destroy();
  }
}

function toShared(block: DistanceBlock): DistanceBlock {
  return {
    rowCount: block.rowCount,
    columns: block.columns.map((column) => {
      if (column.buffer instanceof SharedArrayBuffer) return column;
      const shared = new Float64Array(new SharedArrayBuffer(column.length * 8));
      shared.set(column);
      return shared;
    }),
  };
}

/**
 * Runs `body` with one pool for all of its distance searches: the caller's pool, or one started
 * for `workers` threads and stopped afterwards (none for a single thread).
 */
export async function withDistancePool<T>(
  options: DistanceRunOptions,
  body: (run: DistanceRunOptions) => Promise<T>,
): Promise<T> {
  if (options.pool || (options.workers ?? 1) <= 1) return body(options);
  const pool = makeDistancePool(Math.floor(options.workers!));
  try {
    return await body(pool ? { pool } : { workers: 1 });
  } finally {
    await pool?.destroy();
  }
}
