import { describe, expect, it } from 'vitest';
import {
  correlationSimilarity,
  nanosecondsFromMillis,
} from '../../src/validate/metrics/correlation-similarity.js';
import { pearsonCorrelation } from '../../src/validate/metrics/pearson-correlation.js';
import { spearmanCorrelation } from '../../src/validate/metrics/spearman-correlation.js';
import { expectClose } from './expect-close.js';
import { numbersOf } from './prepared-columns.js';
import { fixture, fixtureTables } from './sdmetrics-inputs.js';

interface Breakdown {
  score: number;
  real: number;
  synthetic: number;
}

describe('CorrelationSimilarity (metrics.md §1.3)', () => {
  const { real, synthetic } = fixtureTables();
  const realPair = { x: numbersOf(real, 'age'), y: numbersOf(real, 'income') };
  const syntheticPair = { x: numbersOf(synthetic, 'age'), y: numbersOf(synthetic, 'income') };

  it('reproduces the fixture’s Pearson breakdown for (age, income)', () => {
    const expected = fixture.expected['CorrelationSimilarity_pearson(age,income)'] as Breakdown;
    const result = correlationSimilarity(realPair, syntheticPair);
    expectClose(result.score, expected.score);
    expectClose(result.real, expected.real);
    expectClose(result.synthetic, expected.synthetic);
  });

  it('reproduces the fixture’s Spearman breakdown for (age, income)', () => {
    const expected = fixture.expected['CorrelationSimilarity_spearman(age,income)'] as Breakdown;
    const result = correlationSimilarity(realPair, syntheticPair, { coefficient: 'spearman' });
    expectClose(result.score, expected.score);
    expectClose(result.real, expected.real);
    expectClose(result.synthetic, expected.synthetic);
  });

  it('reproduces the fixture’s (age, joined) correlations with joined in nanoseconds', () => {
    const pairs = (fixture.expected['QualityReport_thresholds_0'] as { column_pair_trends: unknown[][] })
      .column_pair_trends;
    const row = pairs.find((p) => p[0] === 'age' && p[1] === 'joined')!;
    const result = correlationSimilarity(
      { x: numbersOf(real, 'age'), y: nanosecondsFromMillis(numbersOf(real, 'joined')) },
      { x: numbersOf(synthetic, 'age'), y: nanosecondsFromMillis(numbersOf(synthetic, 'joined')) },
    );
    expectClose(result.score, row[3] as number);
    expectClose(result.real, row[4] as number);
    expectClose(result.synthetic, row[5] as number);
  });

  it('returns NaN without the synthetic side when |r_real| <= the threshold', () => {
    const result = correlationSimilarity(realPair, syntheticPair, { realCorrelationThreshold: 0.98 });
    expect(result.score).toBeNaN();
    expect(result.synthetic).toBeNaN();
    expectClose(result.real, 0.9748630801292382);
  });

  it('reports a constant column as an error (SDMetrics ConstantInputError) with NaN score', () => {
    const constant = Float64Array.of(3, 3, Number.NaN, 3);
    const result = correlationSimilarity(
      { x: constant, y: Float64Array.of(1, 2, 3, 4) },
      { x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(1, 2, 3, 5) },
    );
    expect(result.score).toBeNaN();
    expect(result.error).toMatch(/^ConstantInputError/);
  });

  it('computes Pearson and Spearman as scipy does on small examples', () => {
    // scipy.stats.pearsonr([1, 2, 3], [2, 4, 7]) = 0.9933992677987828
    expectClose(pearsonCorrelation(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7)), 0.9933992677987828);
    // scipy.stats.spearmanr([1, 2, 3, 4], [1, 3, 2, 4]) = 0.8; ties averaged: [1, 1, 2] vs [1, 2, 3] = 0.8660254037844387
    expectClose(spearmanCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)), 0.8);
    expectClose(spearmanCorrelation(Float64Array.of(1, 1, 2), Float64Array.of(1, 2, 3)), Math.sqrt(3) / 2);
  });

  it('answers two points exactly, as scipy does (sign of the slopes)', () => {
    expect(pearsonCorrelation(Float64Array.of(1, 3), Float64Array.of(5, 2))).toBe(-1);
    expect(pearsonCorrelation(Float64Array.of(1, 3), Float64Array.of(2, 5))).toBe(1);
  });
});
