import { describe, expect, it } from 'vitest';
import { fitCorrectionModelLikeAnonymeter } from '../../src/privacy/anonymeter/curve-fit-correction.js';
import { encodeGower, gowerDistance, nearestNeighbors } from '../../src/privacy/anonymeter/gower.js';
import { inference, inferenceGuessesCorrect } from '../../src/privacy/anonymeter/inference.js';
import { countLinks, linkability, linkabilityResults } from '../../src/privacy/anonymeter/linkability.js';
import { bindValue, evaluationResults, residualSuccess } from '../../src/privacy/anonymeter/risk.js';
import { singlingOut } from '../../src/privacy/anonymeter/singling-out.js';
import {
  fitCorrectionModel,
  measureQueriesSuccess,
  singlingOutProbabilityIntegral,
} from '../../src/privacy/anonymeter/singling-out-correction.js';
import {
  compileQuery,
  countMatches,
  countSinglingOut,
  makeQuery,
  multivariateQueries,
  randomQueries,
  univariateQueries,
} from '../../src/privacy/anonymeter/singling-out-queries.js';
import { successRate } from '../../src/privacy/anonymeter/wilson.js';
import { selectRows, sliceRows } from '../../src/schema/prepare-table.js';
import { makeRandom } from '../../src/stats/random.js';
import { tableFromColumns } from './helpers.js';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

describe('Wilson success rate and risk (metrics.md §2.1, Anonymeter test_confidence.py)', () => {
  it('matches the library values', () => {
    const r = (n: number, k: number, cl = 0.95) => successRate(n, k, cl);
    expect([round(r(1000, 850).rate, 3), round(r(1000, 850).error, 3)]).toEqual([0.849, 0.022]);
    expect([round(r(1000, 0).rate, 3), round(r(1000, 0).error, 3)]).toEqual([0.002, 0.002]);
    expect([round(r(1000, 1000).rate, 3), round(r(1000, 1000).error, 3)]).toEqual([0.998, 0.002]);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12);
    close(r(100, 23).rate, 0.23998824451588613);
    close(r(100, 23).error, 0.08155558571285167);
    close(r(100, 11).rate, 0.1244274643007244);
    close(r(100, 11).error, 0.06188550073007873);
    close(r(100, 100).rate, 0.9815032508965071);
    close(r(100, 100).error, 0.01849674910349284);
    close(r(100, 100, 0.68).rate, 0.9951036894831882);
    close(r(100, 100, 0.68).error, 0.004896310516811869);
  });

  it('gives k/n and no error at confidence level 0', () => {
    expect(successRate(7, 3, 0)).toEqual({ rate: 3 / 7, error: 0 });
    expect(() => successRate(7, 3, 1.5)).toThrowError(/between 0 and 1/);
  });

  it('computes the residual risk (0.333, 0.16) and binds values to [0, 1]', () => {
    const residual = residualSuccess({ rate: 0.9, error: 0.02 }, { rate: 0.85, error: 0.02 });
    expect([round(residual.rate, 3), round(residual.error, 2)]).toEqual([0.333, 0.16]);
    const b = (v: number, e: number) => {
      const { value, ci } = bindValue(v, e);
      return [value, round(ci[0], 12), round(ci[1], 12)];
    };
    expect(b(0.1, 0.3)).toEqual([0.1, 0.0, 0.4]);
    expect(b(1.1, 0.5)).toEqual([1.0, 0.6, 1.0]);
    expect(b(-0.1, 0.2)).toEqual([0.0, 0.0, 0.1]);
  });

  it('uses the control for the risk when there is one, and warns like Anonymeter', () => {
    const withControl = evaluationResults({
      nAttacks: 100,
      nSuccess: 30,
      nBaseline: 5,
      nControl: 10,
      confidenceLevel: 0,
    });
    expect(withControl.risk.value).toBeCloseTo((0.3 - 0.1) / 0.9, 12);
    const useless = evaluationResults({
      nAttacks: 100,
      nSuccess: 5,
      nBaseline: 10,
      nControl: 100,
      confidenceLevel: 0,
    });
    expect(useless.warnings).toHaveLength(2);
  });
});

describe('Anonymeter distance and neighbours (metrics.md §2.2)', () => {
  it('gower distance is a sum: 3 for all-categorical and all-numeric rows', () => {
    expect(gowerDistance([1, 0, 1, 0], [1, 1, 0, 1], 0)).toBe(3);
    expect(gowerDistance([1, 0, 1, 0], [1, 1, 0, 1], 4)).toBe(3);
    expect(gowerDistance([Number.NaN, 0], [Number.NaN, 0], 2)).toBe(1); // two missing numbers count 1
    expect(gowerDistance([Number.NaN, 0], [1, 0], 2)).toBeNaN();
  });

  it('orders neighbours as the library test, scaling by the range over candidates and queries', () => {
    const kinds = { num: 'numeric', cat: 'categorical' } as const;
    const ori = tableFromColumns({ num: [0.0, 0.2, 0.15, 0.1], cat: ['a', 'a', 'a', 'a'] }, kinds);
    const query = tableFromColumns({ num: [0.01, 0.0], cat: ['a', 'a'] }, kinds);
    const enc = encodeGower(ori, query, ['num', 'cat']);
    const nn = nearestNeighbors(enc.queries, enc.candidates, 4);
    expect([...nn.indices.subarray(0, 4)]).toEqual([0, 3, 2, 1]);
    expect(nn.distances[4 + 3]).toBe(1); // query 0.0 to row 1: exactly 0.2 / 0.2
  });

  it('sorts NaN distances last and breaks ties by row order', () => {
    const kinds = { num: 'numeric', cat: 'categorical' } as const;
    const syn = tableFromColumns({ num: [null, 5, 1], cat: ['a', 'b', 'a'] }, kinds);
    const query = tableFromColumns({ num: [1], cat: ['b'] }, kinds);
    const enc = encodeGower(syn, query, ['num', 'cat']);
    // Rows 1 (|1 - 5| / 4 = 1, same label) and 2 (same number, other label) are both 1 away.
    expect([...nearestNeighbors(enc.queries, enc.candidates, 3).indices]).toEqual([1, 2, 0]);
  });
});

describe('LinkabilityEvaluator (metrics.md §2.4)', () => {
  const kinds = { col0: 'numeric', col1: 'numeric' } as const;
  const ori = tableFromColumns({ col0: [0, 0, 4, 0], col1: [0, 1, 9, 4] }, kinds);
  const syn = tableFromColumns({ col0: [0, 1, 4, 9], col1: [0, 1, 4, 9] }, kinds);
  const cases: [number, number, number, [number, number]][] = [
    [1, 0, 0.25, [0.25, 0.25]],
    [2, 0, 1, [1, 1]],
    [3, 0, 1, [1, 1]],
    [4, 0, 1, [1, 1]],
    [1, 0.95, 0.3725, [0.045587, 0.699358]],
    [2, 0.95, 0.7551, [0.5102, 1.0]],
  ];

  it('reproduces the library values for k = 1..4 (run with k, and run with 4 then re-scored)', () => {
    for (const nAttacks of [4, null]) {
      for (const [k, cl, risk, ci] of cases) {
        const direct = linkabilityResults(
          linkability(ori, syn, null, {
            auxColumns: [['col0'], ['col1']],
            nAttacks,
            nNeighbors: k,
            random: makeRandom(k),
          }),
          { confidenceLevel: cl },
        );
        const wide = linkability(ori, syn, null, {
          auxColumns: [['col0'], ['col1']],
          nAttacks,
          nNeighbors: 4,
          random: makeRandom(9),
        });
        const rescored = linkabilityResults(wide, { nNeighbors: k, confidenceLevel: cl });
        for (const r of [direct, rescored]) {
          expect(Math.abs(r.risk.value - risk)).toBeLessThan(1e-4);
          expect(Math.abs(r.risk.ci[0] - ci[0])).toBeLessThan(1e-4);
          expect(Math.abs(r.risk.ci[1] - ci[1])).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('refuses more neighbours than the attack used', () => {
    const attack = linkability(ori, syn, null, {
      auxColumns: [['col0'], ['col1']],
      nAttacks: 4,
      nNeighbors: 4,
      random: makeRandom(1),
    });
    expect(() => linkabilityResults(attack, { nNeighbors: 5 })).toThrowError(/1 to 4 neighbours/);
  });

  it('counts links as the library test_find_links', () => {
    const links = (a: number[][], b: number[][]) => ({
      a: Int32Array.from(a.flat()),
      b: Int32Array.from(b.flat()),
      k: a[0]!.length,
      expectedLinks: null,
    });
    expect(countLinks(links([[0], [1], [2], [3]], [[4], [5], [6], [7]]), 1)).toBe(0);
    expect(countLinks(links([[0], [1], [6], [3]], [[4], [1], [6], [7]]), 1)).toBe(2);
    expect(
      countLinks(
        links(
          [
            [0, 1],
            [2, 3],
          ],
          [
            [1, 0],
            [3, 2],
          ],
        ),
        1,
      ),
    ).toBe(0);
    expect(
      countLinks(
        links(
          [
            [0, 1],
            [2, 3],
          ],
          [
            [1, 0],
            [3, 2],
          ],
        ),
        2,
      ),
    ).toBe(2);
  });

  it('baseline: random k-subsets of 4 rows intersect with probability 1/4, 5/6, 1, 1', () => {
    const random = makeRandom(42);
    const labels = () => Array.from({ length: 400 }, () => (random.nextDouble() < 0.5 ? 'a' : 'b'));
    const ckinds = { c0: 'categorical', c1: 'categorical' } as const;
    const big = tableFromColumns({ c0: labels(), c1: labels() }, ckinds);
    const small = tableFromColumns({ c0: ['a', 'b', 'a', 'a'], c1: ['a', 'b', 'a', 'a'] }, ckinds);
    const expected = [0.25, 5 / 6, 1, 1];
    expected.forEach((e, i) => {
      const attack = linkability(big, small, null, {
        auxColumns: [['c0'], ['c1']],
        nAttacks: null,
        nNeighbors: i + 1,
        random,
      });
      expect(Math.abs(linkabilityResults(attack).baselineRisk.value - e)).toBeLessThan(5e-2);
    });
  });
});

describe('InferenceEvaluator (metrics.md §2.5)', () => {
  it('judges classification guesses: equal, or both missing', () => {
    expect(inferenceGuessesCorrect([null, 'b'], [null, 'b'], false)).toEqual([true, true]);
    expect(inferenceGuessesCorrect([null, 'b'], ['a', null], false)).toEqual([false, false]);
    expect(inferenceGuessesCorrect(['a', 'b'], ['a', 'c'], false)).toEqual([true, false]);
    expect(inferenceGuessesCorrect([1, 0], [2, 0], false)).toEqual([false, true]);
  });

  it('judges regression guesses relative to the guess', () => {
    expect(inferenceGuessesCorrect([1.01, 1.0], [1.0, 1.01], true)).toEqual([true, true]);
    expect(inferenceGuessesCorrect([1.0, 1.0], [2.0, 1.01], true)).toEqual([false, true]);
    expect(inferenceGuessesCorrect([1.0, 1.0], [1.26, 1.25], true, 0.25)).toEqual([false, true]);
    expect(inferenceGuessesCorrect([1.0, 1.0], [1.05, 1.06], true, 0.05)).toEqual([true, false]);
    expect(inferenceGuessesCorrect([1.0, Number.NaN], [1.05, Number.NaN], true, 0.06)).toEqual([true, true]);
    expect(inferenceGuessesCorrect([1, Number.NaN], [Number.NaN, 1.06], true, 0.06)).toEqual([false, false]);
    expect(inferenceGuessesCorrect([-5], [100], true)).toEqual([true]); // negative guess quirk
  });

  it('scores the library evaluator cases 1.0, 0.5 and 0.0', () => {
    const kinds = { c0: 'categorical', c1: 'categorical' } as const;
    const ori = tableFromColumns({ c0: ['a', 'c'], c1: ['b', 'd'] }, kinds);
    const cases: [string[], number][] = [
      [['b', 'd'], 1.0],
      [['b', 'e'], 0.5],
      [['h', 'g'], 0.0],
    ];
    for (const [secrets, expected] of cases) {
      const syn = tableFromColumns({ c0: ['a', 'c'], c1: secrets }, kinds);
      const r = inference(ori, syn, ori, {
        auxColumns: ['c0'],
        secret: 'c1',
        nAttacks: 2,
        random: makeRandom(1),
        confidenceLevel: 0,
      });
      expect(r.attackRate).toEqual({ rate: expected, error: 0 });
      expect(r.controlRate).toEqual({ rate: expected, error: 0 });
      expect(r.regression).toBe(false);
    }
  });
});

describe('SinglingOutEvaluator (metrics.md §2.3)', () => {
  const kinds = { age: 'integer', city: 'categorical', score: 'numeric' } as const;
  const syn = tableFromColumns(
    {
      age: [20, 30, 30, 40, 40, 50],
      city: ['A', 'A', 'B', 'B', 'B', null],
      score: [1.5, 2.5, 2.5, 3.5, 3.5, 9.0],
    },
    kinds,
  );

  it('evaluates queries with pandas missing-value semantics', () => {
    const count = (terms: Parameters<typeof makeQuery>[0]) =>
      countMatches(compileQuery(makeQuery(terms), syn), syn.rowCount);
    expect(count([{ column: 'city', op: '!=', value: 'A' }])).toBe(4); // includes the missing city
    expect(count([{ column: 'city', op: '==', value: 'B' }])).toBe(3);
    expect(count([{ column: 'city', op: 'isna' }])).toBe(1);
    expect(
      count([
        { column: 'age', op: '>=', value: 40 },
        { column: 'score', op: '<', value: 9 },
      ]),
    ).toBe(2);
  });

  it('builds univariate queries from rare values and extremes, each singling out one synthetic row', () => {
    const queries = univariateQueries(syn, 100, makeRandom(3));
    const keys = queries.map((q) => q.key).sort();
    expect(keys).toEqual(
      [
        'age <= 20',
        'age == 20',
        'age == 50',
        'age >= 50',
        'city.isna()',
        'score <= 1.5',
        'score == 1.5',
        'score == 9',
        'score >= 9',
      ].sort(),
    );
    expect(countSinglingOut(queries, syn)).toBe(queries.length);
  });

  it('builds distinct multivariate queries that single out one synthetic row', () => {
    const queries = multivariateQueries(syn, 4, 2, 10_000, makeRandom(5));
    expect(queries).toHaveLength(4);
    expect(new Set(queries.map((q) => q.key)).size).toBe(4);
    for (const q of queries) {
      expect(q.terms).toHaveLength(2);
      expect(countMatches(compileQuery(q, syn), syn.rowCount)).toBe(1);
    }
  });

  it('draws random baseline queries with the requested number of columns', () => {
    const queries = randomQueries(syn, 50, 2, makeRandom(6));
    expect(queries).toHaveLength(50);
    for (const q of queries) expect(new Set(q.terms.map((t) => t.column)).size).toBe(2);
  });

  it('fits the size-correction model to counts generated by it', () => {
    const sizes = [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000];
    const truth = (n: number) => 800 * singlingOutProbabilityIntegral(n, 0, 2e-4);
    const model = fitCorrectionModel(sizes, sizes.map(truth));
    expect(model.wEff / 2e-4).toBeCloseTo(1, 4);
    expect(model(20000) / model(5000)).toBeCloseTo(truth(20000) / truth(5000), 6);
  });

  it('keeps the fit nearest 1/max(n) when the points cannot tell w_eff apart', () => {
    // Ten measurements at one size fit every w exactly; the smallest w would make f grow ~linearly
    // and inflate the correction to |ori|/|control| (4.7 on credit_data's 3,117 vs 668 rows).
    const model = fitCorrectionModel(Array(10).fill(668), Array(10).fill(124));
    expect(Math.abs(Math.log10(model.wEff) + Math.log10(668))).toBeLessThanOrEqual(0.1);
    expect(model(3117) / model(668)).toBeLessThan(1);
  });

  it("replicates Anonymeter's curve_fit: from its start, on one size it stops where the correction is (n_control+1)/(n_train+1)", () => {
    // credit_data's control half (668 rows) against 3,117 training rows, 124 queries singling out.
    const anonymeter = fitCorrectionModelLikeAnonymeter(Array(10).fill(668), Array(10).fill(124));
    expect(anonymeter(668)).toBeCloseTo(124, 4);
    expect(anonymeter(3117) / anonymeter(668)).toBeCloseTo(669 / 3118, 6);
    // Few successes: the start's norm reaches them with a small w_eff, and the ratio stays nearer 1.
    const few = fitCorrectionModelLikeAnonymeter(Array(10).fill(198), Array(10).fill(1));
    expect(few(198)).toBeCloseTo(1, 4);
    expect(few(923) / few(198)).toBeGreaterThan(0.5);
    // Points that determine the curve: it finds the generating curve, as doppel's fit does.
    const sizes = [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000];
    const truth = (n: number) => 800 * singlingOutProbabilityIntegral(n, 0, 2e-4);
    const fitted = fitCorrectionModelLikeAnonymeter(sizes, sizes.map(truth));
    expect(fitted(20000) / fitted(5000)).toBeCloseTo(truth(20000) / truth(5000), 3);
  });

  it('measures a small control table over a spread of sizes', () => {
    const table = tableFromColumns({ id: Array.from({ length: 500 }, (_, i) => i) }, { id: 'integer' });
    const queries = univariateQueries(table, 20, makeRandom(3));
    const { sizes } = measureQueriesSuccess(table, queries, makeRandom(4));
    expect(Math.min(...sizes)).toBe(50);
    expect(Math.max(...sizes)).toBe(500);
    // Anonymeter measures from min(1000, n): one size, ten times.
    const theirs = measureQueriesSuccess(table, queries, makeRandom(4), 5, 10, 'anonymeter');
    expect(new Set(theirs.sizes)).toEqual(new Set([500]));
  });

  it('finds every query of a copy of the training data, and none of the control rows when they differ', () => {
    const random = makeRandom(11);
    const make = (n: number, offset: number) =>
      tableFromColumns(
        {
          age: Array.from({ length: n }, () => 18 + Math.floor(random.nextDouble() * 60)),
          city: Array.from({ length: n }, () => `c${Math.floor(random.nextDouble() * 30)}`),
          score: Array.from(
            { length: n },
            (_, i) => offset + i + Math.round(random.nextDouble() * 100) / 100,
          ),
        },
        kinds,
      );
    const train = make(400, 0);
    const control = make(300, 10_000);
    const r = singlingOut(train, train, control, {
      columns: ['age', 'city', 'score'],
      random: makeRandom(2),
      nAttacks: 100,
      mode: 'univariate',
    });
    expect(r.queriesBuilt).toBe(100);
    expect(r.nSuccess).toBe(100);
    expect(r.attackRate.rate).toBeGreaterThan(0.95);
    expect(r.risk.value).toBeGreaterThan(0.8);
    expect(r.nControl!).toBeLessThan(20);
    // A control of 300 of the training rows: queries single out there too, and the count is
    // rescaled from 300 to 400 rows by the fitted f(n).
    const subset = singlingOut(train, train, sliceRows(train, 0, 300), {
      columns: ['age', 'city', 'score'],
      random: makeRandom(2),
      nAttacks: 100,
      mode: 'univariate',
    });
    expect(subset.nControl!).toBeGreaterThan(0);
    expect(subset.controlSizeCorrection).not.toBe(1);
    expect(Number.isFinite(subset.controlSizeCorrection) && subset.controlSizeCorrection > 0).toBe(true);
    const m = singlingOut(train, train, control, {
      columns: ['age', 'city', 'score'],
      random: makeRandom(3),
      nAttacks: 100,
    });
    expect(m.nSuccess).toBe(m.queriesBuilt);
    expect(m.risk.value).toBeGreaterThan(0.5);
  });
});

describe('nearest-neighbour ties', () => {
  // 60 customers on a coarse grid: most nearest-neighbour sets are ties of several rows.
  const n = 60;
  const rows = Array.from({ length: n }, (_, i) => i);
  const table = tableFromColumns(
    {
      age: rows.map((i) => 30 + (i % 4)),
      owner: rows.map((i) => (i % 3 === 0 ? 'yes' : 'no')),
      cards: rows.map((i) => i % 5),
      income: rows.map((i) => (i % 2 === 0 ? 'low' : 'high')),
    },
    { age: 'integer', owner: 'categorical', cards: 'integer', income: 'categorical' },
  );
  const reversed = selectRows(
    table,
    rows.map((i) => n - 1 - i),
  );

  it('cannot move linkability or inference: the synthetic rows in reverse order give the same counts', () => {
    const link = (synthetic: typeof table) =>
      linkabilityResults(
        linkability(table, synthetic, table, {
          auxColumns: [['age', 'owner'], ['cards']],
          random: makeRandom(9),
          nAttacks: 30,
        }),
      );
    const forward = link(table);
    const backward = link(reversed);
    expect(backward.nSuccess).toBeCloseTo(forward.nSuccess, 10);
    expect(backward.nControl!).toBeCloseTo(forward.nControl!, 10);
    expect(backward.risk.value).toBeCloseTo(forward.risk.value, 10);
    // Ties are counted by expectation: a fraction of a link, not whichever tied row sorts first.
    expect(Number.isInteger(forward.nSuccess)).toBe(false);

    const infer = (synthetic: typeof table) =>
      inference(table, synthetic, table, {
        auxColumns: ['age', 'owner'],
        secret: 'income',
        random: makeRandom(10),
        nAttacks: 30,
      });
    expect(infer(reversed).nSuccess).toBeCloseTo(infer(table).nSuccess, 10);
    expect(infer(reversed).risk.value).toBeCloseTo(infer(table).risk.value, 10);
  });
});
