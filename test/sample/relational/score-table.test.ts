import { describe, expect, it } from 'vitest';
import { makeScoreTable, type ScoreTable, scoresInto } from '../../../src/sample/relational/score-table.js';
import { normalQuantile } from '../../../src/stats/normal.js';
import { makeRandom } from '../../../src/stats/random.js';

/**
 * The definition, directly: u = (F(x−) + F(x)) / 2 with F linear between knots (at a repeated value,
 * F(x−) is the level of its first knot and F(x) of its last), score Φ⁻¹(u).
 */
function referenceScore(cdf: { values: number[]; cumulative: number[] }, x: number): number {
  const { values, cumulative } = cdf;
  let u: number;
  if (x < values[0]!) u = 0;
  else if (x > values.at(-1)!) u = 1;
  else if (values.includes(x)) u = (cumulative[values.indexOf(x)]! + cumulative[values.lastIndexOf(x)]!) / 2;
  else {
    const b = values.findIndex((v) => v > x);
    const a = b - 1;
    u = cumulative[a]! + ((x - values[a]!) / (values[b]! - values[a]!)) * (cumulative[b]! - cumulative[a]!);
  }
  return normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, u)));
}

function scoreAt(table: ScoreTable, x: number): number {
  const out = new Float64Array(2);
  scoresInto(table, Float64Array.of(Number.NaN, x), 2, out, 0);
  expect(out[0]).toBe(0); // a missing value scores 0
  return out[1]!;
}

describe('score table (a value → the normal score of the middle of its probability mass)', () => {
  const cdf = { values: [0, 0, 1, 2, 2], cumulative: [0, 0.4, 0.5, 0.6, 1] };
  const table = makeScoreTable(cdf);

  it('scores a point mass at the middle of its jump, and values between knots by the CDF', () => {
    expect(scoreAt(table, 0)).toBeCloseTo(-0.8416212, 6); // Φ⁻¹(0.2)
    expect(scoreAt(table, 2)).toBeCloseTo(0.8416212, 6); // Φ⁻¹(0.8)
    expect(scoreAt(table, 1.5)).toBeCloseTo(0.1256613, 6); // Φ⁻¹(0.55)
    expect(scoreAt(table, 1)).toBeCloseTo(0, 6); // Φ⁻¹(0.5): a knot without a jump
    expect(scoreAt(table, 3)).toBeGreaterThan(5);
    expect(scoreAt(table, -1)).toBeLessThan(-5);
  });

  it('agrees with the definition on uneven knots, at the knots, between them and beyond them', () => {
    const random = makeRandom(3);
    const values: number[] = [];
    const cumulative: number[] = [];
    let v = -50;
    let f = 0;
    for (let k = 0; k < 300; k++) {
      // Point masses (repeated values), long gaps and tiny ones, and flat stretches of F.
      const repeat = k > 0 && random.nextDouble() < 0.2;
      if (!repeat) v += random.nextDouble() < 0.1 ? 40 * random.nextDouble() : 0.01 * random.nextDouble();
      if (random.nextDouble() < 0.8) f += random.nextDouble();
      values.push(v);
      cumulative.push(f);
    }
    const scaled = { values, cumulative: cumulative.map((c) => c / f) };
    const skewed = makeScoreTable(scaled);
    const xs = [...values, values[0]! - 1, values.at(-1)! + 1];
    for (let k = 0; k < 3000; k++) xs.push(values[0]! + (values.at(-1)! - values[0]!) * random.nextDouble());
    for (const x of xs) expect(scoreAt(skewed, x)).toBeCloseTo(referenceScore(scaled, x), 7);
  });
});
