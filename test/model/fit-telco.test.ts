import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readTable } from '../../src/io/read-table.js';
import { fit as fitModel, fitPrepared } from '../../src/model/fit.js';
import { parseModel } from '../../src/model/load-model.js';
import type { Model } from '../../src/model/model-format.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { prepareTable } from '../../src/schema/prepare-table.js';
import { ROOT } from '../shared-data.js';
import { choleskySucceeds, columnsOf, ksDistance, sampleFromContract, spearman, tableOf } from './helpers.js';

let table: Table;
let schema: DatasetSchema;
let model: Model;
let real: Map<string, (string | number | null)[]>;

beforeAll(async () => {
  table = await readTable(join(ROOT, 'samples', 'telco_churn.csv'));
  schema = await loadDatasetSchema(join(ROOT, 'schemas', 'telco.json'));
  model = fitModel(table, schema);
  real = columnsOf(table);
});

function dimensionIndex(m: Model, column: string, part: 'value' | 'missing'): number {
  return m.copula.dimensions.findIndex((d) => d.column === column && d.part === part);
}

function column<K extends Model['columns'][number]['kind']>(m: Model, name: string, kind: K) {
  const found = m.columns.find((c) => c.name === name);
  if (found?.kind !== kind) throw new Error(`no ${kind} column ${name}`);
  return found as Extract<Model['columns'][number], { kind: K }>;
}

describe('fit on the telco sample', () => {
  it('produces a model that parseModel accepts and that survives a JSON round trip unchanged', () => {
    const json = JSON.stringify(model);
    const parsed = parseModel(JSON.parse(json));
    expect(parsed).toStrictEqual(JSON.parse(json));
    expect(JSON.stringify(parsed)).toBe(json);
    expect(model.columns.map((c) => c.name)).toEqual(schema.columns.map((c) => c.name));
  });

  it('summarises the rows it used', () => {
    expect(model.fit).toEqual({
      rowsRead: 7043,
      rowsUsed: 7043,
      rowsDroppedByConsent: 0,
      consentColumn: null,
      minCount: 5,
    });
  });

  it('orders copula dimensions as value, then missing indicator, per modelled column in schema order', () => {
    const expected = schema.columns.flatMap((c) =>
      c.name === 'total_charges' ? [`${c.name}:value`, `${c.name}:missing`] : [`${c.name}:value`],
    );
    expect(model.copula.dimensions.map((d) => `${d.column}:${d.part}`)).toEqual(expected);
  });

  it('has a symmetric, unit-diagonal, positive definite correlation matrix', () => {
    const r = model.copula.correlation;
    expect(r.length).toBe(model.copula.dimensions.length);
    r.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((value, j) => {
        expect(value).toBe(r[j]![i]);
      });
    });
    expect(choleskySucceeds(r)).toBe(true);
  });

  it('finds tenure and total charges strongly positively related, as they are in the data', () => {
    const r =
      model.copula.correlation[dimensionIndex(model, 'tenure', 'value')]![
        dimensionIndex(model, 'total_charges', 'value')
      ]!;
    expect(r).toBeGreaterThan(0.8);
    // A contract with a term goes with longer tenure.
    const tenureContract =
      model.copula.correlation[dimensionIndex(model, 'tenure', 'value')]![
        dimensionIndex(model, 'contract', 'value')
      ]!;
    expect(Math.abs(tenureContract)).toBeGreaterThan(0.3);
  });

  it('records the missing rate of total charges (11 of 7043) and no missing dimension for complete columns', () => {
    expect(column(model, 'total_charges', 'numeric').missingRate).toBe(11 / 7043);
    expect(column(model, 'tenure', 'integer').missingRate).toBe(0);
    expect(dimensionIndex(model, 'tenure', 'missing')).toBe(-1);
  });

  it('keeps tenure exact: every value 0..72 is a point mass with its real frequency', () => {
    const tenure = column(model, 'tenure', 'integer');
    const counts = new Map<number, number>();
    for (const v of real.get('tenure')!) counts.set(v as number, (counts.get(v as number) ?? 0) + 1);
    const { values, cumulative } = tenure.cdf;
    for (let i = 0; i + 1 < values.length; i += 2) {
      expect(values[i + 1]).toBe(values[i]);
      expect(cumulative[i + 1]! - cumulative[i]!).toBeCloseTo(counts.get(values[i]!)! / 7043, 12);
    }
    expect(new Set(values).size).toBe(73);
  });

  it('keeps money at two decimals and orders nominal categories along their most associated column', () => {
    expect(column(model, 'monthly_charges', 'numeric').decimals).toBe(2);
    const contract = column(model, 'contract', 'categorical');
    // By mean tenure (the ordered column contract explains best), not by frequency.
    expect(contract.categories).toEqual(['Month-to-month', 'One year', 'Two year']);
    expect(contract.probabilities[0]).toBeCloseTo(3875 / 7043, 12);
    expect(column(model, 'female', 'boolean').trueProbability).toBeCloseTo(3488 / 7043, 12);
  });

  it('gives the same JSON for the same seed, and different scores but the same marginals for another', () => {
    const again = fitModel(table, schema, { seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const other = fitModel(table, schema, { seed: 2 });
    expect(JSON.stringify(other.columns)).toBe(JSON.stringify(model.columns));
    expect(JSON.stringify(other.copula.correlation)).not.toBe(JSON.stringify(model.copula.correlation));
    const a =
      other.copula.correlation[dimensionIndex(other, 'tenure', 'value')]![
        dimensionIndex(other, 'total_charges', 'value')
      ]!;
    const b =
      model.copula.correlation[dimensionIndex(model, 'tenure', 'value')]![
        dimensionIndex(model, 'total_charges', 'value')
      ]!;
    expect(Math.abs(a - b)).toBeLessThan(0.02);
  });

  it("keys each column's random stream by its name, so reordering the schema changes no pair", () => {
    const reversed = fitModel(table, { ...schema, columns: [...schema.columns].reverse() });
    const pair = (m: Model) =>
      m.copula.correlation[dimensionIndex(m, 'tenure', 'value')]![
        dimensionIndex(m, 'total_charges', 'missing')
      ]!;
    // Equal up to rounding: the positive definite repair sees the matrix in another order.
    expect(pair(reversed)).toBeCloseTo(pair(model), 12);
    expect(reversed.columns.map((c) => c.name)).toEqual(schema.columns.map((c) => c.name).reverse());
  });

  it('fitPrepared on the prepared table gives the same model as fit', () => {
    const prepared = prepareTable(table, schema, { columns: 'all', applyConsent: true });
    expect(JSON.stringify(fitPrepared(prepared, schema))).toBe(JSON.stringify(model));
  });

  it('refuses bad options with a usage error', () => {
    for (const options of [{ seed: 1.5 }, { minCount: 0 }, { minCount: 2.5 }]) {
      let caught: unknown;
      try {
        fitModel(table, schema, options);
      } catch (error) {
        caught = error;
      }
      expect(isDoppelError(caught) && caught.code).toBe('usage');
    }
  });
});

describe('the model contract, read back by an independent inverse', () => {
  const rows = 20_000;
  let synthetic: Map<string, (number | string | null)[]>;
  beforeAll(() => {
    synthetic = sampleFromContract(model, rows, 11);
  });

  it('gives back marginals close to the real ones', () => {
    for (const name of ['monthly_charges', 'total_charges', 'tenure']) {
      const d = ksDistance(
        real.get(name)!.map((v) => (v === null ? Number.NaN : (v as number))),
        synthetic.get(name)! as number[],
      );
      expect(d).toBeLessThan(0.025);
    }
    const contract = synthetic.get('contract')!;
    expect(contract.filter((v) => v === 'Two year').length / rows).toBeCloseTo(1695 / 7043, 1);
    const missing = (synthetic.get('total_charges')! as number[]).filter(Number.isNaN).length / rows;
    expect(missing).toBeLessThan(0.004);
  });

  it('keeps integers whole and inside the real range, and categories inside the real set', () => {
    const tenure = synthetic.get('tenure')! as number[];
    expect(tenure.every((v) => Number.isInteger(v) && v >= 0 && v <= 72)).toBe(true);
    const seen = new Set(real.get('payment_method'));
    expect(synthetic.get('payment_method')!.every((v) => seen.has(v))).toBe(true);
  });

  it('keeps the rank correlation of tenure and total charges', () => {
    const realRho = spearman(
      real.get('tenure')! as number[],
      real.get('total_charges')!.map((v) => (v === null ? Number.NaN : (v as number))),
    );
    const syntheticRho = spearman(
      synthetic.get('tenure')! as number[],
      synthetic.get('total_charges')! as number[],
    );
    expect(realRho).toBeGreaterThan(0.85);
    expect(Math.abs(syntheticRho - realRho)).toBeLessThan(0.05);
  });
});

describe('consent', () => {
  it('drops the rows without consent before anything is fitted', () => {
    const columns = columnsOf(table);
    const contract = columns.get('contract')!;
    // Only customers on a term contract consented: month-to-month customers must leave no trace.
    columns.set(
      'consent',
      contract.map((c) => (c === 'Month-to-month' ? 'no' : 'yes')),
    );
    const consented = contract.filter((c) => c !== 'Month-to-month').length;
    const withConsent: DatasetSchema = { ...schema, consent: { column: 'consent', values: ['yes'] } };
    const m = fitModel(tableOf(columns), withConsent);
    expect(m.fit).toEqual({
      rowsRead: 7043,
      rowsUsed: consented,
      rowsDroppedByConsent: 7043 - consented,
      consentColumn: 'consent',
      minCount: 5,
    });
    expect(column(m, 'contract', 'categorical').categories.sort()).toEqual(['One year', 'Two year']);
    // The rate among consenting customers, not among all.
    const charges = columns.get('total_charges')!;
    const missingConsented = charges.filter((v, i) => v === null && contract[i] !== 'Month-to-month').length;
    expect(column(m, 'total_charges', 'numeric').missingRate).toBe(missingConsented / consented);
    expect(m.columns.some((c) => c.name === 'consent')).toBe(false);
  });

  it('refuses to fit when consent leaves fewer than k rows', () => {
    const columns = columnsOf(table);
    columns.set(
      'consent',
      columns.get('tenure')!.map((_, i) => (i < 3 ? 'yes' : 'no')),
    );
    let caught: unknown;
    try {
      fitModel(tableOf(columns), { ...schema, consent: { column: 'consent', values: ['yes'] } });
    } catch (error) {
      caught = error;
    }
    expect(isDoppelError(caught) && caught.code).toBe('schema-mismatch');
    expect((caught as Error).message).toContain('consent');
  });
});

describe('datetime columns', () => {
  it('fits a date derived from tenure as day point masses, strongly anti-correlated with tenure', () => {
    const columns = columnsOf(table);
    // Signup date: tenure months before 2024-06-01.
    columns.set(
      'signup',
      columns.get('tenure')!.map((t) => {
        const date = new Date(Date.UTC(2024, 5 - (t as number), 1));
        return date.toISOString().slice(0, 10);
      }),
    );
    const withDate: DatasetSchema = {
      ...schema,
      columns: [...schema.columns, { name: 'signup', kind: 'datetime', unit: 'date' }],
    };
    const m = parseModel(JSON.parse(JSON.stringify(fitModel(tableOf(columns), withDate))));
    const signup = column(m, 'signup', 'datetime');
    expect(signup.unit).toBe('date');
    expect(signup.cdf.values.every((v) => v % 86_400_000 === 0)).toBe(true);
    expect(signup.cdf.values[0]).toBe(Date.UTC(2018, 5, 1));
    expect(signup.cdf.values.at(-1)).toBe(Date.UTC(2024, 5, 1));
    const r =
      m.copula.correlation[dimensionIndex(m, 'tenure', 'value')]![dimensionIndex(m, 'signup', 'value')]!;
    expect(r).toBeLessThan(-0.95);
  });
});

describe('ordered categories and thin columns', () => {
  it('keeps the schema order of ordered categories, and numeric order when the schema lists none', () => {
    const columns = columnsOf(table);
    columns.set(
      'lines',
      columns.get('multiple_lines')!.map((v) => (v === 'Yes' ? '2' : v === 'No' ? '1' : '0')),
    );
    columns.set(
      'tenure_years',
      columns.get('tenure')!.map((t) => String(Math.floor((t as number) / 12))),
    );
    const ordered: DatasetSchema = {
      name: 'ordered',
      columns: [
        {
          name: 'contract',
          kind: 'categorical',
          ordered: true,
          categories: ['Month-to-month', 'One year', 'Two year'],
        },
        { name: 'lines', kind: 'categorical', ordered: true },
        { name: 'tenure_years', kind: 'categorical', ordered: true },
        { name: 'tenure', kind: 'integer' },
      ],
    };
    const m = fitModel(tableOf(columns), ordered);
    expect(column(m, 'contract', 'categorical').categories).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);
    expect(column(m, 'lines', 'categorical').categories).toEqual(['0', '1', '2']);
    // 72 months is 6 years: held by the 362 longest customers, so it is kept, last.
    expect(column(m, 'tenure_years', 'categorical').categories).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(column(m, 'contract', 'categorical').ordered).toBe(true);
    // Ordered intervals make the copula see order: more years, longer tenure.
    const r =
      m.copula.correlation[dimensionIndex(m, 'tenure', 'value')]![
        dimensionIndex(m, 'tenure_years', 'value')
      ]!;
    expect(r).toBeGreaterThan(0.85);
    // As a nominal column the years are laid out along the column they go with best (tenure), which
    // recovers the same monotone relation (src/model/category-order.ts).
    const nominal = fitModel(tableOf(columns), {
      ...ordered,
      columns: ordered.columns.map((c) => (c.name === 'tenure_years' ? { ...c, ordered: false } : c)),
    });
    const rNominal =
      nominal.copula.correlation[dimensionIndex(nominal, 'tenure', 'value')]![
        dimensionIndex(nominal, 'tenure_years', 'value')
      ]!;
    expect(column(nominal, 'tenure_years', 'categorical').categories).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(rNominal).toBeGreaterThan(0.85);
  });

  it('refuses a column with fewer than k present values, naming it', () => {
    const columns = columnsOf(table);
    columns.set(
      'rarely_filled',
      columns.get('tenure')!.map((t, i) => (i < 4 ? (t as number) : null)),
    );
    let caught: unknown;
    try {
      fitModel(tableOf(columns), { name: 'thin', columns: [{ name: 'rarely_filled', kind: 'numeric' }] });
    } catch (error) {
      caught = error;
    }
    expect(isDoppelError(caught) && caught.code).toBe('schema-mismatch');
    expect(isDoppelError(caught) && caught.issues[0]?.path).toEqual(['rarely_filled']);
  });
});
