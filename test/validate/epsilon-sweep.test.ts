/**
 * Fidelity at privacy (issue 7) on real data, 70/30 split, scored against the 70% as the README's
 * protocol: quality at ε = 1 and 5 against the fit without DP on telco and credit_data, the sweep's
 * scores are the validator's, and it is deterministic for a seed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { splitTable } from '../../src/io/split-table.js';
import { fit } from '../../src/model/fit.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { type EpsilonSweep, epsilonSweep, parseEpsilonList } from '../../src/validate/epsilon-sweep.js';
import { validate } from '../../src/validate/validate.js';
import { DATASETS } from '../shared-data.js';
import { telcoSchema, telcoTable } from './telco.js';

describe('parseEpsilonList', () => {
  it('sorts and deduplicates positive numbers', () => {
    expect(parseEpsilonList('5, 0.5,1,5')).toEqual([0.5, 1, 5]);
    expect(parseEpsilonList('1e-1')).toEqual([0.1]);
  });
  it('refuses an empty list, empty items, zero, negatives, words and infinity', () => {
    for (const bad of ['', ' ', '1,,2', '1,', '0,1', '-1', 'one', '1;2', 'Infinity']) {
      expect(() => parseEpsilonList(bad), bad).toThrow(/positive numbers separated by commas/);
    }
  });
});

/** Mean quality all pairs at each ε, the fit without DP under `null`. */
function scores(sweep: EpsilonSweep): Map<number | null, number> {
  return new Map(sweep.points.map((p) => [p.epsilon, p.overallAllPairs]));
}

describe('epsilonSweep on telco (schemas/telco.json)', () => {
  const { train, holdout } = splitTable(telcoTable(), 0.3, makeRandom(7, 0));
  const schema = telcoSchema();
  const options = { epsilons: [5, 1], seed: 3, rows: holdout.numRows, repetitions: 2 };
  const sweep = epsilonSweep(train, schema, options);

  it('keeps quality >= 0.80 at ε = 1 and within 0.05 of the fit without DP at ε = 5', () => {
    expect(sweep.points.map((p) => p.epsilon)).toEqual([1, 5, null]);
    const at = scores(sweep);
    expect(at.get(1)!).toBeGreaterThanOrEqual(0.8);
    expect(at.get(null)! - at.get(5)!).toBeLessThanOrEqual(0.05);
    expect(at.get(1)!).toBeLessThan(at.get(5)!);
    expect(at.get(5)!).toBeLessThan(at.get(null)!);
    for (const p of sweep.points) {
      expect(p.range[0]).toBeLessThanOrEqual(p.overallAllPairs);
      expect(p.overallAllPairs).toBeLessThanOrEqual(p.range[1]);
      // Overall quality is the mean of its two parts, per fit and so on average.
      expect(p.overallAllPairs).toBeCloseTo((p.columnShapes + p.pairTrendsAllPairs) / 2, 12);
    }
    expect(sweep).toMatchObject({ delta: 1e-9, repetitions: 2, rows: holdout.numRows, chosen: null });
  });

  it('is deterministic for a seed', () => {
    expect(epsilonSweep(train, schema, options)).toEqual(sweep);
  });

  it('scores a fit as doppel validate does', () => {
    const one = epsilonSweep(train, schema, { epsilons: [5], seed: 3, rows: 1000, repetitions: 1 });
    const model = fit(train, schema, { seed: 3, epsilon: 5 });
    const synthetic = sampleTable(model, { rows: 1000, seed: 3 });
    const { quality } = validate(train, synthetic, schema, { seed: 3, target: null });
    expect(one.points[0]).toEqual({
      epsilon: 5,
      overallAllPairs: quality.overallAllPairs,
      range: [quality.overallAllPairs, quality.overallAllPairs],
      columnShapes: quality.columnShapes,
      pairTrendsAllPairs: quality.pairTrendsAllPairs,
    });
  });
});

describe('epsilonSweep on credit_data (inferred schema)', async () => {
  const table = await readTable(join(DATASETS, 'credit_data.csv'));
  const schema = inferSchema(table, { name: 'credit_data' });
  const { train, holdout } = splitTable(table, 0.3, makeRandom(1, 0));

  it('rises with ε and comes within 0.05 of the fit without DP at ε = 5; the chosen ε is swept too', () => {
    const sweep = epsilonSweep(train, schema, {
      epsilons: [5],
      chosen: 1,
      seed: 1,
      rows: holdout.numRows,
      repetitions: 2,
    });
    expect(sweep.points.map((p) => p.epsilon)).toEqual([1, 5, null]);
    expect(sweep.chosen).toBe(1);
    const at = scores(sweep);
    expect(at.get(1)!).toBeGreaterThanOrEqual(0.75);
    expect(at.get(1)!).toBeLessThan(at.get(5)!);
    expect(at.get(5)!).toBeLessThan(at.get(null)!);
    expect(at.get(null)! - at.get(5)!).toBeLessThanOrEqual(0.05);
  });
});
