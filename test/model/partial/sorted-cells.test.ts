/**
 * The model's assembly reads a numeric column's cells by rank (sortedValuesOfCells) instead of
 * expanding them (sortedValuesOf): on the shared datasets' numeric columns, exact and compacted,
 * both must give the same values, runs, CDF and column model bit for bit.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../../src/io/read-table.js';
import { continuousColumnModel } from '../../../src/model/continuous-model.js';
import {
  cellsFromValues,
  compactCells,
  mergeCells,
  sortedValuesOf,
  sortedValuesOfCells,
  type ValueCells,
} from '../../../src/model/partial/value-cells.js';
import { privateCdfFromSorted } from '../../../src/model/private-cdf.js';
import { type SortedValues, sortedArrayValues } from '../../../src/model/sorted-values.js';
import { DATASETS } from '../../shared-data.js';
import { columnsOf, REAL_NUMERIC_COLUMNS } from '../helpers.js';

const COLUMNS = REAL_NUMERIC_COLUMNS;

/** A column's values as the streamed fit sums them: cells of batches of 1,000 rows, merged. */
function streamedCells(values: Float64Array): ValueCells {
  let cells: ValueCells | null = null;
  for (let at = 0; at < values.length; at += 1000) {
    const batch = cellsFromValues(values.subarray(at, at + 1000));
    cells = cells === null ? batch : mergeCells(cells, batch);
  }
  return cells!;
}

/** Compacted cells of `width` neighbouring exact cells each, as a coarser grid would make them. */
function coarseCells(exact: ValueCells, width: number): ValueCells {
  const size = Math.ceil(exact.count.length / width);
  const min = new Float64Array(size);
  const max = new Float64Array(size);
  const count = new Float64Array(size);
  exact.count.forEach((n, i) => {
    const c = Math.floor(i / width);
    if (i % width === 0) min[c] = exact.min[i]!;
    max[c] = exact.max[i]!;
    count[c]! += n;
  });
  return { compacted: true, min, max, count };
}

/** Every rank, run and distinct value of the view against those of the expanded array. */
function expectSameValues(view: SortedValues, expanded: Float64Array): void {
  const reference = sortedArrayValues(expanded);
  expect(view.length).toBe(expanded.length);
  const mismatches: number[] = [];
  for (let r = 0; r < expanded.length; r++) if (!Object.is(view.at(r), expanded[r])) mismatches.push(r);
  expect(mismatches).toEqual([]);
  for (const min of [1, 2, 5, 10]) expect(view.runsAtLeast(min)).toEqual(reference.runsAtLeast(min));
  expect(new Set(view.distinct())).toEqual(new Set(expanded));
}

describe('sortedValuesOfCells against the expansion on real columns', () => {
  const data = new Map<string, Float64Array>();
  let spreadCells = 0;
  beforeAll(async () => {
    for (const file of new Set(COLUMNS.map(([f]) => f))) {
      const table = columnsOf(await readTable(join(DATASETS, file)));
      for (const [f, column] of COLUMNS)
        if (f === file)
          data.set(
            `${f}:${column}`,
            Float64Array.from(table.get(column)!, (v) => (typeof v === 'number' ? v : Number.NaN)),
          );
    }
  });

  it.each(COLUMNS)('%s %s: same values, runs, CDF and column model, exact and compacted', (file, column) => {
    const values = data.get(`${file}:${column}`)!;
    const exact = streamedCells(values);
    expect(exact.compacted).toBe(false);
    // Compacted onto the grid, cells spread their counts between min and max: the other branch
    // (few real values share a grid cell, so also cells of 7 neighbouring values each).
    for (const cells of [exact, compactCells(exact), coarseCells(exact, 7)]) {
      cells.min.forEach((low, i) => {
        if (low !== cells.max[i]) spreadCells++;
      });
      const expanded = sortedValuesOf(cells);
      const view = sortedValuesOfCells(cells);
      expectSameValues(view, expanded);
      for (const minCount of [1, 5, 10])
        expect(privateCdfFromSorted(view, { minCount })).toStrictEqual(
          privateCdfFromSorted(expanded, { minCount }),
        );
      const spec = { name: column, kind: 'numeric' as const };
      expect(continuousColumnModel(spec, view, values.length, { minCount: 5 })).toStrictEqual(
        continuousColumnModel(spec, expanded, values.length, { minCount: 5 }),
      );
    }
  });

  it('the compacted columns did include cells spread between a min and a max', () => {
    expect(spreadCells).toBeGreaterThan(1000);
  });
});

describe('sortedValuesOfCells on edge cells', () => {
  it('a grid cell spread below a double’s resolution has runs of equal values, as its expansion', () => {
    const cells: ValueCells = {
      compacted: true,
      min: Float64Array.of(-3, 1, 7),
      max: Float64Array.of(-3, 1 + 2 * Number.EPSILON, 7.5),
      count: Float64Array.of(4, 40, 6),
    };
    const expanded = sortedValuesOf(cells);
    expectSameValues(sortedValuesOfCells(cells), expanded);
    expect(sortedValuesOfCells(cells).runsAtLeast(5).counts.length).toBeGreaterThan(0);
    expect(privateCdfFromSorted(sortedValuesOfCells(cells), { minCount: 5 })).toStrictEqual(
      privateCdfFromSorted(expanded, { minCount: 5 }),
    );
  });

  it('-0 and 0 share one exact cell, read as its first value in sort order', () => {
    const cells = cellsFromValues(Float64Array.of(0, -0, 0, 2, 2));
    expectSameValues(sortedValuesOfCells(cells), sortedValuesOf(cells));
  });
});
