import { describe, expect, it } from 'vitest';
import type { PiecewiseCdf } from '../../src/model/model-format.js';
import { prepareInteger, sampleInteger } from '../../src/sample/columns/integer.js';
import { inverseCdfAt, makeInverseCdfTable } from '../../src/sample/inverse-cdf.js';
import {
  categoryThresholds,
  countAtOrBelow,
  makeScoreSteps,
  upperTailThreshold,
} from '../../src/sample/thresholds.js';
import { normalCdf } from '../../src/stats/normal.js';
import { fastNormalCdf } from '../../src/stats/normal-cdf-table.js';
import { makeRandom } from '../../src/stats/random.js';

/** F⁻¹(u) by the model contract's own words (model-format.ts), by linear search. */
function contractInverse(cdf: PiecewiseCdf, u: number): number {
  const { values, cumulative } = cdf;
  for (let i = 0; i + 1 < values.length; i++) {
    const c0 = cumulative[i]!;
    const c1 = cumulative[i + 1]!;
    if (c0 <= u && u < c1) return values[i]! + ((u - c0) / (c1 - c0)) * (values[i + 1]! - values[i]!);
  }
  return values[values.length - 1]!;
}

const CDFS: Record<string, PiecewiseCdf> = {
  continuous: { values: [-5, 0, 2, 100], cumulative: [0, 0.1, 0.7, 1] },
  'point masses (integers)': {
    values: [0, 0, 1, 1, 2, 2, 5, 5],
    cumulative: [0, 0.2, 0.2, 0.5, 0.5, 0.9, 0.9, 1],
  },
  'mass at zero then continuous, with a flat stretch': {
    values: [0, 0, 1, 40, 60, 100],
    cumulative: [0, 0.3, 0.3, 0.6, 0.6, 1],
  },
  'many knots': {
    values: Array.from({ length: 2001 }, (_, i) => i * i),
    cumulative: Array.from({ length: 2001 }, (_, i) => i / 2000),
  },
};

describe('inverse CDF lookup table', () => {
  it.each(Object.entries(CDFS))('agrees with the contract on random and boundary u: %s', (_, cdf) => {
    const table = makeInverseCdfTable(cdf, 'x');
    const random = makeRandom(4, 0);
    const us = [0, 1, ...cdf.cumulative, ...Array.from({ length: 20_000 }, () => random.nextDouble())];
    for (const u of us) {
      const expected = contractInverse(cdf, u);
      expect(Math.abs(inverseCdfAt(table, u) - expected)).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(expected)),
      );
    }
  });

  it('never returns a value inside a flat stretch of F', () => {
    const table = makeInverseCdfTable(CDFS['mass at zero then continuous, with a flat stretch']!, 'x');
    for (let u = 0; u <= 1; u += 1e-5) {
      const x = inverseCdfAt(table, u);
      expect(x <= 40 || x >= 60).toBe(true);
    }
  });
});

describe('score thresholds', () => {
  it('split the normal line at Φ⁻¹ of the cumulative probabilities', () => {
    const thresholds = categoryThresholds([0.25, 0.25, 0, 0.5]);
    expect(thresholds).toHaveLength(3);
    expect(normalCdf(thresholds[0]!)).toBeCloseTo(0.25, 14);
    expect(thresholds[1]).toBeCloseTo(0, 14);
    expect(thresholds[2]).toBe(thresholds[1]); // the zero-probability category gets an empty interval
    expect(categoryThresholds([1])).toHaveLength(0);
  });

  it('place upper-tail events at Φ⁻¹(1 − p), with never and always at the ends', () => {
    expect(normalCdf(upperTailThreshold(0.2))).toBeCloseTo(0.8, 14);
    // Φ⁻¹(1 − 1e-12) computed as −Φ⁻¹(1e-12): the tail probability keeps full precision.
    expect(normalCdf(-upperTailThreshold(1e-12)) / 1e-12).toBeCloseTo(1, 8);
    expect(upperTailThreshold(0)).toBe(Number.POSITIVE_INFINITY);
    expect(upperTailThreshold(1)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('normal CDF by table', () => {
  it('agrees with normalCdf to 1e-14 everywhere, tails and NaN included', () => {
    for (let z = -40; z <= 40; z += 1 / 4096) {
      expect(Math.abs(fastNormalCdf(z) - normalCdf(z))).toBeLessThan(1e-14);
    }
    expect(fastNormalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fastNormalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(fastNormalCdf(Number.NaN)).toBeNaN();
  });
});

describe('score steps', () => {
  it('count the thresholds at or below z, with ties and infinite thresholds', () => {
    const thresholds = Float64Array.of(
      Number.NEGATIVE_INFINITY,
      -2,
      -0.5,
      -0.5,
      0,
      0.25,
      3,
      Number.POSITIVE_INFINITY,
    );
    const steps = makeScoreSteps(thresholds);
    const random = makeRandom(9, 0);
    const zs = [...thresholds, -10, 10, ...Array.from({ length: 10_000 }, () => 8 * random.nextDouble() - 4)];
    for (const z of zs) expect(countAtOrBelow(steps, z)).toBe(thresholds.filter((t) => t <= z).length);
    expect(countAtOrBelow(makeScoreSteps(new Float64Array(0)), 1)).toBe(0);
  });
});

describe('integer columns by score thresholds', () => {
  it.each([
    ['point masses', CDFS['point masses (integers)']!],
    [
      'fractional knots between atoms',
      { values: [0.5, 3.2, 3.2, 9.7, 72], cumulative: [0, 0.3, 0.45, 0.8, 1] },
    ],
  ])('give round(F⁻¹(Φ(z))) clamped to the range: %s', (_, cdf) => {
    const column = prepareInteger(
      { kind: 'integer', name: 'x', missingRate: 0, cdf },
      { dimension: 0, missing: null },
    );
    expect(column.steps).not.toBeNull();
    const table = makeInverseCdfTable(cdf, 'x');
    const random = makeRandom(5, 0);
    const z = Float64Array.from({ length: 20_000 }, () => 10 * random.nextDouble() - 5);
    const out = new Int32Array(z.length);
    sampleInteger(
      column,
      z,
      z.length,
      out,
      Int32Array.from(z, (_, i) => i),
    );
    z.forEach((score, i) => {
      const expected = Math.min(
        Math.max(Math.round(inverseCdfAt(table, normalCdf(score))), column.min),
        column.max,
      );
      expect(out[i]).toBe(expected);
    });
  });
});

describe('inverseCdfAt near the largest doubles', () => {
  it('interpolates finitely between knots whose difference overflows', () => {
    const table = makeInverseCdfTable({ values: [-1e308, 1e308], cumulative: [0, 1] }, 'x');
    for (const u of [0, 1e-9, 0.25, 0.5, 0.75, 1 - 1e-9, 1]) {
      expect(Number.isFinite(inverseCdfAt(table, u))).toBe(true);
    }
    expect(inverseCdfAt(table, 0.5)).toBe(0);
    expect(inverseCdfAt(table, 0.75)).toBeCloseTo(5e307, -300);
  });
});
