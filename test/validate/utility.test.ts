import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readCsv } from '../../src/io/read-csv.js';
import { makeRandom } from '../../src/stats/random.js';
import { validate } from '../../src/validate/validate.js';
import { TELCO_CSV_TEXT, telcoRelease, telcoSchema, telcoTable } from './telco.js';

/** telco with the churn labels (the first field) shuffled: the columns keep their shapes, churn loses its causes. */
function telcoWithShuffledChurn(seed: number) {
  const [header, ...lines] = TELCO_CSV_TEXT.trim().split('\n');
  const labels = lines.map((line) => line.slice(0, line.indexOf(',')));
  const random = makeRandom(seed);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextDouble() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  const shuffled = lines.map((line, i) => labels[i] + line.slice(line.indexOf(',')));
  return readCsv([header, ...shuffled].join('\n'), 'shuffled.csv');
}

function usageError(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isDoppelError(error) ? error.code : 'other';
  }
  return undefined;
}

describe('utility: train on synthetic, test on real (telco, target churn)', () => {
  // The setting of a real release: fit on 70%, test both models on the 30% the generator never saw.
  const { train, holdout, synthetic } = telcoRelease(5, 20_000);
  const report = validate(train, synthetic, telcoSchema(), { seed: 5, holdout });
  const utility = report.utility!;

  it('scores the synthetic-trained classifier within 0.05 accuracy of the real-trained one', () => {
    expect(utility.task).toBe('classification');
    expect(utility.metric).toBe('accuracy');
    expect(utility.testSource).toBe('holdout');
    expect(utility.rows).toEqual({ realTrain: 4930, syntheticTrain: 4930, test: 2113 });
    expect(utility.classes).toBe(2);
    const real = utility.trainOnReal.accuracy!;
    const synthetic = utility.trainOnSynthetic.accuracy!;
    expect(real).toBeGreaterThan(0.78);
    expect(Math.abs(real - synthetic)).toBeLessThanOrEqual(0.05);
    expect(utility.ratio!).toBeCloseTo(synthetic / real, 12);
    expect(utility.difference!).toBeCloseTo(real - synthetic, 12);
    // Both models learn something: better than always answering the majority class.
    expect(synthetic).toBeGreaterThan(utility.baseline! + 0.02);
    expect(utility.trainOnSynthetic.macroF1!).toBeGreaterThan(0.6);
  });

  it('is reproducible for a seed', () => {
    const again = validate(train, synthetic, telcoSchema(), { seed: 5, holdout }).utility;
    expect(again).toEqual(utility);
  });

  it('drops to the baseline when the synthetic data has lost what drives the target', () => {
    const broken = validate(telcoTable(), telcoWithShuffledChurn(3), telcoSchema(), { seed: 2 }).utility!;
    expect(broken.testSource).toBe('split');
    expect(broken.rows.test).toBe(Math.round(0.3 * 7043));
    expect(broken.trainOnReal.accuracy!).toBeGreaterThan(broken.baseline! + 0.03);
    expect(broken.trainOnSynthetic.accuracy!).toBeLessThanOrEqual(broken.baseline! + 0.01);
    expect(broken.ratio!).toBeLessThan(0.95);
  });

  it('uses a regressor for a numeric target: R² near the real one for faithful data', () => {
    const regression = validate(train, synthetic, telcoSchema(), {
      seed: 1,
      holdout,
      target: 'monthly_charges',
    }).utility!;
    expect(regression.task).toBe('regression');
    expect(regression.metric).toBe('r2');
    // Monthly charges are the price of the services held: a linear model explains nearly all of it.
    expect(regression.trainOnReal.r2!).toBeGreaterThan(0.95);
    expect(regression.trainOnSynthetic.r2!).toBeGreaterThan(0.8);
    expect(regression.trainOnReal.meanAbsoluteError!).toBeGreaterThan(0);
    expect(Math.abs(regression.baseline!)).toBeLessThan(0.01); // predicting the mean
  });

  it('subsamples the training rows to the cap, both models alike', () => {
    const small = validate(train, synthetic, telcoSchema(), { seed: 1, holdout, utilityTrainRows: 500 })
      .utility!;
    expect(small.rows.realTrain).toBe(500);
    expect(small.rows.syntheticTrain).toBe(500);
    expect(small.subsampled).toBe(true);
  });

  it('is skipped without a target, and rejects a target it cannot predict', () => {
    expect(validate(train, synthetic, telcoSchema(), { target: null }).utility).toBeNull();
    expect(validate(train, synthetic, telcoSchema({ target: undefined })).utility).toBeNull();
    expect(usageError(() => validate(train, synthetic, telcoSchema(), { target: 'no_such_column' }))).toBe(
      'usage',
    );
  });
});
