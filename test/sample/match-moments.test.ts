import { describe, expect, it } from 'vitest';
import { choleskyFactor } from '../../src/sample/cholesky.js';
import { noFaker } from '../../src/sample/load-faker.js';
import { MIN_MATCHED_ROWS, matchMoments } from '../../src/sample/match-moments.js';
import { chunkTask } from '../../src/sample/plan.js';
import { prepareSampler } from '../../src/sample/prepare-sampler.js';
import { type ScoreDraws, sampleChunk } from '../../src/sample/sample-chunk.js';
import { makeRandom } from '../../src/stats/random.js';
import { makeNormalStream } from '../../src/stats/ziggurat.js';
import { makeModel } from './fixtures.js';

function meanAndSd(values: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]! / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (values.length - 1)) };
}

describe('matchMoments (a block of independent normals, dimension-major)', () => {
  it('gives every dimension mean 0 and sample sd 1 exactly, keeping each dimension’s order', () => {
    const rows = 155;
    const d = 4;
    const z = makeNormalStream(makeRandom(3)).fill(new Float64Array(d * rows));
    const before = Float64Array.from(z);
    matchMoments(z, d, rows);
    for (let k = 0; k < d; k++) {
      const dimension = z.subarray(k * rows, (k + 1) * rows);
      const { mean, sd } = meanAndSd(dimension);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(sd).toBeCloseTo(1, 12);
      const original = before.subarray(k * rows, (k + 1) * rows);
      for (let r = 1; r < rows; r++)
        expect(Math.sign(dimension[r]! - dimension[r - 1]!)).toBe(Math.sign(original[r]! - original[r - 1]!));
    }
  });

  it('leaves a block of fewer than MIN_MATCHED_ROWS rows as drawn, and a constant dimension centred', () => {
    const small = Float64Array.from({ length: MIN_MATCHED_ROWS - 1 }, (_, i) => i);
    matchMoments(small, 1, small.length);
    expect(Array.from(small)).toEqual(Array.from({ length: MIN_MATCHED_ROWS - 1 }, (_, i) => i));
    const constant = new Float64Array(MIN_MATCHED_ROWS).fill(2);
    matchMoments(constant, 1, constant.length);
    expect(Array.from(constant)).toEqual(new Array(MIN_MATCHED_ROWS).fill(0));
  });
});

describe('moment-matched draws in a chunk', () => {
  // 155 rows: as many customers as the margarine protocol's holdout.
  const uniform = (name: string) => ({
    kind: 'numeric' as const,
    name,
    missingRate: 0,
    decimals: null,
    cdf: { values: [0, 1], cumulative: [0, 1] },
  });
  const model = makeModel(
    [uniform('spend'), uniform('other')],
    [
      { column: 'spend', part: 'value' },
      { column: 'other', part: 'value' },
    ],
    [{ a: 0, b: 1, rho: 0.6 }],
  );
  const sampler = prepareSampler(model, {
    cholesky: choleskyFactor(model.copula.correlation),
    fakerFor: noFaker,
  });
  const spendMeans = (draws: ScoreDraws) =>
    Array.from({ length: 200 }, (_, seed) => {
      const chunk = sampleChunk(sampler, chunkTask(155, seed + 1, 0), undefined, draws);
      return meanAndSd(chunk.columns[0]!.values as Float64Array).mean;
    });

  it('keeps small samples’ marginals near the model’s: the spread of a column’s mean over seeds shrinks', () => {
    const independent = meanAndSd(spendMeans('independent'));
    const matched = meanAndSd(spendMeans('moment-matched'));
    // spend is uniform on [0, 1]: its mean is 0.5 either way, with sd 1/√(12 · 155) ≈ 0.023 when independent.
    expect(independent.mean).toBeCloseTo(0.5, 1);
    expect(matched.mean).toBeCloseTo(0.5, 2);
    expect(independent.sd).toBeGreaterThan(0.015);
    expect(matched.sd).toBeLessThan(independent.sd / 4);
  });

  it('draws the same buffers for the same seed and chunk', () => {
    const a = sampleChunk(sampler, chunkTask(3000, 7, 1, 1024), undefined, 'moment-matched');
    const b = sampleChunk(sampler, chunkTask(3000, 7, 1, 1024), undefined, 'moment-matched');
    expect(a.columns.map((c) => Array.from(c.values as ArrayLike<number>))).toEqual(
      b.columns.map((c) => Array.from(c.values as ArrayLike<number>)),
    );
  });
});
