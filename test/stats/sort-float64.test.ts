import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { makeRandom } from '../../src/stats/random.js';
import { sortFloat64 } from '../../src/stats/sort-float64.js';
import { columnsOf } from '../model/helpers.js';
import { DATASETS } from '../shared-data.js';

/** Same bits, position by position (Object.is tells −0 from +0). */
function expectSameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const differing: number[] = [];
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) differing.push(i);
  expect(differing).toEqual([]);
}

describe('sortFloat64', () => {
  it('orders as Float64Array.prototype.sort: signs, ±0, ±Infinity, subnormals, repeats, any size', () => {
    const random = makeRandom(3);
    const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
    for (const n of [0, 1, 7, 511, 512, 513, 4096, 100_003]) {
      const values = Float64Array.from({ length: n }, (_, i) => {
        const u = random.nextDouble();
        if (i % 11 === 0) return special[i % special.length]!;
        if (i % 3 === 0) return Math.round(u * 50) - 25; // many repeats
        return (u - 0.5) * 10 ** Math.floor(random.nextDouble() * 40 - 20);
      });
      expectSameBits(sortFloat64(values.slice()), values.slice().sort());
    }
  });

  it('skips digits every value shares and still sorts (one exponent, one sign)', () => {
    const random = makeRandom(4);
    const values = Float64Array.from({ length: 20_000 }, () => 1 + random.nextDouble());
    expectSameBits(sortFloat64(values.slice()), values.slice().sort());
    const constant = new Float64Array(1000).fill(-2.5);
    expectSameBits(sortFloat64(constant.slice()), constant);
  });

  it('sorts a subarray in place without touching the rest of its buffer', () => {
    const whole = Float64Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3001);
    const copy = whole.slice();
    sortFloat64(whole.subarray(1000, 2500));
    expectSameBits(whole.subarray(1000, 2500), copy.subarray(1000, 2500).sort());
    expectSameBits(whole.subarray(0, 1000), copy.subarray(0, 1000));
    expectSameBits(whole.subarray(2500), copy.subarray(2500));
  });

  it('orders the shared datasets’ numeric columns as the built-in sort', async () => {
    for (const file of ['telco_churn.csv', 'credit_data.csv', 'creditcard_aer.csv']) {
      for (const [, column] of columnsOf(await readTable(join(DATASETS, file)))) {
        const numbers = Float64Array.from(
          column.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)),
        );
        if (numbers.length === 0) continue;
        expectSameBits(sortFloat64(numbers.slice()), numbers.slice().sort());
      }
    }
  });
});
