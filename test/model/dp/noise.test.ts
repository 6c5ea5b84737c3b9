import { describe, expect, it } from 'vitest';
import { fillGaussian, fillLaplace } from '../../../src/model/dp/noise.js';
import { makeRandom } from '../../../src/stats/random.js';

const DRAWS = 20_000;

function moments(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / values.length;
  let squares = 0;
  for (const x of values) squares += (x - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

describe('noise distributions (20,000 seeded draws each)', () => {
  it.each([0.5, 1, 7.3, 120])('Laplace(b = %d) has mean 0 and variance 2b² within 5%%', (b) => {
    const draws = fillLaplace(makeRandom(11, 1), b, new Float64Array(DRAWS));
    const { mean, variance } = moments(draws);
    // Standard errors at n = 20,000: the mean's √(2b²/n) ≈ 0.01·b; the variance's relative one
    // √((κ − 1)/n) ≈ 1.6% (Laplace kurtosis κ = 6), so 5% is about 3 standard errors.
    expect(Math.abs(mean)).toBeLessThan(0.05 * b);
    expect(variance / (2 * b * b)).toBeGreaterThan(0.95);
    expect(variance / (2 * b * b)).toBeLessThan(1.05);
  });

  it('Laplace tail: P(|X| > t) = exp(−t/b)', () => {
    const b = 3;
    const draws = fillLaplace(makeRandom(12, 1), b, new Float64Array(DRAWS));
    for (const t of [1, 3, 6]) {
      const share = draws.filter((x) => Math.abs(x) > t).length / DRAWS;
      expect(share).toBeCloseTo(Math.exp(-t / b), 2);
    }
  });

  it.each([0.5, 1, 36.9, 278])('Gaussian(σ = %d) has mean 0 and variance σ² within 5%%', (sigma) => {
    const draws = fillGaussian(makeRandom(13, 1), sigma, new Float64Array(DRAWS));
    const { mean, variance } = moments(draws);
    expect(Math.abs(mean)).toBeLessThan(0.05 * sigma);
    expect(variance / (sigma * sigma)).toBeGreaterThan(0.95);
    expect(variance / (sigma * sigma)).toBeLessThan(1.05);
  });

  it('Gaussian tail: P(|X| > 1.96σ) ≈ 5%', () => {
    const draws = fillGaussian(makeRandom(14, 1), 2, new Float64Array(DRAWS));
    expect(draws.filter((x) => Math.abs(x) > 1.96 * 2).length / DRAWS).toBeCloseTo(0.05, 2);
  });

  it('the same seed and stream give the same draws, another stream others', () => {
    const a = fillLaplace(makeRandom(5, 9), 1, new Float64Array(8));
    expect(fillLaplace(makeRandom(5, 9), 1, new Float64Array(8))).toEqual(a);
    expect(fillLaplace(makeRandom(5, 10), 1, new Float64Array(8))).not.toEqual(a);
  });

  it('rejects a scale that is not positive and finite', () => {
    expect(() => fillLaplace(makeRandom(1), 0, new Float64Array(1))).toThrow(RangeError);
    expect(() => fillGaussian(makeRandom(1), Number.POSITIVE_INFINITY, new Float64Array(1))).toThrow(
      RangeError,
    );
  });
});
