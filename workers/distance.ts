/**
 * Piscina worker for the DCR kernel: a row range of encoded query rows in, their nearest distances
 * out. All logic lives in src/privacy so tests run the same function in-thread.
 */
import { type DistanceTask, runDistanceTask } from '../src/privacy/distance-task.js';

export function distanceTask(task: DistanceTask): Float64Array {
  return runDistanceTask(task);
}
