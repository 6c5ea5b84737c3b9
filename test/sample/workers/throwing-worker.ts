/** The real sample worker, except that chunk 1 throws: a worker failure injected for tests. */
import type { ChunkTask } from '../../../src/sample/plan.js';
import { sampleChunkTask as realTask } from '../../../workers/sample.js';

export function sampleChunkTask(task: ChunkTask): ReturnType<typeof realTask> {
  if (task.chunkIndex === 1) throw new Error('injected failure in chunk 1');
  return realTask(task);
}
