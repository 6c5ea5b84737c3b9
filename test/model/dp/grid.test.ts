import { describe, expect, it } from 'vitest';
import { cdfFromSegments } from '../../../src/model/dp/cdf-from-segments.js';
import { isotonicIncreasing } from '../../../src/model/dp/isotonic.js';
import {
  BUCKET_COUNT,
  binOf,
  bucketIndex,
  bucketRange,
  DATETIME_ORIGIN_MS,
  EDGE_OFFSET,
  latticeFor,
  splitRange,
  ZERO_BUCKET,
} from '../../../src/model/dp/magnitude-grid.js';
import { cdfAt } from '../../../src/model/dp/private-cdf-at.js';
import { makeRandom } from '../../../src/stats/random.js';

describe('the magnitude grid', () => {
  it('puts every unit in the bucket whose range holds it, buckets in value order', () => {
    const random = makeRandom(4);
    const samples = [0, 1, -1, 2, 3, 4, -4, -5, 7, 8, 1023, 1024, -1024, 2 ** 52, -(2 ** 52), 2 ** 53 - 1];
    for (let i = 0; i < 2000; i++) {
      const magnitude = Math.floor(2 ** (random.nextDouble() * 52));
      samples.push(random.nextDouble() < 0.5 ? -magnitude : magnitude);
    }
    for (const r of samples) {
      const index = bucketIndex(r);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(BUCKET_COUNT);
      const [low, high] = bucketRange(index);
      expect(r >= low && r < high).toBe(true);
    }
    for (let i = 1; i < BUCKET_COUNT; i++) expect(bucketRange(i)[0]).toBe(bucketRange(i - 1)[1]);
    expect(bucketIndex(0)).toBe(ZERO_BUCKET);
    expect(bucketRange(bucketIndex(5))).toEqual([4, 8]);
    expect(bucketRange(bucketIndex(-5))).toEqual([-7, -3]);
  });

  it('splits ranges into whole units and finds the bin of a unit, clamping outside ones', () => {
    expect(splitRange(4, 8, 2)).toEqual([4, 6, 8]);
    expect(splitRange(4, 8, 10)).toEqual([4, 5, 6, 7, 8]);
    expect(splitRange(0, 1, 8)).toEqual([0, 1]);
    const edges = [0, 1, 4, 8, 16];
    expect([-3, 0, 1, 3, 4, 15, 16, 99].map((r) => binOf(edges, r))).toEqual([0, 0, 1, 1, 2, 3, 3, 3]);
  });

  it('puts edges a hair below the rounding boundaries, so no recorded value is ever an edge', () => {
    const integer = latticeFor({ kind: 'integer' });
    expect(integer.unitOf(41)).toBe(41);
    expect(integer.edgeValue(24)).toBe(23.5 - EDGE_OFFSET);
    expect(Math.round(integer.edgeValue(24))).toBe(23);
    const cents = latticeFor({ kind: 'numeric', decimals: 2 });
    expect(cents.unitOf(18.25)).toBe(1825);
    const edge = cents.edgeValue(1825);
    expect(edge).toBeLessThan(18.245);
    expect(edge).toBeGreaterThan(18.2449);
    expect(Math.round(edge * 100)).toBe(1824);
    const days = latticeFor({ kind: 'datetime', unit: 'date' });
    expect(days.unitOf(DATETIME_ORIGIN_MS + 3 * 86_400_000)).toBe(3);
    expect(Math.round(days.edgeValue(3) / 86_400_000)).toBe(DATETIME_ORIGIN_MS / 86_400_000 + 2);
    const ms = latticeFor({ kind: 'datetime', unit: 'timestamp' });
    expect(ms.unitOf(DATETIME_ORIGIN_MS + 5)).toBe(5);
    expect(ms.edgeValue(5)).toBeLessThan(DATETIME_ORIGIN_MS + 4.5);
    expect(Math.round(ms.edgeValue(5))).toBe(DATETIME_ORIGIN_MS + 4);
  });
});

describe('post-processing', () => {
  it('isotonic regression pools adjacent violators (least squares)', () => {
    expect(isotonicIncreasing([1, 3, 2, 4])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonicIncreasing([5, 4, 3])).toEqual([4, 4, 4]);
    expect(isotonicIncreasing([1, 2, 3])).toEqual([1, 2, 3]);
    expect(isotonicIncreasing([])).toEqual([]);
  });

  it('turns noisy bins and point masses into a CDF from 0 to 1 with knots off the lattice', () => {
    const lattice = latticeFor({ kind: 'integer' });
    const { cdf, presentTotal } = cdfFromSegments(
      [
        { low: 0, high: 4, mass: 30 },
        { low: 4, high: 8, mass: -3 },
        { low: 8, high: 16, mass: 10 },
      ],
      new Map([
        [2, 50],
        [20, 10],
      ]),
      lattice,
    );
    expect(cdf.cumulative[0]).toBe(0);
    expect(cdf.cumulative.at(-1)).toBe(1);
    for (let i = 1; i < cdf.values.length; i++) {
      expect(cdf.values[i]!).toBeGreaterThan(cdf.values[i - 1]!);
      expect(cdf.cumulative[i]!).toBeGreaterThanOrEqual(cdf.cumulative[i - 1]!);
    }
    for (const value of cdf.values) expect(Number.isInteger(value + 0.5 + EDGE_OFFSET)).toBe(true);
    // The point mass at 2 is its own unit: F rises by 50 / total across it.
    const atTwo = cdfAt(cdf, lattice.edgeValue(3)) - cdfAt(cdf, lattice.edgeValue(2));
    expect(atTwo * presentTotal).toBeCloseTo(50, 6);
    // The point mass at 20 lies beyond the bins: the gap 16 … 19 holds nothing.
    expect(cdfAt(cdf, lattice.edgeValue(20))).toBeCloseTo(cdfAt(cdf, lattice.edgeValue(16)), 12);
    expect(presentTotal).toBeCloseTo(97, 9);
  });

  it('cdfAt interpolates between knots and is flat outside them', () => {
    const cdf = { values: [0, 10, 20], cumulative: [0, 0.5, 1] };
    expect(cdfAt(cdf, -5)).toBe(0);
    expect(cdfAt(cdf, 5)).toBe(0.25);
    expect(cdfAt(cdf, 10)).toBe(0.5);
    expect(cdfAt(cdf, 15)).toBe(0.75);
    expect(cdfAt(cdf, 25)).toBe(1);
  });
});
