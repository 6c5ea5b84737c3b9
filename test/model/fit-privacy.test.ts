import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { fit as fitModel } from '../../src/model/fit.js';
import { parseModel } from '../../src/model/load-model.js';
import type { Model } from '../../src/model/model-format.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { loadDatasetSchema, parseDatasetSchema } from '../../src/schema/load-schema.js';
import { DATASETS, ROOT } from '../shared-data.js';
import {
  columnsOf,
  containsNumber,
  knotOriginChecker,
  sortedFinite,
  tableOf,
  withoutTailEnds,
} from './helpers.js';

const MARKER = 'ZZ-marker-q7Xw';
const EXTREME_MONEY = 987654.321;
const EXTREME_COUNT = 8675309;
const EXTREME_TOTAL = 123456.789;

function categorical(model: Model, name: string) {
  const found = model.columns.find((c) => c.name === name);
  if (found?.kind !== 'categorical') throw new Error(`no categorical ${name}`);
  return found;
}

function cdfOf(model: Model, name: string) {
  const found = model.columns.find((c) => c.name === name);
  if (!found || !('cdf' in found)) throw new Error(`no cdf for ${name}`);
  return found.cdf;
}

describe('a model holds no rare value', () => {
  let schema: DatasetSchema;
  let planted: Map<string, (string | number | null)[]>;
  let table: Table;

  beforeAll(async () => {
    schema = await loadDatasetSchema(join(ROOT, 'schemas', 'telco.json'));
    planted = columnsOf(await readTable(join(ROOT, 'samples', 'telco_churn.csv')));
    // One customer each with a unique category and unique extremes: real-looking rows that would be
    // re-identifiable if any of these reached the model.
    planted.get('payment_method')![100] = MARKER;
    planted.get('monthly_charges')![200] = EXTREME_MONEY;
    planted.get('tenure')![300] = EXTREME_COUNT;
    planted.get('total_charges')![400] = EXTREME_TOTAL;
    table = tableOf(planted);
  });

  it('merges the unique category into "(other)" and stores neither marker nor extremes', () => {
    const model = fitModel(table, schema);
    const json = JSON.stringify(model);
    expect(json).not.toContain(MARKER);
    expect(json.toLowerCase()).not.toContain('marker');
    for (const value of [EXTREME_MONEY, EXTREME_COUNT, EXTREME_TOTAL])
      expect(containsNumber(json, value)).toBe(false);
    // The check itself can fail: the same JSON with a planted number is caught.
    expect(containsNumber(json.replace('"minCount":5', `"minCount":${EXTREME_COUNT}`), EXTREME_COUNT)).toBe(
      true,
    );

    const payment = categorical(model, 'payment_method');
    expect(payment.suppressed).toEqual({ categories: 1, rows: 1, action: 'merge', otherLabel: '(other)' });
    expect(payment.categories.at(-1)).toBe('(other)');
    expect(payment.probabilities.at(-1)).toBeCloseTo(1 / 7043, 12);
    parseModel(JSON.parse(json));
  });

  it('stores no value beyond the k-th order statistics but a k-row aggregate tail', () => {
    const model = fitModel(table, schema);
    for (const name of ['monthly_charges', 'tenure', 'total_charges']) {
      const sorted = sortedFinite(planted.get(name)!);
      const cdf = cdfOf(model, name);
      const inner = withoutTailEnds(cdf.values, sorted, 5);
      expect(inner[0]).toBeGreaterThanOrEqual(sorted[4]!);
      expect(inner.at(-1)).toBeLessThanOrEqual(sorted[sorted.length - 5]!);
      expect(Math.max(...cdf.values)).toBeLessThan(sorted.at(-1)!);
      const originOf = knotOriginChecker(sorted, 5);
      expect(inner.filter((v) => originOf(v) === null)).toEqual([]);
    }
  });

  it('drops the unique category when the schema says so, renormalising the others', () => {
    const model = fitModel(table, { ...schema, privacy: { rareCategories: 'drop' } });
    const payment = categorical(model, 'payment_method');
    expect(payment.suppressed).toEqual({ categories: 1, rows: 1, action: 'drop', otherLabel: null });
    expect(payment.categories).toHaveLength(4);
    expect(payment.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const first = planted.get('payment_method')!.filter((v) => v === payment.categories[0]).length;
    expect(payment.probabilities[0]).toBeCloseTo(first / 7042, 12);
    expect(payment.missingRate).toBe(0);
    expect(JSON.stringify(model)).not.toContain(MARKER);
  });

  it('names the other bucket uniquely when a real category is already called "(other)"', () => {
    const columns = new Map(planted);
    // A real, frequent category named "(other)" (every electronic check), plus the rare marker.
    columns.set(
      'payment_method',
      planted.get('payment_method')!.map((v) => (v === 'Electronic check' ? '(other)' : v)),
    );
    const model = fitModel(tableOf(columns), schema);
    const payment = categorical(model, 'payment_method');
    expect(payment.categories).toContain('(other)');
    expect(payment.suppressed.otherLabel).toBe('(other 2)');
    expect(payment.categories.at(-1)).toBe('(other 2)');
    expect(new Set(payment.categories).size).toBe(payment.categories.length);
  });

  it('applies a larger k from the options to categories and values alike', () => {
    const model = fitModel(table, schema, { minCount: 1000 });
    expect(model.fit.minCount).toBe(1000);
    const payment = categorical(model, 'payment_method');
    // All four real methods have more than 1000 customers; only the marker is suppressed.
    expect(payment.suppressed.categories).toBe(1);
    const sorted = sortedFinite(planted.get('monthly_charges')!);
    expect(withoutTailEnds(cdfOf(model, 'monthly_charges').values, sorted, 1000)[0]).toBe(sorted[999]);
    // Under k = 1000 a tenure value held by fewer customers is no point mass.
    const counts = new Map<number, number>();
    for (const v of planted.get('tenure')!) counts.set(v as number, (counts.get(v as number) ?? 0) + 1);
    const { values } = cdfOf(model, 'tenure');
    for (let i = 1; i < values.length; i++) {
      if (values[i] === values[i - 1]) expect(counts.get(values[i]!)!).toBeGreaterThanOrEqual(1000);
    }
  });

  it('stores no boolean value or missing rate that fewer than k rows hold', () => {
    const k = 5;
    const flags = columnsOf(table);
    // senior_citizen: true for k − 1 customers only; partner: false for exactly k.
    flags.set(
      'senior_citizen',
      flags.get('senior_citizen')!.map((_, r) => (r < k - 1 ? 1 : 0)),
    );
    flags.set(
      'partner',
      flags.get('partner')!.map((_, r) => (r < k ? 0 : 1)),
    );
    // total_charges: missing for k − 1 customers; monthly_charges for k.
    flags.set(
      'total_charges',
      flags.get('total_charges')!.map((v, r) => (r < k - 1 ? null : (v ?? 0))),
    );
    flags.set(
      'monthly_charges',
      flags.get('monthly_charges')!.map((v, r) => (r < k ? null : v)),
    );
    const model = fitModel(tableOf(flags), { ...schema, model: { stratifyBy: null } }, { minCount: k });
    const column = (name: string) => {
      const found = model.columns.find((c) => c.name === name);
      if (!found || found.kind === 'identifier' || found.kind === 'personal') throw new Error(name);
      return found;
    };
    const senior = column('senior_citizen');
    const partner = column('partner');
    expect(senior.kind === 'boolean' && senior.trueProbability).toBe(0);
    expect(partner.kind === 'boolean' && partner.trueProbability).toBeCloseTo(1 - k / table.numRows, 12);
    expect(column('total_charges').missingRate).toBe(0);
    expect(column('monthly_charges').missingRate).toBeCloseTo(k / table.numRows, 12);
    expect(model.copula.dimensions.filter((d) => d.part === 'missing').map((d) => d.column)).toEqual([
      'monthly_charges',
    ]);
  });
});

describe('rare values in real data', () => {
  it('never makes a credit_data value held by fewer than k = 40 rows a point mass or a category', async () => {
    const table = await readTable(join(DATASETS, 'credit_data.csv'));
    const schema = parseDatasetSchema({
      name: 'credit',
      columns: [
        { name: 'Seniority', kind: 'integer' },
        { name: 'Time', kind: 'integer' },
        { name: 'Expenses', kind: 'integer' },
        { name: 'Marital', kind: 'categorical' },
        { name: 'Job', kind: 'categorical' },
      ],
    });
    const k = 40;
    const model = fitModel(table, schema, { minCount: k });
    const real = columnsOf(table);
    for (const name of ['Seniority', 'Time', 'Expenses']) {
      const counts = new Map<number, number>();
      for (const v of real.get(name)!) counts.set(v as number, (counts.get(v as number) ?? 0) + 1);
      const rare = [...counts].filter(([, n]) => n < k).map(([v]) => v);
      expect(rare.length).toBeGreaterThan(0);
      const { values } = cdfOf(model, name);
      for (let i = 1; i < values.length; i++) {
        if (values[i] === values[i - 1]) expect(counts.get(values[i]!)!).toBeGreaterThanOrEqual(k);
      }
    }
    // Marital has one category held by fewer than 40 applicants: divorced, 38 (table(credit_data$Marital) in R).
    const marital = categorical(model, 'Marital');
    expect(marital.suppressed.categories).toBe(1);
    const counts = new Map<string, number>();
    for (const v of real.get('Marital')!)
      if (v !== null) counts.set(v as string, (counts.get(v as string) ?? 0) + 1);
    for (const category of marital.categories) {
      if (category !== marital.suppressed.otherLabel) expect(counts.get(category)!).toBeGreaterThanOrEqual(k);
    }
    const rareLabel = [...counts].find(([, n]) => n < k)![0];
    expect(JSON.stringify(model)).not.toContain(`"${rareLabel}"`);
  });
});
