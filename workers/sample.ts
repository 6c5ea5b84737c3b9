/**
 * Piscina worker for models without faker-filled columns: one chunk per task (see
 * src/sample/worker-task.ts). Faker is not loaded, which saves each thread ~0.3 s and ~30 MB.
 */
import { noFaker } from '../src/sample/load-faker.js';
import { makeSampleChunkTask } from '../src/sample/worker-task.js';

export const sampleChunkTask = makeSampleChunkTask(noFaker);
