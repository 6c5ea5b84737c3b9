/**
 * Calibration on real customers (issue 6): telco split 70% training / 15% control / 15% fresh.
 * A "synthetic" set that copies training rows must look maximally risky on every measure; fresh
 * real customers never seen by the "generator" must look safe.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inference } from '../../src/privacy/anonymeter/inference.js';
import { singlingOut } from '../../src/privacy/anonymeter/singling-out.js';
import { dcr, medianOf } from '../../src/privacy/dcr.js';
import { dcrBaselineProtection } from '../../src/privacy/dcr-baseline-protection.js';
import { dcrOverfittingProtection } from '../../src/privacy/dcr-overfitting-protection.js';
import { exactMatchRate } from '../../src/privacy/exact-match-rate.js';
import { newRowSynthesis } from '../../src/privacy/new-row-synthesis.js';
import { nndr } from '../../src/privacy/nndr.js';
import { comparableColumnNames } from '../../src/privacy/table-columns.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';
import { type PreparedTable, selectRows } from '../../src/schema/prepare-table.js';
import { makeRandom } from '../../src/stats/random.js';
import { sampleWithoutReplacement, shuffleInPlace } from '../../src/stats/random-rows.js';
import { DATASETS_DIR, tableFromCsv } from './helpers.js';

let train: PreparedTable;
let control: PreparedTable;
let fresh: PreparedTable;
let copy: PreparedTable;
let columns: string[];

beforeAll(() => {
  const schema = parseDatasetSchema(JSON.parse(readFileSync('schemas/telco.json', 'utf8')));
  const telco = tableFromCsv(readFileSync(`${DATASETS_DIR}/telco_churn.csv`, 'utf8'), schema);
  const random = makeRandom(2024);
  const order = shuffleInPlace(
    random,
    Int32Array.from({ length: telco.rowCount }, (_, i) => i),
  );
  const nTrain = Math.floor(0.7 * telco.rowCount);
  const nControl = Math.floor((telco.rowCount - nTrain) / 2);
  train = selectRows(telco, order.subarray(0, nTrain));
  control = selectRows(telco, order.subarray(nTrain, nTrain + nControl));
  fresh = selectRows(telco, order.subarray(nTrain + nControl));
  copy = selectRows(train, sampleWithoutReplacement(random, train.rowCount, fresh.rowCount));
  columns = comparableColumnNames(telco);
});

describe('calibration on telco: copies of training rows', () => {
  it('are exact copies with DCR 0 and no new rows', async () => {
    expect(exactMatchRate(train, copy, columns).rate).toBe(1);
    const d = await dcr(copy, train, columns, { workers: 2 });
    expect(Math.max(...d)).toBe(0);
    expect(newRowSynthesis(train, copy, columns).score).toBe(0);
  });

  it('have no overfitting or baseline protection', async () => {
    const o = await dcrOverfittingProtection(train, control, copy, columns, { random: makeRandom(1) });
    expect(o.raw.score).toBe(0);
    expect(o.sizeAdjusted.score).toBe(0);
    // The subsample holds only a share n_control / n_train of the copied rows.
    const share = control.rowCount / train.rowCount;
    expect(Math.abs(o.equalSize.score - (1 - share))).toBeLessThan(0.06);
    expect(o.equalSize.score).toBeLessThan(0.9);
    const b = await dcrBaselineProtection(train, copy, columns, { random: makeRandom(1) });
    expect(b.score).toBe(0);
  });

  it('sit alone next to one training customer (NNDR near 0)', async () => {
    const r = await nndr(copy, train, columns, { holdout: control });
    expect(r.training.tenthSmallest).toBeLessThan(1e-6);
    expect(r.ratio!).toBeLessThan(1e-3);
  });

  it('single customers out far more often than on control rows', () => {
    const uni = singlingOut(train, copy, control, { columns, random: makeRandom(1), mode: 'univariate' });
    expect(uni.risk.value).toBeGreaterThan(0.5);
    const multi = singlingOut(train, copy, control, { columns, random: makeRandom(1) });
    expect(multi.attackRate.rate).toBeGreaterThan(multi.controlRate!.rate + 0.2);
    expect(multi.risk.ci[0]).toBeGreaterThan(0.1);
  });
});

describe('calibration on telco: fresh customers used as synthetic data', () => {
  it('are rarely exact copies and mostly new rows', () => {
    expect(exactMatchRate(train, fresh, columns).rate).toBeLessThan(0.01);
    expect(newRowSynthesis(train, fresh, columns).score).toBeGreaterThan(0.95);
  });

  it('score high protection once the reference sizes are matched (the raw figure is size-biased)', async () => {
    const o = await dcrOverfittingProtection(train, control, fresh, columns, { random: makeRandom(1) });
    expect(o.equalSize.score).toBeGreaterThan(0.9);
    expect(o.sizeAdjusted.score).toBeGreaterThan(0.9);
    expect(o.raw.score).toBeLessThan(0.6); // 4930 training against 1056 control rows
    const d = await dcr(fresh, train, columns);
    expect(medianOf(d)).toBeGreaterThan(0.01);
  });

  it('show low attack risk', () => {
    const so = singlingOut(train, fresh, control, { columns, random: makeRandom(1) });
    expect(so.risk.value).toBeLessThan(0.1);
    const uni = singlingOut(train, fresh, control, { columns, random: makeRandom(1), mode: 'univariate' });
    expect(uni.risk.value).toBeLessThan(0.1);
    const inf = inference(train, fresh, control, {
      auxColumns: columns.filter((c) => c !== 'churn'),
      secret: 'churn',
      random: makeRandom(1),
    });
    expect(inf.risk.value).toBeLessThan(0.1);
  });
});
