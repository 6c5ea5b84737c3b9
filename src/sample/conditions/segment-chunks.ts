/**
 * Chunks of a run cut into segments (one per condition set): each segment is chunked like a
 * plain run, its chunks follow the previous segment's, and chunk i (counted over the whole run)
 * draws from (seed, i) as in a plain run. So a single `--where` has exactly a plain run's chunks,
 * and any worker count or shard split writes the same bytes.
 */
import { CHUNK_ROWS, type ChunkTask, chunkCount, chunkTask } from '../plan.js';

/** The chunks of a run: how many, and the task of each (by its index over the whole run). */
export interface RunChunks {
  readonly count: number;
  task(chunkIndex: number): ChunkTask;
}

export function plainChunks(rows: number, seed: number, chunkRows = CHUNK_ROWS): RunChunks {
  return {
    count: chunkCount(rows, chunkRows),
    task: (chunkIndex) => chunkTask(rows, seed, chunkIndex, chunkRows),
  };
}

/**
 * `chunkRows`: rows per chunk (RELATIONAL_CHUNK_CUSTOMERS for a relational run's customers). Every
 * task carries the run's chunk count (`runChunks`): with segments it can exceed rows / chunkRows.
 * @example segmentedChunks([70_000, 10], 7).task(2) // { chunkIndex: 2, rowStart: 70000, rowCount: 10, seed: 7, totalRows: 70010, segment: 1, runChunks: 3 }
 */
export function segmentedChunks(
  segmentRows: readonly number[],
  seed: number,
  chunkRows = CHUNK_ROWS,
): RunChunks {
  const totalRows = segmentRows.reduce((a, b) => a + b, 0);
  const tasks: ChunkTask[] = [];
  let rowStart = 0;
  segmentRows.forEach((rows, segment) => {
    for (let k = 0; k < chunkCount(rows, chunkRows); k++) {
      const rowCount = Math.min(chunkRows, rows - k * chunkRows);
      tasks.push({ chunkIndex: tasks.length, rowStart, rowCount, seed, totalRows, segment });
      rowStart += rowCount;
    }
  });
  return {
    count: tasks.length,
    task: (chunkIndex) => {
      const task = tasks[chunkIndex];
      if (task === undefined) throw new Error(`segmentedChunks: no chunk ${chunkIndex}`);
      return { ...task, runChunks: tasks.length };
    },
  };
}
