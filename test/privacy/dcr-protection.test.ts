import { describe, expect, it } from 'vitest';
import { dcrBaselineProtection, randomBaselineTable } from '../../src/privacy/dcr-baseline-protection.js';
import {
  dcrOverfittingProtection,
  overfittingFromDistances,
} from '../../src/privacy/dcr-overfitting-protection.js';
import { sliceRows } from '../../src/schema/prepare-table.js';
import { makeRandom } from '../../src/stats/random.js';
import { loadSdmetricsFixture, loadStudentPlacements, tableFromColumns } from './helpers.js';

const one = (values: (number | null)[]) => tableFromColumns({ A: values }, { A: 'numeric' });

describe('DCROverfittingProtection (metrics.md §1.9)', () => {
  it('reproduces the fixture with train = real[:6], holdout = real[6:]', async () => {
    const fx = loadSdmetricsFixture();
    const columns = fx.header.filter((c) => c !== 'id');
    const result = await dcrOverfittingProtection(
      sliceRows(fx.real, 0, 6),
      sliceRows(fx.real, 6, 12),
      fx.synthetic,
      columns,
      { random: makeRandom(1) },
    );
    const expected = fx.expected['DCROverfittingProtection(train=real[:6], holdout=real[6:])'];
    expect(Math.abs(result.raw.score - expected.score)).toBeLessThan(1e-9);
    expect(
      Math.abs(result.raw.closerToTraining - expected.synthetic_data_percentages.closer_to_training),
    ).toBeLessThan(1e-9);
    expect(
      Math.abs(result.raw.closerToHoldout - expected.synthetic_data_percentages.closer_to_holdout),
    ).toBeLessThan(1e-9);
    // Equal sizes already: the size-adjusted variant is the raw one; the equal-size one only
    // changes the scaling to the pooled ranges.
    expect(result.sizeAdjusted).toEqual(result.raw);
    expect(result.equalSize).toMatchObject({ trainingRows: 6, holdoutRows: 6 });
  });

  it('scales both references by the pooled range in the equal-size variant', async () => {
    // Training reaches 100, the holdout only 10. With own ranges the synthetic 5 is 0.05 from a
    // training 0 but 0.5 from a holdout 0 (closer to training); with the pooled range 100 both are 0.05.
    const train = one([0, 100]);
    const holdout = one([0, 10]);
    const syn = one([5]);
    const r = await dcrOverfittingProtection(train, holdout, syn, ['A'], { random: makeRandom(2) });
    expect(r.raw.closerToTraining).toBe(1);
    expect(r.equalSize.closerToTraining).toBe(0);
    expect(r.equalSize.score).toBe(1);
  });

  it('reproduces the student_placements demo, raw variant (train = real[:108])', async () => {
    const { real, synthetic, columns } = loadStudentPlacements();
    const result = await dcrOverfittingProtection(
      sliceRows(real, 0, 108),
      sliceRows(real, 108, real.rowCount),
      synthetic,
      columns,
      { random: makeRandom(1) },
    );
    expect(Math.abs(result.raw.score - 0.9023255813953488)).toBeLessThan(1e-9);
    expect(Math.abs(result.raw.closerToTraining - 0.5488372093023256)).toBeLessThan(1e-9);
    // 108 vs 107 rows: the training set is subsampled to 107 rows.
    expect(result.equalSize.trainingRows).toBe(107);
    expect(result.equalSize.holdoutRows).toBe(107);
    expect(result.equalSize.score).toBeGreaterThan(0.8);
  });

  it('follows the library tests: copies of the holdout score 1, copies of training 0, all equal 1', async () => {
    const train = one([0, 1, 2, 3, 4]);
    const holdout = one([10, 11, 12, 13, 14]);
    const random = makeRandom(3);
    const holdoutCopy = await dcrOverfittingProtection(train, holdout, holdout, ['A'], { random });
    expect(holdoutCopy.raw).toMatchObject({ score: 1, closerToTraining: 0, closerToHoldout: 1 });
    const trainCopy = await dcrOverfittingProtection(train, holdout, train, ['A'], { random });
    expect(trainCopy.raw).toMatchObject({ score: 0, closerToTraining: 1, closerToHoldout: 0 });
    const same = await dcrOverfittingProtection(train, train, train, ['A'], { random });
    expect(same.raw.score).toBe(1); // ties count as closer to the holdout (strict <)
  });

  it('size-adjusted variant: copies read 0, the no-leakage share π reads 1', async () => {
    const train = one([0, 1, 2, 3, 4, 5, 6, 7]);
    const holdout = one([0.5, 2.5, 4.5, 6.5]);
    const random = makeRandom(4);
    const copy = await dcrOverfittingProtection(train, holdout, train, ['A'], { random });
    expect(copy.sizeAdjusted.score).toBe(0);
    // 2 of 3 synthetic rows nearest a training row: exactly π = 8/12, so no excess closeness.
    const syn = one([0.9, 3.1, 6.45]);
    const r = await dcrOverfittingProtection(train, holdout, syn, ['A'], { random });
    expect(r.raw.closerToTraining).toBeCloseTo(2 / 3, 12);
    expect(r.raw.score).toBeCloseTo(2 / 3, 12);
    expect(r.sizeAdjusted.score).toBe(1);
  });

  it('counts ties as closer to the holdout (strict <)', () => {
    expect(overfittingFromDistances([0, 0.1, 0.3, 0.2], [0, 0.2, 0.3, 0.1])).toEqual({
      score: 1,
      closerToTraining: 0.25,
      closerToHoldout: 0.75,
      // 2·√(p(1 − p)/n) with p = 1/4, n = 4.
      standardError: 2 * Math.sqrt((0.25 * 0.75) / 4),
    });
    expect(overfittingFromDistances([0, 0, 0.1], [1, 1, 0.2]).score).toBe(0);
  });

  it('equal-size variant is seeded: same seed, same figure', async () => {
    const { real, synthetic, columns } = loadStudentPlacements();
    const run = (seed: number) =>
      dcrOverfittingProtection(
        sliceRows(real, 0, 160),
        sliceRows(real, 160, real.rowCount),
        synthetic,
        columns,
        {
          random: makeRandom(seed),
          iterations: 3,
        },
      );
    const [a, b] = [await run(11), await run(11)];
    expect(a.equalSize).toEqual(b.equalSize);
    expect(a.equalSize.trainingRows).toBe(55);
  });
});

describe('DCRBaselineProtection (metrics.md §1.8)', () => {
  it('medians of the library tests (deterministic part)', async () => {
    const random = makeRandom(123);
    const a = await dcrBaselineProtection(one([0, 10, 3, 4, 1]), one([5]), ['A'], { random });
    expect(a.medianDcrToReal.synthetic).toBeCloseTo(0.1, 12);
    const b = await dcrBaselineProtection(one([2, 6, 3, 4, 1]), one([5, 5, 5, 5, 5]), ['A'], { random });
    expect(b.medianDcrToReal.synthetic).toBeCloseTo(0.2, 12);
    const c = await dcrBaselineProtection(one([2, 10, 3, 4, 1, 0]), one([12, 32, 42, 15, 19]), ['A'], {
      random,
    });
    expect(c.medianDcrToReal.synthetic).toBeCloseTo(0.9, 12);
    // The library's seeded baseline gives random 0.1 and score 1.0; ours is seeded differently,
    // but the score is capped at 1 whenever the random rows are closer than the synthetic ones.
    expect(c.medianDcrToReal.randomBaseline).toBeLessThan(0.9);
    expect(c.score).toBe(1);
  });

  it('is NaN when the random baseline coincides with the real data (zero range)', async () => {
    const r = await dcrBaselineProtection(one([1.0]), one([2.0, null]), ['A'], { random: makeRandom(1) });
    expect(r.medianDcrToReal.synthetic).toBe(1);
    expect(r.medianDcrToReal.randomBaseline).toBe(0);
    expect(r.score).toBeNaN();
  });

  it('scores identical data 0', async () => {
    const real = one([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = await dcrBaselineProtection(real, real, ['A'], { random: makeRandom(2) });
    expect(r.score).toBe(0);
  });

  it('draws the random table within the real ranges and with the real missing share', () => {
    const fx = loadSdmetricsFixture();
    const random = randomBaselineTable(fx.real, 20000, makeRandom(8));
    const age = random.columns.find((c) => c.spec.name === 'age')!;
    const city = random.columns.find((c) => c.spec.name === 'city')!;
    if (age.type !== 'number' || city.type !== 'label') throw new Error('unexpected types');
    const present = [...age.values].filter((x) => !Number.isNaN(x));
    expect(Math.min(...present)).toBeGreaterThanOrEqual(23);
    expect(Math.max(...present)).toBeLessThanOrEqual(61);
    // real age has 1 of 12 missing: 20000/12 ≈ 1667 ± 4 sd
    expect(Math.abs(20000 - present.length - 20000 / 12)).toBeLessThan(160);
    expect(new Set(city.values.filter((v) => v !== null))).toEqual(new Set(['A', 'B', 'C']));
  });

  it('averages subsampled iterations like SDGym (0.6 of the synthetic rows, 2 iterations)', async () => {
    const { real, synthetic, columns } = loadStudentPlacements();
    const r = await dcrBaselineProtection(real, synthetic, columns, {
      random: makeRandom(5),
      rowsPerIteration: Math.floor(0.6 * synthetic.rowCount),
      iterations: 2,
    });
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.medianDcrToReal.synthetic).toBeLessThan(r.medianDcrToReal.randomBaseline);
  });
});
