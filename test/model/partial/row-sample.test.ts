import { describe, expect, it } from 'vitest';
import type { CodedBatch } from '../../../src/model/partial/coded-batch.js';
import { RowSample } from '../../../src/model/partial/stream-fit.js';
import type { ColumnSpec } from '../../../src/schema/dataset-schema.js';

const spec = { name: 'row', kind: 'integer' } as ColumnSpec;

/** Rows 0..rows−1 as batches of the given size; the one column holds the row's index. */
function batches(rows: number, size: number): CodedBatch[] {
  const out: CodedBatch[] = [];
  for (let start = 0; start < rows; start += size) {
    const n = Math.min(size, rows - start);
    const values = Float64Array.from({ length: n }, (_, i) => start + i);
    out.push({
      rowCount: n,
      rowsRead: n,
      rowsDroppedByConsent: 0,
      columns: [{ type: 'number', spec, values }],
    });
  }
  return out;
}

function sampled(rows: number, size: number, capacity: number, seed: number): Float64Array {
  const sample = new RowSample(capacity, seed);
  for (const batch of batches(rows, size)) sample.add(batch);
  const column = sample.table().columns[0]!;
  if (column.type !== 'number') throw new Error('expected numbers');
  return column.values;
}

describe('RowSample', () => {
  it('keeps every row while they fit, then a uniform sample of distinct rows, the same for a seed whatever the batches', () => {
    expect([...sampled(700, 64, 1000, 1)]).toEqual(Array.from({ length: 700 }, (_, i) => i));
    const rows = 200_000;
    const sample = sampled(rows, 4096, 5000, 1);
    expect(sample.length).toBe(5000);
    expect(new Set(sample).size).toBe(5000);
    // Each tenth of the rows holds a tenth of the sample (±4 standard deviations of a binomial).
    const tenths = new Array<number>(10).fill(0);
    for (const row of sample) tenths[Math.floor((10 * row) / rows)]!++;
    for (const count of tenths) expect(Math.abs(count - 500)).toBeLessThan(4 * Math.sqrt(5000 * 0.1 * 0.9));
    expect(sampled(rows, 1000, 5000, 1)).toEqual(sample);
    expect(sampled(rows, 4096, 5000, 2)).not.toEqual(sample);
  });
});
