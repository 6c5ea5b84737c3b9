import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { decimalsOf, observedDecimals, showsAtMost } from '../../src/model/observed-decimals.js';
import { privateCdfFromSorted } from '../../src/model/private-cdf.js';
import { makeRandom } from '../../src/stats/random.js';
import { DATASETS } from '../shared-data.js';
import {
  cdfAt,
  columnsOf,
  inverseCdf,
  knotOriginChecker,
  REAL_NUMERIC_COLUMNS,
  sortedFinite,
  withoutTailEnds,
} from './helpers.js';

function isMonotone(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v >= values[i - 1]!);
}

describe('privateCdfFromSorted on hand-made values', () => {
  it('keeps a point mass held by k rows, smooths the tails beyond the k-th order statistics, averages k-windows', () => {
    // 0 twice (an atom for k = 2); the lone 9 is beyond the k-th largest (5) and must vanish: the
    // tail continues from 5 (at level 1 − 1.5/8) at the last segment's slope, 8, to 6.5 < mean(5, 9).
    expect(privateCdfFromSorted(Float64Array.of(0, 0, 1, 2, 3, 4, 5, 9), { minCount: 2 })).toEqual({
      values: [0, 0, 1.5, 4.5, 5, 6.5],
      cumulative: [0, 0.25, 0.375, 0.75, 0.8125, 1],
    });
  });

  it('gives exact frequencies for a small integer column, rare ends becoming tails to k-row means', () => {
    // 1 (×1) and 7 (×2) are rare for k = 3; 2..6 are held by ≥ 3 rows each.
    const values = [1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7];
    const cdf = privateCdfFromSorted(Float64Array.from(values), { minCount: 3 });
    const n = values.length;
    // The atoms keep their exact frequencies; the lone 1 becomes a tail down to mean(1, 2, 2) and
    // the two 7s one up to mean(6, 7, 7): k-row aggregates, so the range stays about the real one.
    expect(cdf.values).toEqual([5 / 3, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 20 / 3]);
    expect(cdf.cumulative).toEqual([
      0,
      1 / n,
      4 / n,
      4 / n,
      8 / n,
      8 / n,
      11 / n,
      11 / n,
      14 / n,
      14 / n,
      17 / n,
      1,
    ]);
  });

  it('is a single point mass at the mean when the k-th smallest and k-th largest would cross', () => {
    expect(privateCdfFromSorted(Float64Array.of(1, 2, 3, 10), { minCount: 3 })).toEqual({
      values: [4, 4],
      cumulative: [0, 1],
    });
  });

  it('refuses fewer than k values', () => {
    expect(() => privateCdfFromSorted(Float64Array.of(1, 2), { minCount: 3 })).toThrow(RangeError);
  });

  it('bounds the number of knots on a large continuous sample', () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => Math.sqrt(i) * 1.0001);
    const cdf = privateCdfFromSorted(values, { minCount: 5 });
    expect(cdf.values.length).toBeLessThanOrEqual(2 * 256 + 512 + 4);
    expect(cdf.values.length).toBeGreaterThan(400);
  });
});

describe('privateCdfFromSorted on real columns', () => {
  const columns = REAL_NUMERIC_COLUMNS;
  const data = new Map<string, Float64Array>();
  beforeAll(async () => {
    for (const file of new Set(columns.map(([f]) => f))) {
      const table = columnsOf(await readTable(join(DATASETS, file)));
      for (const [f, column] of columns)
        if (f === file) data.set(`${f}:${column}`, sortedFinite(table.get(column)!));
    }
  });

  it.each(columns)('%s %s: every knot is an atom of ≥ k rows, an end, or a k-window mean', (file, column) => {
    const sorted = data.get(`${file}:${column}`)!;
    for (const k of [5, 10]) {
      const cdf = privateCdfFromSorted(sorted, { minCount: k });
      const originOf = knotOriginChecker(sorted, k);
      const inner = withoutTailEnds(cdf.values, sorted, k);
      const unexplained = inner.filter((v) => originOf(v) === null);
      expect(unexplained).toEqual([]);
      // Two knots sharing a value form a point mass; it must be held by at least k rows.
      for (let i = 1; i < cdf.values.length; i++) {
        if (cdf.values[i] === cdf.values[i - 1]) expect(originOf(cdf.values[i]!)).toBe('atom');
      }
      expect(inner[0]! >= sorted[k - 1]! || cdf.values[0] === cdf.values[1]).toBe(true);
      expect(inner.at(-1)! <= sorted[sorted.length - k]! || cdf.values.at(-1) === cdf.values.at(-2)).toBe(
        true,
      );
      expect(isMonotone(cdf.values)).toBe(true);
      expect(isMonotone(cdf.cumulative)).toBe(true);
      expect(cdf.cumulative[0]).toBe(0);
      expect(cdf.cumulative.at(-1)).toBe(1);
    }
  });

  it.each(columns)('%s %s: F⁻¹(F(x)) = x at the knots and the quantiles follow the data', (file, column) => {
    const sorted = data.get(`${file}:${column}`)!;
    const cdf = privateCdfFromSorted(sorted, { minCount: 5 });
    const { values, cumulative } = cdf;
    let atoms = 0;
    for (let i = 0; i < values.length; i++) {
      if (values[i + 1] === values[i]) {
        // A point mass: every u inside its jump maps to the atom, and F jumps across it.
        atoms++;
        const u = (cumulative[i]! + cumulative[i + 1]!) / 2;
        expect(inverseCdf(cdf, u)).toBe(values[i]);
        expect(cdfAt(cdf, values[i]!)).toBe(cumulative[i + 1]);
      } else if (values[i - 1] !== values[i] && cumulative[i + 1] !== cumulative[i] && cumulative[i]! < 1) {
        // A continuous knot: its own level maps back to it, and F at it is that level.
        expect(inverseCdf(cdf, cumulative[i]!)).toBeCloseTo(values[i]!, 9);
        expect(cdfAt(cdf, values[i]!)).toBeCloseTo(cumulative[i]!, 12);
      }
    }
    expect(atoms).toBeGreaterThan(0);
    // The model's median and quartiles are within one percentile of the data's.
    for (const p of [0.25, 0.5, 0.75]) {
      const x = inverseCdf(cdf, p);
      const below = sorted.filter((v) => v < x).length / sorted.length;
      const atOrBelow = sorted.filter((v) => v <= x).length / sorted.length;
      expect(below).toBeLessThanOrEqual(p + 0.01);
      expect(atOrBelow).toBeGreaterThanOrEqual(p - 0.01);
    }
  });

  it('keeps the many zeros of credit Assets as an exact point mass', () => {
    const sorted = data.get('credit_data.csv:Assets')!;
    const zeros = sorted.filter((v) => v === 0).length;
    const cdf = privateCdfFromSorted(sorted, { minCount: 5 });
    expect(cdf.values.slice(0, 2)).toEqual([0, 0]);
    expect(cdf.cumulative[1]).toBeCloseTo(zeros / sorted.length, 12);
  });
});

describe('observedDecimals', () => {
  it('counts the decimals a value prints with, including exponent forms, at most 15', () => {
    expect(observedDecimals(Float64Array.of(1, 2.5, Number.NaN, 0.125))).toBe(3);
    expect(observedDecimals(Float64Array.of(4e-4, 1e-7))).toBe(7);
    expect(observedDecimals(Float64Array.of(12, 3e21))).toBe(0);
    expect(observedDecimals(Float64Array.of(0.1 + 0.2))).toBe(15);
  });

  it('showsAtMost(x, d) proves decimalsOf(x) ≤ d: decimal-like values, their neighbours, powers of ten, any bits', () => {
    const random = makeRandom(7);
    const bits = new Float64Array(1);
    const raw = new BigUint64Array(bits.buffer);
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const places = Math.floor(random.nextDouble() * 16);
      const size = 10 ** Math.floor(random.nextDouble() * 30 - 12);
      const decimal = Math.round(random.nextDouble() * size * 10 ** places) / 10 ** places;
      values.push(decimal, random.nextDouble() * size);
      // One ulp either side of a decimal, and of a power of ten.
      for (const x of [decimal, 10 ** Math.floor(random.nextDouble() * 30 - 15)])
        for (const step of [-1n, 1n]) {
          bits[0] = x;
          raw[0]! += step;
          values.push(bits[0]!);
        }
    }
    let proven = 0;
    const violations: [number, number][] = [];
    for (const x of values) {
      if (!Number.isFinite(x) || Number.isInteger(x) || x === 0) continue;
      const exact = decimalsOf(x);
      for (let d = 0; d <= 15; d++)
        if (showsAtMost(x, d)) {
          proven++;
          if (exact > d) violations.push([x, d]);
        }
    }
    expect(violations).toEqual([]);
    expect(proven).toBeGreaterThan(100_000);
  });

  it('equals the largest decimalsOf of the values on the shared datasets’ numeric columns', async () => {
    for (const file of ['telco_churn.csv', 'credit_data.csv', 'creditcard_aer.csv']) {
      for (const [, column] of columnsOf(await readTable(join(DATASETS, file)))) {
        const numbers = Float64Array.from(column.filter((v): v is number => typeof v === 'number')).sort();
        let expected = 0;
        for (const x of numbers)
          if (Number.isFinite(x) && !Number.isInteger(x)) expected = Math.max(expected, decimalsOf(x));
        expect(observedDecimals(numbers)).toBe(expected);
      }
    }
  });
});

describe('privateCdfFromSorted near the largest doubles', () => {
  it('keeps every knot finite when values reach ±1e308 (plain sums and slopes overflow there)', () => {
    const values = Float64Array.from({ length: 60 }, (_, i) =>
      i < 6 ? -1e308 : i >= 54 ? 1e308 : i < 12 ? -9e307 + i : i >= 48 ? 9e307 + i : i,
    ).sort();
    const cdf = privateCdfFromSorted(values, { minCount: 5 });
    expect(cdf.values.every(Number.isFinite)).toBe(true);
    expect(isMonotone(cdf.values)).toBe(true);
  });
});

describe('privateCdfFromSorted with owners: the k rule counts customers', () => {
  it('keeps the plain ends and atoms when every row is its own customer (windows may sit elsewhere)', () => {
    const sorted = Float64Array.from({ length: 200 }, (_, i) => Math.floor((i * i) / 370));
    const owners = Int32Array.from({ length: 200 }, (_, i) => i);
    const withOwners = privateCdfFromSorted(sorted, { minCount: 5, owners });
    const plain = privateCdfFromSorted(sorted, { minCount: 5 });
    const atoms = (cdf: { values: number[] }) => cdf.values.filter((v, i) => v === cdf.values[i - 1]);
    expect(atoms(withOwners)).toEqual(atoms(plain));
    expect(atoms(plain).length).toBeGreaterThan(3);
    expect(withOwners.values[0]).toBeCloseTo(plain.values[0]!, 12);
    expect(withOwners.values.at(-1)).toBeCloseTo(plain.values.at(-1)!, 12);
  });

  it('stores no value of one customer, however many rows carry it', () => {
    // 40 customers with one value each (1..40), and customer 99 with the value 20.5 forty times and
    // the top value 100 forty times: by rows both would be atoms (and 100 the top end) for k = 3.
    const values: number[] = [];
    const owners: number[] = [];
    for (let c = 1; c <= 40; c++) {
      values.push(c);
      owners.push(c);
    }
    for (let r = 0; r < 40; r++) {
      values.push(20.5, 100);
      owners.push(99, 99);
    }
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sorted = Float64Array.from(order, (i) => values[i]!);
    const sortedOwners = Int32Array.from(order, (i) => owners[i]!);
    const byRows = privateCdfFromSorted(sorted, { minCount: 3 });
    expect(byRows.values).toContain(100);
    expect(byRows.values).toContain(20.5);
    const byCustomers = privateCdfFromSorted(sorted, { minCount: 3, owners: sortedOwners });
    expect(byCustomers.values).not.toContain(100);
    expect(byCustomers.values).not.toContain(20.5);
    expect(Math.max(...byCustomers.values)).toBeLessThan(100);
    expect(isMonotone(byCustomers.values)).toBe(true);
    expect(byCustomers.cumulative[0]).toBe(0);
    expect(byCustomers.cumulative[byCustomers.cumulative.length - 1]).toBe(1);
  });
});
