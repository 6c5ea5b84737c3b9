/**
 * Worker thread of the block-by-block CSV reader: one byte range of a file in, its columns out
 * (src/io/csv-range.ts), the typed arrays moved, not copied. All logic lives in src/io so tests run
 * the same function in-thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type CsvRangeTask, readCsvRange } from '../src/io/csv-range.js';

const result = readCsvRange(workerData as CsvRangeTask);
const buffers = new Set<ArrayBuffer>();
for (const column of result?.columns ?? []) {
  for (const array of Object.values(column)) {
    if (ArrayBuffer.isView(array)) buffers.add(array.buffer as ArrayBuffer);
  }
}
parentPort!.postMessage(result, [...buffers]);
