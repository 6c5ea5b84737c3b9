import { describe, expect, it } from 'vitest';
import { makeRandom } from '../../src/stats/random.js';
import { contingencySimilarity } from '../../src/validate/metrics/contingency-similarity.js';
import { digitize, histogramBinEdges } from '../../src/validate/metrics/histogram-bins.js';
import { expectClose } from './expect-close.js';
import { labelsOf, numbersOf } from './prepared-columns.js';
import { fixture, fixtureTables } from './sdmetrics-inputs.js';

describe('numpy binning (histogram_bin_edges, digitize)', () => {
  it('makes equal-width edges with the last edge exactly the maximum', () => {
    expect(Array.from(histogramBinEdges(Float64Array.of(1, 2.5, Number.NaN, 4), 3))).toEqual([1, 2, 3, 4]);
    expect(Array.from(histogramBinEdges(Float64Array.of(0, 1), 10))).toEqual([
      0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1,
    ]);
  });

  it('widens a constant column to v ± 0.5 and an empty one to [0, 1]', () => {
    expect(Array.from(histogramBinEdges(Float64Array.of(5, 5), 2))).toEqual([4.5, 5, 5.5]);
    expect(Array.from(histogramBinEdges(Float64Array.of(Number.NaN), 2))).toEqual([0, 0.5, 1]);
  });

  it('puts the maximum and NaN in bin len(edges), as np.digitize does', () => {
    const edges = Float64Array.of(1, 2, 3, 4);
    expect([0.5, 1, 1.5, 2, 3.9, 4, Number.NaN].map((v) => digitize(v, edges))).toEqual([
      0, 1, 1, 2, 3, 4, 4,
    ]);
  });
});

describe('ContingencySimilarity, standalone (metrics.md §1.4)', () => {
  it('scores the SDMetrics library example as 0.25 (col2 continuous, 4 bins, real edges)', () => {
    const result = contingencySimilarity(
      [Float64Array.of(1.0, 2.4, 2.6, 0.8), Float64Array.of(1, 2, 3, 4)],
      [Float64Array.of(1.0, 1.8, 2.6, 1.0), Float64Array.of(2, 3, 7, -10)],
      { continuous: [false, true], numDiscreteBins: 4 },
    );
    expectClose(result.score, 0.25);
    expect(result.realAssociation).toBeNaN();
  });

  const { real, synthetic } = fixtureTables();

  it('reproduces the fixture’s (city, member) score with no association computed at threshold 0', () => {
    const expected = fixture.expected['ContingencySimilarity(city,member)'] as {
      score: number;
      real_association: null;
    };
    const result = contingencySimilarity(
      [labelsOf(real, 'city'), labelsOf(real, 'member')],
      [labelsOf(synthetic, 'city'), labelsOf(synthetic, 'member')],
    );
    expectClose(result.score, expected.score);
    expect(result.realAssociation).toBeNaN();
  });

  it('reproduces the fixture’s (city, income) score with income binned on 4 real-edge bins', () => {
    const expected = fixture.expected[
      'ContingencySimilarity(city,income; income continuous, 4 bins real edges)'
    ] as number;
    const result = contingencySimilarity(
      [labelsOf(real, 'city'), numbersOf(real, 'income')],
      [labelsOf(synthetic, 'city'), numbersOf(synthetic, 'income')],
      { continuous: [false, true], numDiscreteBins: 4 },
    );
    expectClose(result.score, expected);
  });

  it('applies the real association threshold with the fixture’s Cramér’s V of (city, member)', () => {
    const pairs = (
      fixture.expected['QualityReport_thresholds_default_0.5_0.3'] as { column_pair_trends: unknown[][] }
    ).column_pair_trends;
    const v = pairs.find((p) => p[0] === 'city' && p[1] === 'member')![6] as number;
    const args = [
      [labelsOf(real, 'city'), labelsOf(real, 'member')],
      [labelsOf(synthetic, 'city'), labelsOf(synthetic, 'member')],
    ] as const;
    const met = contingencySimilarity(args[0], args[1], { realAssociationThreshold: 0.3 });
    expectClose(met.realAssociation, v);
    expectClose(met.score, 0.8333333333333333);
    const missed = contingencySimilarity(args[0], args[1], { realAssociationThreshold: 0.7 });
    expectClose(missed.realAssociation, v);
    expect(missed.score).toBeNaN();
  });

  it('gives NaN score and association when the real table has a single row or column', () => {
    const result = contingencySimilarity(
      [
        ['a', 'a'],
        ['x', 'y'],
      ],
      [
        ['a', 'b'],
        ['x', 'y'],
      ],
      {
        realAssociationThreshold: 0.1,
      },
    );
    expect(result.score).toBeNaN();
    expect(result.realAssociation).toBeNaN();
  });

  it('scores a seeded subsample reproducibly', () => {
    const n = 2000;
    const a = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'x' : 'y'));
    const b = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'p' : 'q'));
    const run = (seed: number) =>
      contingencySimilarity(
        [a, b],
        [b.map((v) => (v === 'p' ? 'x' : 'y')), a.map((v) => (v === 'x' ? 'p' : 'q'))],
        {
          subsample: { rows: 500, random: makeRandom(seed) },
        },
      ).score;
    expect(run(7)).toBe(run(7));
    const full = contingencySimilarity(
      [a, b],
      [b.map((v) => (v === 'p' ? 'x' : 'y')), a.map((v) => (v === 'x' ? 'p' : 'q'))],
    ).score;
    expect(Math.abs(run(7) - full)).toBeLessThan(0.08);
  });
});
