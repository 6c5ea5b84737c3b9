import { describe, expect, it } from 'vitest';
import { plainChunks, segmentedChunks } from '../../src/sample/conditions/segment-chunks.js';
import { chunkTask, RELATIONAL_CHUNK_CUSTOMERS } from '../../src/sample/plan.js';

describe('segmentedChunks with a relational run’s chunk size', () => {
  it('starts each segment on a new chunk, keeps rows contiguous and tells every task the run’s chunk count', () => {
    const run = segmentedChunks([9000, 300, 5000], 7, RELATIONAL_CHUNK_CUSTOMERS);
    expect(run.count).toBe(4);
    const tasks = Array.from({ length: run.count }, (_, i) => run.task(i));
    expect(tasks.map((t) => [t.segment, t.rowStart, t.rowCount])).toEqual([
      [0, 0, 8192],
      [0, 8192, 808],
      [1, 9000, 300],
      [2, 9300, 5000],
    ]);
    // Four chunks, more than ceil(14,300 / 8,192) = 2: event tables size their indices by it.
    expect(tasks.every((t) => t.runChunks === 4 && t.totalRows === 14_300 && t.seed === 7)).toBe(true);
  });

  it('a single segment has exactly the chunks of the plain run', () => {
    const one = segmentedChunks([20_000], 3, RELATIONAL_CHUNK_CUSTOMERS);
    const plain = plainChunks(20_000, 3, RELATIONAL_CHUNK_CUSTOMERS);
    expect(one.count).toBe(plain.count);
    for (let i = 0; i < plain.count; i++) {
      const { segment, runChunks, ...task } = one.task(i);
      expect(task).toEqual(plain.task(i));
      expect(plain.task(i)).toEqual(chunkTask(20_000, 3, i, RELATIONAL_CHUNK_CUSTOMERS));
      expect([segment, runChunks]).toEqual([0, 3]);
    }
  });
});
