/**
 * Piscina worker for models with uuid or personal columns: one chunk per task (see
 * src/sample/worker-task.ts), with faker. Imported statically, not on demand: the tsx loader used
 * when running from sources does not handle dynamic imports inside worker threads.
 */
import { fakerForLocale } from '../src/sample/faker-for-locale.js';
import { makeSampleChunkTask } from '../src/sample/worker-task.js';

export const sampleChunkTask = makeSampleChunkTask(fakerForLocale);
