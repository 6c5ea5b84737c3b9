import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../../src/errors.js';
import {
  DEFAULT_DELTA,
  makeAccountant,
  type PrivacyParameters,
  privacyParameters,
} from '../../../src/model/dp/accountant.js';
import { cdpEpsilon, cdpRho } from '../../../src/model/dp/cdp.js';
import {
  gaussianMechanism,
  gaussianSigma,
  laplaceMechanism,
  laplaceScale,
} from '../../../src/model/dp/mechanisms.js';
import { normalCdf } from '../../../src/stats/normal.js';
import { makeRandom } from '../../../src/stats/random.js';

/** Sample variance of (noisy − true) over many seeded runs of a mechanism. */
function noiseVariance(run: (seed: number) => Float64Array, truth: Float64Array, runs: number): number {
  const noise: number[] = [];
  for (let seed = 0; seed < runs; seed++) {
    const noisy = run(seed);
    noisy.forEach((value, i) => {
      noise.push(value - truth[i]!);
    });
  }
  const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
  return noise.reduce((a, b) => a + (b - mean) ** 2, 0) / (noise.length - 1);
}

const TRUTH = Float64Array.of(0, 3, 120, 4454, 7043, 1e6, -5, 0.5, 17, 2);

describe('mechanisms calibrate noise to sensitivity and budget', () => {
  it('Laplace: b = Δ₁/ε, and 20,000 draws have variance 2b² within 5%', () => {
    expect(laplaceScale(1, 0.5)).toBe(2);
    expect(laplaceScale(2, 0.1)).toBeCloseTo(20, 12);
    for (const [sensitivity, epsilon] of [
      [1, 1],
      [1, 0.05],
      [Math.SQRT2, 0.3],
    ] as const) {
      const b = sensitivity / epsilon;
      const variance = noiseVariance(
        (seed) => laplaceMechanism(TRUTH, sensitivity, epsilon, makeRandom(seed, 1)).noisy,
        TRUTH,
        2000,
      );
      expect(variance / (2 * b * b)).toBeGreaterThan(0.95);
      expect(variance / (2 * b * b)).toBeLessThan(1.05);
    }
  });

  it('Gaussian: σ = Δ₂/√(2ρ), and 20,000 draws have variance σ² within 5%', () => {
    expect(gaussianSigma(1, 0.5)).toBe(1);
    expect(gaussianSigma(34, 0.0075)).toBeCloseTo(34 / Math.sqrt(0.015), 10);
    for (const [sensitivity, rho] of [
      [1, 0.5],
      [1, 0.00036],
      [26.5, 0.002],
    ] as const) {
      const sigma = sensitivity / Math.sqrt(2 * rho);
      const variance = noiseVariance(
        (seed) => gaussianMechanism(TRUTH, sensitivity, rho, makeRandom(seed, 2)).noisy,
        TRUTH,
        2000,
      );
      expect(variance / (sigma * sigma)).toBeGreaterThan(0.95);
      expect(variance / (sigma * sigma)).toBeLessThan(1.05);
    }
  });

  it('reports the scale it used', () => {
    expect(laplaceMechanism(TRUTH, 1, 0.25, makeRandom(1)).scale).toBe(4);
    expect(gaussianMechanism(TRUTH, 2, 2, makeRandom(1)).scale).toBe(1);
  });
});

describe('privacy parameters and the accountant', () => {
  it('converts (ε, δ) to a zCDP budget, keeping half of δ for stability thresholds when needed', () => {
    const withLabels = privacyParameters(1, 1e-9, { labels: 3, values: 0 });
    expect(withLabels).toMatchObject({ accounting: 'zcdp', conversionDelta: 5e-10, thresholdDelta: 5e-10 });
    expect(withLabels.rho).toBe(cdpRho(1, 5e-10));
    const without = privacyParameters(1, 1e-9, { labels: 0, values: 0 });
    expect(without).toMatchObject({ conversionDelta: 1e-9, thresholdDelta: 0, rho: cdpRho(1, 1e-9) });
    expect(DEFAULT_DELTA).toBe(1e-9);
  });

  it('uses pure ε-DP for δ = 0, which cannot release labels read from the data', () => {
    expect(privacyParameters(2, 0, { labels: 0, values: 4 })).toEqual({
      epsilon: 2,
      delta: 0,
      accounting: 'pure',
      rho: null,
      conversionDelta: 0,
      thresholdDelta: 0,
    });
    const error = (() => {
      try {
        privacyParameters(2, 0, { labels: 1, values: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(isDoppelError(error) && error.code).toBe('usage');
  });

  it.each([
    [0, 1e-9],
    [-1, 1e-9],
    [Number.NaN, 1e-9],
    [Number.POSITIVE_INFINITY, 1e-9],
    [1, 1],
    [1, -1e-9],
  ])('rejects ε = %d, δ = %d as a usage error', (epsilon, delta) => {
    expect(() => privacyParameters(epsilon, delta, { labels: 0, values: 0 })).toThrow(
      expect.objectContaining({ code: 'usage' }),
    );
  });

  function measureShares(parameters: PrivacyParameters, shares: readonly number[]) {
    const accountant = makeAccountant(parameters, 7);
    shares.forEach((share, i) => {
      accountant.measure({
        statistic: `s${i}`,
        column: null,
        values: new Float64Array(3),
        l1Sensitivity: 2,
        l2Sensitivity: Math.SQRT2,
        share,
      });
    });
    return accountant;
  }

  it('zCDP: each entry has ρᵢ = share·ρ and σ = Δ₂/√(2ρᵢ); the ρᵢ add up to ρ and convert back to ε', () => {
    const parameters = privacyParameters(1, 1e-9, { labels: 0, values: 0 });
    const shares = [0.5, 0.25, 0.125, 0.125];
    const accountant = measureShares(parameters, shares);
    const ledger = accountant.ledger();
    ledger.forEach((entry, i) => {
      expect(entry.mechanism).toBe('gaussian');
      expect(entry.epsilon).toBeNull();
      expect(entry.rho).toBeCloseTo(shares[i]! * parameters.rho!, 15);
      expect(entry.scale).toBeCloseTo(Math.SQRT2 / Math.sqrt(2 * entry.rho!), 12);
    });
    const total = ledger.reduce((sum, e) => sum + e.rho!, 0);
    expect(total / parameters.rho! - 1).toBeLessThan(1e-12);
    const section = accountant.privacySection();
    if (!section.differentialPrivacy) throw new Error('expected a DP section');
    expect(section.spent.epsilon).toBeLessThanOrEqual(1);
    expect(section.spent.epsilon).toBeCloseTo(cdpEpsilon(total, 1e-9), 12);
    expect(section.spent.delta).toBe(1e-9);
  });

  it('pure: each entry has εᵢ = share·ε and b = Δ₁/εᵢ; the εᵢ add up to ε', () => {
    const parameters = privacyParameters(3, 0, { labels: 0, values: 0 });
    const accountant = measureShares(parameters, [0.7, 0.2, 0.1]);
    const ledger = accountant.ledger();
    for (const entry of ledger) {
      expect(entry.mechanism).toBe('laplace');
      expect(entry.scale).toBeCloseTo(2 / entry.epsilon!, 12);
    }
    expect(ledger.reduce((sum, e) => sum + e.epsilon!, 0)).toBeCloseTo(3, 12);
    const section = accountant.privacySection();
    expect(section.differentialPrivacy && section.spent).toEqual({ epsilon: 3, delta: 0, rho: null });
  });

  it('refuses to spend more than the budget, or to measure a statistic twice', () => {
    const parameters = privacyParameters(1, 1e-9, { labels: 0, values: 0 });
    const request = {
      statistic: 'x',
      column: 'c',
      values: new Float64Array(1),
      l1Sensitivity: 1,
      l2Sensitivity: 1,
      share: 0.6,
    };
    const accountant = makeAccountant(parameters, 1);
    accountant.measure(request);
    expect(() => accountant.measure(request)).toThrow(/twice/);
    expect(() => accountant.measure({ ...request, statistic: 'y' })).toThrow(/exceeds/);
  });

  it('noise measured through the accountant has the variance its ledger states (20,000 draws)', () => {
    const parameters = privacyParameters(1, 1e-9, { labels: 0, values: 0 });
    const accountant = makeAccountant(parameters, 3);
    const noise: number[] = [];
    // 200 statistics of 100 cells, each 0.5% of the budget: every one should have the same σ.
    for (let i = 0; i < 200; i++) {
      const measured = accountant.measure({
        statistic: `histogram ${i}`,
        column: null,
        values: new Float64Array(100),
        l1Sensitivity: 1,
        l2Sensitivity: 1,
        share: 0.005,
      });
      noise.push(...measured.noisy);
    }
    const sigma = accountant.ledger()[0]!.scale;
    expect(sigma).toBeCloseTo(1 / Math.sqrt(2 * 0.005 * parameters.rho!), 9);
    const variance = noise.reduce((a, b) => a + b * b, 0) / noise.length;
    expect(variance / sigma ** 2).toBeGreaterThan(0.95);
    expect(variance / sigma ** 2).toBeLessThan(1.05);
  });

  it('noiseAbove gives the one-sided tail level of its noise', () => {
    const gaussian = makeAccountant(privacyParameters(1, 1e-9, { labels: 1, values: 0 }), 1);
    const level = gaussian.noiseAbove(10, 1e-10);
    // P(N(0, 10²) ≥ level) ≤ 1e-10: the stability threshold's guarantee.
    expect(normalCdf(-level / 10)).toBeLessThanOrEqual(1e-10 * (1 + 1e-9));
    expect(normalCdf(-level / 10)).toBeGreaterThan(0.99e-10);
    const laplace = makeAccountant(privacyParameters(1, 0, { labels: 0, values: 0 }), 1);
    // P(Lap(b) ≥ t) = ½ exp(−t/b).
    expect(0.5 * Math.exp(-laplace.noiseAbove(3, 0.01) / 3)).toBeCloseTo(0.01, 12);
    expect(gaussian.noiseVariance(4)).toBe(16);
    expect(laplace.noiseVariance(4)).toBe(32);
  });
});
