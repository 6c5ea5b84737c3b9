import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, chunkCount, planChunks } from '../../src/sample/plan.js';

describe('planChunks', () => {
  it.each([1, 10, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 3 * CHUNK_ROWS + 17])(
    'cuts %i rows into consecutive full chunks and one shorter last chunk',
    (rows) => {
      const chunks = planChunks(rows, 9);
      expect(chunks).toHaveLength(chunkCount(rows));
      expect(chunks.map((c) => c.chunkIndex)).toEqual(chunks.map((_, i) => i));
      expect(chunks.reduce((sum, c) => sum + c.rowCount, 0)).toBe(rows);
      chunks.forEach((chunk, i) => {
        expect(chunk.rowStart).toBe(i * CHUNK_ROWS);
        expect(chunk.rowCount).toBe(i < chunks.length - 1 ? CHUNK_ROWS : rows - i * CHUNK_ROWS);
        expect(chunk).toMatchObject({ seed: 9, totalRows: rows });
      });
    },
  );
});
