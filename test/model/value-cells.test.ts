import { describe, expect, it } from 'vitest';
import {
  cellsFromValues,
  compactCells,
  MAX_CELLS,
  mergeCells,
  RELATIVE_ACCURACY,
  sortedValuesOf,
} from '../../src/model/partial/value-cells.js';
import { makeRandom } from '../../src/stats/random.js';

function randomValues(n: number, seed: number): Float64Array {
  const random = makeRandom(seed);
  // Money-like values with two decimals, some zeros and some missing.
  return Float64Array.from({ length: n }, (_, i) =>
    i % 50 === 0 ? Number.NaN : i % 17 === 0 ? 0 : Math.round(random.nextDouble() * 1e7) / 100 - 1000,
  );
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('value cells', () => {
  it('merge any split of the values into the exact sorted values while under MAX_CELLS', () => {
    const values = randomValues(20_000, 1);
    const whole = cellsFromValues(values);
    const parts = [values.subarray(0, 7), values.subarray(7, 12_000), values.subarray(12_000)];
    const merged = parts.map(cellsFromValues).reduce(mergeCells);
    expect(merged).toEqual(whole);
    const present = values.filter((x) => !Number.isNaN(x)).sort();
    expect(sortedValuesOf(merged)).toEqual(present);
  });

  it('past MAX_CELLS distinct values: the same grid cells for any split, each value within 2α of its own', () => {
    const values = randomValues(MAX_CELLS + 200_000, 2);
    const present = values.filter((x) => !Number.isNaN(x)).sort();
    const whole = cellsFromValues(values);
    expect(whole.compacted).toBe(true);
    // Two halves each under the limit merge into the same compacted cells as all the values at once.
    const half = values.length >> 1;
    const halves = mergeCells(
      cellsFromValues(values.subarray(0, half)),
      cellsFromValues(values.subarray(half)),
    );
    expect(halves.compacted).toBe(true);
    expect(halves).toEqual(whole);
    expect(compactCells(cellsFromValues(concat([values.subarray(half), values.subarray(0, half)])))).toEqual(
      whole,
    );
    const approximate = sortedValuesOf(whole);
    expect(approximate.length).toBe(present.length);
    let worst = 0;
    for (let i = 0; i < present.length; i++) {
      const x = present[i]!;
      worst = Math.max(
        worst,
        x === 0 ? Math.abs(approximate[i]!) : Math.abs(approximate[i]! - x) / Math.abs(x),
      );
    }
    expect(worst).toBeLessThanOrEqual(2 * RELATIVE_ACCURACY * (1 + 1e-9));
  });
});
