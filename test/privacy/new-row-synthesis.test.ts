import { describe, expect, it } from 'vitest';
import { exactMatchRate } from '../../src/privacy/exact-match-rate.js';
import { newRowSynthesis } from '../../src/privacy/new-row-synthesis.js';
import type { PreparedTable } from '../../src/schema/prepare-table.js';
import { makeRandom } from '../../src/stats/random.js';
import { csvText, loadSdmetricsFixture, tableFromColumns, tableFromCsv } from './helpers.js';

const kinds = {
  pk: 'identifier',
  col1: 'identifier',
  col2: 'numeric',
  col3: 'categorical',
  col4: 'numeric',
  col5: 'categorical',
  col6: 'datetime',
} as const;

describe('NewRowSynthesis (metrics.md §1.11)', () => {
  it('scores the library test 0.8', () => {
    const real = tableFromColumns(
      {
        pk: [0, 1, 2, 3, 4],
        col1: [0, 1, 2, 3, 4],
        col2: [1, 2, 1, 3, 4],
        col3: ['a', 'b', 'c', 'd', 'b'],
        col4: [1.32, null, 1.43, null, 2.0],
        col5: [51, 52, 53, 54, 55],
        col6: ['2020-01-02', '2021-01-04', '2021-05-03', '2022-10-11', '2022-11-13'],
      },
      kinds,
    );
    const syn = tableFromColumns(
      {
        pk: [5, 6, 7, 8, 9],
        col1: [0, 1, 2, 3, 4],
        col2: [1, 3, 4, 2, 2],
        col3: ['a', 'b', 'c', 'b', 'e'],
        col4: [1.32, 1.56, 1.21, null, 1.9],
        col5: [51, 51, 54, 55, 53],
        col6: ['2020-01-02', '2022-11-24', '2022-06-01', '2021-04-12', '2020-12-11'],
      },
      kinds,
    );
    expect(newRowSynthesis(real, syn, Object.keys(kinds))).toEqual({
      score: 0.8,
      numNewRows: 4,
      numMatchedRows: 1,
    });
  });

  it('reproduces the fixture, before and after copying real row 2 into synthetic row 2', () => {
    const fx = loadSdmetricsFixture();
    expect(newRowSynthesis(fx.real, fx.synthetic, fx.header)).toEqual({
      score: fx.expected.NewRowSynthesis.score,
      numNewRows: fx.expected.NewRowSynthesis.num_new_rows,
      numMatchedRows: fx.expected.NewRowSynthesis.num_matched_rows,
    });
    const rows = fx.syntheticRows.map((row) => [...row]);
    rows[2] = ['102', ...fx.realRows[2]!.slice(1)];
    const copied = tableFromCsv(csvText(fx.header, rows), fx.schema);
    const expected = fx.expected['NewRowSynthesis (syn row 2 replaced by real row 2)'];
    const result = newRowSynthesis(fx.real, copied, fx.header);
    expect(Math.abs(result.score - expected.score)).toBeLessThan(1e-12);
    expect(result.numNewRows).toBe(expected.num_new_rows);
    expect(result.numMatchedRows).toBe(expected.num_matched_rows);
  });

  it('measures the tolerance relative to the synthetic value; 0 needs an exact 0; missing meets missing', () => {
    // A label column keeps CSV lines non-empty when x is missing.
    const kinds = { k: 'categorical', x: 'numeric' } as const;
    const real = tableFromColumns({ k: ['k', 'k', 'k'], x: [100, 0, null] }, kinds);
    const score = (values: (number | null)[]) =>
      newRowSynthesis(real, tableFromColumns({ k: values.map(() => 'k'), x: values }, kinds), ['k', 'x'])
        .numMatchedRows;
    expect(score([101])).toBe(1); // |100 - 101| = 1 <= 1.01
    expect(score([99])).toBe(0); // |100 - 99| = 1 > 0.99: the tolerance follows the synthetic value
    expect(score([0])).toBe(1);
    expect(score([1e-300])).toBe(0);
    expect(score([null])).toBe(1);
  });

  it('agrees with the row-by-row definition on random near-matches', () => {
    const random = makeRandom(21);
    const make = (n: number): PreparedTable =>
      tableFromColumns(
        {
          a: Array.from({ length: n }, () => Math.round(random.nextDouble() * 200) / 2),
          b: Array.from({ length: n }, () =>
            random.nextDouble() < 0.2 ? null : Math.round(random.nextDouble() * 40),
          ),
          c: Array.from({ length: n }, () =>
            random.nextDouble() < 0.1 ? null : `k${Math.floor(random.nextDouble() * 3)}`,
          ),
        },
        { a: 'numeric', b: 'integer', c: 'categorical' },
      );
    const real = make(300);
    const syn = make(400);
    const ref = (s: number) => {
      for (let r = 0; r < real.rowCount; r++) {
        let ok = true;
        for (const name of ['a', 'b', 'c']) {
          const rc = real.columns.find((c) => c.spec.name === name)!;
          const sc = syn.columns.find((c) => c.spec.name === name)!;
          if (rc.type === 'number' && sc.type === 'number') {
            const x = sc.values[s]!;
            const y = rc.values[r]!;
            if (Number.isNaN(x)) ok &&= Number.isNaN(y);
            else ok &&= Math.abs(y - x) <= Math.abs(0.01 * x);
          } else ok &&= rc.values[r] === sc.values[s];
        }
        if (ok) return true;
      }
      return false;
    };
    let matched = 0;
    for (let s = 0; s < syn.rowCount; s++) if (ref(s)) matched++;
    expect(matched).toBeGreaterThan(0);
    expect(newRowSynthesis(real, syn, ['a', 'b', 'c']).numMatchedRows).toBe(matched);
  });

  it('samples synthetic rows when asked, seeded', () => {
    const fx = loadSdmetricsFixture();
    const r = newRowSynthesis(fx.real, fx.synthetic, fx.header, {
      syntheticSampleSize: 5,
      random: makeRandom(1),
    });
    expect(r.numNewRows + r.numMatchedRows).toBe(5);
  });
});

describe('exact-match rate', () => {
  it('is 1 for copies, 0 for the fixture, and treats missing as equal', () => {
    const fx = loadSdmetricsFixture();
    expect(exactMatchRate(fx.real, fx.real, fx.header)).toEqual({ rate: 1, matchedRows: 12, rows: 12 });
    expect(exactMatchRate(fx.real, fx.synthetic, fx.header).matchedRows).toBe(0);
    const real = tableFromColumns({ x: [1.5, null], y: ['a', null] }, { x: 'numeric', y: 'categorical' });
    const syn = tableFromColumns(
      { x: [null, 1.5, 1.5], y: [null, 'a', 'b'] },
      { x: 'numeric', y: 'categorical' },
    );
    expect(exactMatchRate(real, syn, ['x', 'y'])).toEqual({ rate: 2 / 3, matchedRows: 2, rows: 3 });
  });

  it('ignores identifier columns (fresh keys in synthetic data)', () => {
    const fx = loadSdmetricsFixture();
    const rows = fx.realRows.map((row, i) => [String(500 + i), ...row.slice(1)]);
    const relabelled = tableFromCsv(csvText(fx.header, rows), fx.schema);
    expect(exactMatchRate(fx.real, relabelled, fx.header).rate).toBe(1);
  });
});
