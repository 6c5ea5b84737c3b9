import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { takeRows } from '../../src/io/take-rows.js';
import { fit } from '../../src/model/fit.js';
import type { Model } from '../../src/model/model-format.js';
import { rowsMatching } from '../../src/sample/conditions/matching-rows.js';
import { parseWhere } from '../../src/sample/conditions/parse-where.js';
import { standardTruncated } from '../../src/sample/conditions/truncated-normal.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { TELCO_CSV, TELCO_SCHEMA } from '../cli/run-doppel.js';
import { DATASETS } from '../shared-data.js';

describe('parseWhere', () => {
  it('reads equality, in, ranges, between and null tests joined by and', () => {
    const { terms } = parseWhere(
      `churn = 'Yes' and "internet service" not in ('No', 'It''s DSL') and tenure between 1 and 12 and x >= -2.5 and d < '2020-01-01' and t is not null and f != true`,
    );
    expect(terms).toEqual([
      { kind: 'in', column: 'churn', values: ['Yes'], negated: false },
      { kind: 'in', column: 'internet service', values: ['No', "It's DSL"], negated: true },
      { kind: 'range', column: 'tenure', low: 1, lowInclusive: true, high: 12, highInclusive: true },
      { kind: 'range', column: 'x', low: -2.5, lowInclusive: true, high: null, highInclusive: false },
      {
        kind: 'range',
        column: 'd',
        low: null,
        lowInclusive: false,
        high: '2020-01-01',
        highInclusive: false,
      },
      { kind: 'null', column: 't', negated: true },
      { kind: 'in', column: 'f', values: [true], negated: true },
    ]);
  });

  it('says where a condition stops making sense', () => {
    expect(() => parseWhere("churn = 'Yes' and")).toThrow(/expected a column name .* at character 18/);
    expect(() => parseWhere("churn = 'Yes")).toThrow(/closing '/);
    expect(() => parseWhere('tenure > 3 or tenure < 1')).toThrow(/only "and" joins terms/);
  });
});

describe('standardTruncated', () => {
  it('inverts the truncated normal CDF, also far in a tail', () => {
    // The median of N(0,1) given X >= 8 solves Φ(−x) = Φ(−8)/2: 8.084911007391543 (bisection on
    // Python's math.erfc to 1e-15).
    expect(standardTruncated(8, Number.POSITIVE_INFINITY, 0.5)).toBeCloseTo(8.084911007391543, 9);
    expect(standardTruncated(-1, 1, 0.5)).toBeCloseTo(0, 12);
    expect(standardTruncated(Number.NEGATIVE_INFINITY, -9, 0.999999)).toBeLessThan(-9);
  });
});

/** Share of rows per label and mean per number column, over the given columns. */
function profile(table: Table, columns: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of columns) {
    const vector = table.getChild(name);
    if (vector === null) throw new Error(`no column ${name}`);
    for (let i = 0; i < table.numRows; i++) {
      const v = vector.get(i);
      if (typeof v === 'number') out.set(`${name} mean`, (out.get(`${name} mean`) ?? 0) + v / table.numRows);
      else out.set(`${name}=${String(v)}`, (out.get(`${name}=${String(v)}`) ?? 0) + 1 / table.numRows);
    }
  }
  return out;
}

/**
 * Exactness: conditioned rows have the distribution of the unconditioned rows that happen to
 * satisfy the condition (rejection sampling, the definition of the conditional distribution).
 */
describe('conditioned sampling draws from the conditional distribution', () => {
  let schema: DatasetSchema;
  let real: Table;
  beforeAll(async () => {
    real = await readTable(TELCO_CSV);
    schema = await loadDatasetSchema(TELCO_SCHEMA);
  });

  const compare = (model: Model, where: string) => {
    const condition = parseWhere(where);
    const all = sampleTable(model, { rows: 300_000, seed: 2 });
    const accepted = takeRows(all, rowsMatching(all, schema, condition));
    const n = accepted.numRows;
    expect(n).toBeGreaterThan(5000);
    const conditioned = sampleTable(model, { rows: n, seed: 9, conditions: [{ where: condition, rows: n }] });
    expect(rowsMatching(conditioned, schema, condition).length).toBe(n);
    const columns = ['churn', 'contract', 'payment_method', 'senior_citizen', 'tenure', 'total_charges'];
    const expected = profile(accepted, columns);
    const got = profile(conditioned, columns);
    for (const [key, value] of expected) {
      if (key.endsWith(' mean')) {
        // Within 3% of the mean (the standard error of these means is below 1%).
        expect(got.get(key), key).toBeGreaterThan(value * 0.97);
        expect(got.get(key), key).toBeLessThan(value * 1.03);
      } else {
        // Two samples of n rows: a share's standard error is below sqrt(2 · 0.25 / n) ≈ 0.008.
        expect(Math.abs((got.get(key) ?? 0) - value), key).toBeLessThan(4 * Math.sqrt(0.5 / n));
      }
    }
  };

  it('on one copula, three conditioned dimensions', () => {
    const single = fit(real, { ...schema, model: { stratifyBy: null } }, { seed: 1 });
    expect(single.mixture).toBeUndefined();
    compare(single, "tenure between 1 and 24 and monthly_charges > 70 and internet_service = 'Fiber optic'");
  });

  it('on a mixture, groups reweighted by the condition', () => {
    const mixture = fit(real, schema, { seed: 1 });
    expect(mixture.mixture?.column).toBe('internet_service');
    compare(mixture, 'monthly_charges between 40 and 80 and dependents = true');
  });

  it('a seed fixes the output', () => {
    const model = fit(
      takeRows(
        real,
        Array.from({ length: 3000 }, (_, i) => i),
      ),
      schema,
      { seed: 1 },
    );
    const where = parseWhere("churn = 'Yes'");
    const a = sampleTable(model, { rows: 1000, seed: 4, conditions: [{ where, rows: 1000 }] });
    const b = sampleTable(model, { rows: 1000, seed: 4, conditions: [{ where, rows: 1000 }] });
    expect(a.getChild('tenure')?.toArray()).toEqual(b.getChild('tenure')?.toArray());
  });
});

describe('is null conditions (credit_data: Income missing for 381 of 4,454 customers)', () => {
  it('samples customers with a missing income, and customers with one in a range', async () => {
    const table = await readTable(`${DATASETS}/credit_data.csv`);
    const schema = inferSchema(table, { name: 'credit' });
    const model = fit(table, schema, { seed: 1 });
    for (const where of [
      'Income is null',
      "Income is not null and Income between 100 and 200 and Status = 'bad'",
    ]) {
      const condition = parseWhere(where);
      const synthetic = sampleTable(model, {
        rows: 3000,
        seed: 5,
        conditions: [{ where: condition, rows: 3000 }],
      });
      expect(rowsMatching(synthetic, schema, condition).length, where).toBe(3000);
    }
    // Missingness is correlated with the other columns: the conditioned rows follow it.
    const missing = sampleTable(model, {
      rows: 20_000,
      seed: 6,
      conditions: [{ where: parseWhere('Income is null'), rows: 20_000 }],
    });
    const realMissing = takeRows(table, rowsMatching(table, schema, parseWhere('Income is null')));
    const share = (t: Table) => rowsMatching(t, schema, parseWhere("Status = 'bad'")).length / t.numRows;
    expect(Math.abs(share(missing) - share(realMissing))).toBeLessThan(0.08);
  });
});
