import { describe, expect, it } from 'vitest';
import { dcr, dcrSync, medianOf } from '../../src/privacy/dcr.js';
import { encodeForDistance } from '../../src/privacy/distance-encoding.js';
import { buildDistanceIndex } from '../../src/privacy/distance-index.js';
import { distanceWorkerPath, makeDistancePool } from '../../src/privacy/distance-pool.js';
import { minDistances, nearestDistances } from '../../src/privacy/nearest-distances.js';
import { type PreparedColumn, type PreparedTable, selectRows } from '../../src/schema/prepare-table.js';
import { makeRandom, type RandomSource } from '../../src/stats/random.js';
import {
  dcrOracle,
  distanceOracle,
  loadSdmetricsFixture,
  loadStudentPlacements,
  tableFromColumns,
} from './helpers.js';

const T = true;
const F = false;

// metrics.md §1.7 [library test] (SDMetrics tests/unit/single_table/privacy/test_dcr_utils.py)
const dates = ['2025-01-01', '2025-01-31', '2025-01-10', '2025-01-21', null, '2025-01-12'];
const synDates = ['2025-01-10', '2025-01-22', null, '2025-01-02', '2025-01-30', '2025-01-06'];
const kinds = {
  num: 'numeric',
  cat: 'categorical',
  cat_int: 'categorical',
  bool: 'boolean',
  dt_str: 'datetime',
  dt: 'datetime',
} as const;
const libraryReal = tableFromColumns(
  {
    num: [10, 20, null, 40, 50, 60],
    cat: ['A', 'B', 'A', null, 'B', 'C'],
    cat_int: [1, 2, 1, null, 2, 3],
    bool: [T, F, T, F, null, F],
    dt_str: dates,
    dt: dates,
  },
  kinds,
);
const librarySyn = tableFromColumns(
  {
    num: [10, 25, 30, 21, 7, null],
    cat: ['C', null, 'A', null, 'B', 'C'],
    cat_int: [3, null, 1, null, 2, 3],
    bool: [F, T, T, F, T, null],
    dt_str: synDates,
    dt: synDates,
  },
  kinds,
);
const allColumns = Object.keys(kinds);

describe('dcr (SDMetrics calculate_dcr, metrics.md §1.7)', () => {
  it('reproduces the library test on mixed columns with missing values (rtol 1e-5)', () => {
    const expected = [0.188888, 0.2277777, 0.4, 0.274444, 0.221111, 0.4];
    const actual = dcrSync(librarySyn, libraryReal, allColumns);
    expected.forEach((e, i) => {
      expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(1e-5 * e);
    });
    // The exact values, from the definition: e.g. row 0 is nearest real row 5: (1 + 2 * 2/30) / 6.
    expect(actual[0]).toBeCloseTo((1 + (2 * 2) / 30) / 6, 12);
  });

  it('gives 0 for every row against itself', () => {
    expect([...dcrSync(librarySyn, librarySyn, allColumns)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('uses only the named columns: num alone gives the library values', () => {
    const actual = dcrSync(librarySyn, libraryReal, ['num']);
    const expected = [0.0, 0.1, 0.2, 0.02, 0.06, 0.0];
    expected.forEach((e, i) => {
      expect(actual[i]).toBeCloseTo(e, 12);
    });
  });

  it('compares zero-range columns for equality (library test)', () => {
    const real = tableFromColumns({ num: [5.0], date: ['2025-01-01'] }, { num: 'numeric', date: 'datetime' });
    const syn = tableFromColumns(
      { num: [3.0, 5.0, 3.0], date: ['2025-01-02', '2025-01-01', '2025-01-01'] },
      { num: 'numeric', date: 'datetime' },
    );
    expect([...dcrSync(syn, real, ['num', 'date'])]).toEqual([1, 0, 0.5]);
  });

  it('reproduces the fixture DCR(syn → real) values and median within 1e-9', () => {
    const fx = loadSdmetricsFixture();
    const columns = fx.header.filter((c) => c !== 'id');
    const actual = dcrSync(fx.synthetic, fx.real, columns);
    const expected = fx.expected.DCR_syn_to_real as number[];
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, i) => {
      expect(Math.abs(actual[i]! - e)).toBeLessThan(1e-9);
    });
    expect(Math.abs(medianOf(actual) - fx.expected.DCR_syn_to_real_median)).toBeLessThan(1e-9);
  });

  it('reproduces the student_placements reference output (median, mean, min, max, first 5)', () => {
    const { real, synthetic, columns } = loadStudentPlacements();
    const d = dcrSync(synthetic, real, columns);
    expect(d.length).toBe(215);
    expect(Math.abs(medianOf(d) - 0.19452881022632323)).toBeLessThan(1e-9);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(Math.abs(mean - 0.1907820050634842)).toBeLessThan(1e-9);
    expect(Math.abs(Math.min(...d) - 0.04158234583833433)).toBeLessThan(1e-9);
    expect(Math.abs(Math.max(...d) - 0.3208542944134714)).toBeLessThan(1e-9);
    const first = [
      0.16101245554630653, 0.17067111699461587, 0.2027147436338728, 0.13811433582319954, 0.2172655793494619,
    ];
    first.forEach((e, i) => {
      expect(Math.abs(d[i]! - e)).toBeLessThan(1e-9);
    });
  });

  it('ignores identifier columns and rejects a column missing from one table', () => {
    const fx = loadSdmetricsFixture();
    const withId = dcrSync(fx.synthetic, fx.real, fx.header);
    const withoutId = dcrSync(
      fx.synthetic,
      fx.real,
      fx.header.filter((c) => c !== 'id'),
    );
    expect([...withId]).toEqual([...withoutId]);
    expect(() => dcrSync(fx.synthetic, fx.real, ['age', 'nope'])).toThrowError(/no column "nope"/);
    expect(() => dcrSync(fx.synthetic, fx.real, ['id'])).toThrowError(/no numeric/);
  });
});

/** A random mixed table: clustered numbers, ties, NaN, a zero-range column, few-level labels. */
function mixedTable(n: number, random: RandomSource, constantValue = 7): PreparedTable {
  const num = (name: string, make: () => number): PreparedColumn => ({
    type: 'number',
    spec: { name, kind: 'numeric' },
    values: Float64Array.from({ length: n }, make),
  });
  const lab = (name: string, levels: number, missing: number): PreparedColumn => ({
    type: 'label',
    spec: { name, kind: 'categorical' },
    values: Array.from({ length: n }, () =>
      random.nextDouble() < missing ? null : `L${Math.floor(random.nextDouble() * levels)}`,
    ),
  });
  const columns: PreparedColumn[] = [
    num('a', () => Math.round(random.nextDouble() * 20) / 2),
    num('b', () => (random.nextDouble() < 0.1 ? Number.NaN : random.nextDouble() ** 3 * 1000)),
    lab('c', 3, 0.05),
    num('d', () => (random.nextDouble() < 0.05 ? Number.NaN : constantValue)),
    lab('e', 2, 0),
    num('f', () => 1.6e12 + Math.floor(random.nextDouble() * 50) * 86_400_000),
    lab('g', 6, 0.2),
  ];
  return { rowCount: n, rowsRead: n, rowsDroppedByConsent: 0, columns };
}

describe('nearest-distance kernel', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('equals the literal O(n·m) definition on random mixed data (exact pruning)', () => {
    for (const seed of [1, 2, 3]) {
      const random = makeRandom(seed);
      const reference = mixedTable(400, random);
      const query = mixedTable(150, random, seed === 2 ? 8 : 7);
      const oracle = dcrOracle(query, reference, names);
      const encoding = encodeForDistance(query, reference, names);
      for (const leafSize of [1, 5, 64]) {
        const fast = minDistances(encoding.query, buildDistanceIndex(encoding.reference, { leafSize }));
        oracle.forEach((o, i) => {
          expect(Math.abs(fast[i]! - o)).toBeLessThan(1e-12);
        });
      }
    }
  });

  it('returns the two smallest distances in order for k = 2', () => {
    const random = makeRandom(9);
    const reference = mixedTable(300, random);
    const query = mixedTable(60, random);
    const encoding = encodeForDistance(query, reference, names);
    const index = buildDistanceIndex(encoding.reference, { leafSize: 4 });
    const two = nearestDistances(encoding.query, index, 2);
    const all = distanceOracle(query, reference, names);
    all.forEach((row, i) => {
      const sorted = [...row].sort((x, y) => x - y);
      expect(Math.abs(two[2 * i]! - sorted[0]!)).toBeLessThan(1e-12);
      expect(Math.abs(two[2 * i + 1]! - sorted[1]!)).toBeLessThan(1e-12);
    });
  });

  it('stays exact when the reference is full of identical rows', () => {
    const random = makeRandom(12);
    const base = mixedTable(50, random);
    const rows = Int32Array.from({ length: 900 }, (_, i) => (i < 600 ? 7 : i % 50));
    const reference = selectRows(base, rows);
    const query = mixedTable(80, random);
    const encoding = encodeForDistance(query, reference, names);
    const two = nearestDistances(encoding.query, buildDistanceIndex(encoding.reference, { leafSize: 8 }), 2);
    distanceOracle(query, reference, names).forEach((row, i) => {
      const sorted = [...row].sort((x, y) => x - y);
      expect(Math.abs(two[2 * i]! - sorted[0]!)).toBeLessThan(1e-12);
      expect(Math.abs(two[2 * i + 1]! - sorted[1]!)).toBeLessThan(1e-12);
    });
  });

  it('gives Infinity as the second distance when the reference has one row', () => {
    const random = makeRandom(4);
    const encoding = encodeForDistance(mixedTable(3, random), mixedTable(1, random), names);
    const two = nearestDistances(encoding.query, buildDistanceIndex(encoding.reference), 2);
    expect(two[1]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(two[0]!)).toBe(true);
  });

  it('gives the same values from worker threads as in this thread', async () => {
    expect(distanceWorkerPath()).not.toBeNull();
    const random = makeRandom(5);
    const reference = mixedTable(3000, random);
    const query = mixedTable(5000, random);
    const inThread = dcrSync(query, reference, names);
    const pool = makeDistancePool(2);
    expect(pool).not.toBeNull();
    try {
      const parallel = await dcr(query, reference, names, { pool: pool! });
      expect([...parallel]).toEqual([...inThread]);
    } finally {
      await pool!.destroy();
    }
    const ownPool = await dcr(query, reference, names, { workers: 2 });
    expect([...ownPool]).toEqual([...inThread]);
  });
});
