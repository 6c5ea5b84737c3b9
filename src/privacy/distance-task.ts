/**
 * The unit of work of the distance workers (workers/distance.ts): query rows [start, end) against the
 * whole reference index. Kept apart from the pool so a worker loads only the kernel.
 */
import type { DistanceBlock } from './distance-encoding.js';
import type { DistanceIndex } from './distance-index.js';
import { nearestDistances } from './nearest-distances.js';

export interface DistanceTask {
  readonly query: DistanceBlock;
  readonly index: DistanceIndex;
  readonly k: 1 | 2;
  readonly start: number;
  readonly end: number;
}

/** Runs a task: the k smallest mean distances of each of its query rows. */
export function runDistanceTask(task: DistanceTask): Float64Array {
  return nearestDistances(task.query, task.index, task.k, task.start, task.end);
}
