/** The real sample worker, except that its thread dies on chunk 1: a worker crash injected for tests. */
import type { ChunkTask } from '../../../src/sample/plan.js';
import { sampleChunkTask as realTask } from '../../../workers/sample.js';

export function sampleChunkTask(task: ChunkTask): ReturnType<typeof realTask> {
  if (task.chunkIndex === 1) process.exit(3);
  return realTask(task);
}
