import { describe, expect, it } from 'vitest';
import {
  CellLocator,
  cellIndexOf,
  cellsFromValues,
  compactCells,
  mergeCells,
} from '../../../src/model/partial/value-cells.js';
import { makeRandom } from '../../../src/stats/random.js';

describe('CellLocator', () => {
  it('finds the same cell as the binary search, for values in, between and outside the cells', () => {
    const random = makeRandom(3);
    // Skewed values with ties and a wide range (like charges), exact and compacted onto the grid.
    const values = Float64Array.from(
      { length: 20_000 },
      () => Math.round(Math.exp(8 * random.nextDouble()) * 100) / 100,
    );
    const exact = mergeCells(
      cellsFromValues(values.subarray(0, 9000)),
      cellsFromValues(values.subarray(9000)),
    );
    for (const cells of [exact, compactCells(exact), cellsFromValues(Float64Array.of(7, 7, 7))]) {
      const locator = new CellLocator(cells);
      const probes = [
        ...values,
        ...Array.from({ length: 5000 }, () => Math.exp(9 * random.nextDouble()) - 2),
        cells.min[0]!,
        cells.max[cells.max.length - 1]!,
        -1,
        1e9,
      ];
      for (const x of probes) expect(locator.indexOf(x)).toBe(cellIndexOf(cells, x));
    }
  });
});
