/**
 * Worker thread of the fast JSON Lines reader: one byte range of a file in, its columns out
 * (src/io/jsonl-range.ts), the typed arrays moved, not copied. All logic lives in src/io so tests
 * run the same function in-thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type JsonlRangeTask, readJsonlRange } from '../src/io/jsonl-range.js';

const result = readJsonlRange(workerData as JsonlRangeTask);
const buffers = new Set<ArrayBuffer>();
for (const column of result?.columns ?? []) {
  if (column.booleans) buffers.add(column.booleans.buffer as ArrayBuffer);
  for (const array of Object.values(column.part ?? {})) {
    if (ArrayBuffer.isView(array)) buffers.add(array.buffer as ArrayBuffer);
  }
}
parentPort!.postMessage(result, [...buffers]);
