import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { fit as fitModel } from '../../src/model/fit.js';
import { parseModel } from '../../src/model/load-model.js';
import { type DatasetSchema, roleOf } from '../../src/schema/dataset-schema.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';
import { DATASETS } from '../shared-data.js';
import {
  choleskySucceeds,
  columnsOf,
  containsNumber,
  knotOriginChecker,
  sortedFinite,
  withoutTailEnds,
} from './helpers.js';

const b = (name: string) => ({ name, kind: 'boolean' as const });
const i = (name: string) => ({ name, kind: 'integer' as const });
const x = (name: string) => ({ name, kind: 'numeric' as const });
const c = (name: string) => ({ name, kind: 'categorical' as const });

/** Hand-written schemas, one per shared dataset (see ../shared/datasets/README.md). */
const SCHEMAS: Record<string, unknown> = {
  'telco_churn.csv': {
    name: 'telco',
    columns: [
      c('churn'),
      b('female'),
      b('senior_citizen'),
      b('partner'),
      b('dependents'),
      i('tenure'),
      b('phone_service'),
      c('multiple_lines'),
      c('internet_service'),
      c('online_security'),
      c('online_backup'),
      c('device_protection'),
      c('tech_support'),
      c('streaming_tv'),
      c('streaming_movies'),
      c('contract'),
      b('paperless_billing'),
      c('payment_method'),
      x('monthly_charges'),
      x('total_charges'),
    ],
  },
  'credit_data.csv': {
    name: 'credit',
    columns: [
      c('Status'),
      i('Seniority'),
      c('Home'),
      i('Time'),
      i('Age'),
      c('Marital'),
      b('Records'),
      c('Job'),
      i('Expenses'),
      i('Income'),
      i('Assets'),
      i('Debt'),
      i('Amount'),
      i('Price'),
    ],
  },
  'creditcard_aer.csv': {
    name: 'creditcard',
    columns: [
      b('card'),
      i('reports'),
      x('age'),
      x('income'),
      x('share'),
      x('expenditure'),
      b('owner'),
      b('selfemp'),
      i('dependents'),
      i('months'),
      b('majorcards'),
      i('active'),
    ],
  },
  'margarine_households.csv': {
    name: 'margarine households',
    columns: [
      { name: 'hhid', kind: 'identifier' },
      x('Income'),
      b('Fs3_4'),
      b('Fs5.'),
      i('Fam_Size'),
      b('college'),
      b('whtcollar'),
      b('retired'),
    ],
  },
  'margarine_purchases.csv': {
    name: 'margarine purchases',
    columns: [
      { name: 'hhid', kind: 'identifier' },
      { name: 'choice', kind: 'categorical' },
      ...[
        'PPk_Stk',
        'PBB_Stk',
        'PFl_Stk',
        'PHse_Stk',
        'PGen_Stk',
        'PImp_Stk',
        'PSS_Tub',
        'PPk_Tub',
        'PFl_Tub',
        'PHse_Tub',
      ].map(x),
    ],
  },
};

const files = readdirSync(DATASETS)
  .filter((f) => f.endsWith('.csv'))
  .sort();

describe('fit on every shared dataset', () => {
  it('has a schema for every dataset', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => !(f in SCHEMAS))).toEqual([]);
  });

  it.each(files)(
    '%s: a valid model, faithful missing rates and frequencies, nothing below k',
    async (file) => {
      const schema: DatasetSchema = parseDatasetSchema(SCHEMAS[file], file);
      const table = await readTable(join(DATASETS, file));
      const model = fitModel(table, schema);
      const json = JSON.stringify(model);
      parseModel(JSON.parse(json));
      expect(choleskySucceeds(model.copula.correlation)).toBe(true);
      expect(model.fit.rowsUsed).toBe(table.numRows);

      const real = columnsOf(table);
      const k = model.fit.minCount;
      for (const spec of schema.columns) {
        const columnModel = model.columns.find((m) => m.name === spec.name)!;
        const values = real.get(spec.name)!;
        if (roleOf(spec) !== 'modelled') {
          expect(columnModel).toEqual({ kind: 'identifier', name: spec.name, generator: 'sequence' });
          expect(model.copula.dimensions.some((d) => d.column === spec.name)).toBe(false);
          continue;
        }
        if (columnModel.kind === 'identifier' || columnModel.kind === 'personal')
          throw new Error('unexpected');
        // Fewer than k missing values are not stored (credit_data's Marital has one).
        const missing = values.filter((v) => v === null).length;
        expect(columnModel.missingRate).toBe(missing >= k ? missing / values.length : 0);
        expect(model.copula.dimensions.some((d) => d.column === spec.name && d.part === 'missing')).toBe(
          missing >= k,
        );
        if ('cdf' in columnModel) {
          const sorted = sortedFinite(values);
          const originOf = knotOriginChecker(sorted, k);
          const inner = withoutTailEnds(columnModel.cdf.values, sorted, k);
          expect(inner.filter((v) => originOf(v) === null)).toEqual([]);
          expect(columnModel.cdf.values[0]).toBeGreaterThanOrEqual(sorted[0]!);
          expect(columnModel.cdf.values.at(-1)).toBeLessThanOrEqual(sorted.at(-1)!);
        }
        if (columnModel.kind === 'categorical') {
          const counts = new Map<string, number>();
          for (const v of values) if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
          const present = values.length - missing;
          columnModel.categories.forEach((category, j) => {
            if (category === columnModel.suppressed.otherLabel) return;
            expect(counts.get(category)!).toBeGreaterThanOrEqual(k);
            expect(columnModel.probabilities[j]).toBeCloseTo(counts.get(category)! / present, 12);
          });
        }
      }
    },
  );

  it('never reads a margarine household id into the model', async () => {
    const table = await readTable(join(DATASETS, 'margarine_purchases.csv'));
    const model = fitModel(table, parseDatasetSchema(SCHEMAS['margarine_purchases.csv']));
    const json = JSON.stringify(model);
    const ids = new Set(columnsOf(table).get('hhid')! as number[]);
    expect(ids.size).toBe(516);
    expect([...ids].filter((id) => containsNumber(json, id) || json.includes(`"${id}"`))).toEqual([]);
    // choice is a product code 1-10: a categorical with every code frequent enough to keep.
    const choice = model.columns.find((m) => m.name === 'choice');
    expect(
      choice?.kind === 'categorical' && [...choice.categories].sort((p, q) => Number(p) - Number(q)),
    ).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('keeps the spike of zero expenditure in creditcard_aer exactly', async () => {
    const table = await readTable(join(DATASETS, 'creditcard_aer.csv'));
    const model = fitModel(table, parseDatasetSchema(SCHEMAS['creditcard_aer.csv']));
    const expenditure = model.columns.find((m) => m.name === 'expenditure');
    if (expenditure?.kind !== 'numeric') throw new Error('expected numeric');
    // 317 of 1319 applicants spent nothing (table(CreditCard$expenditure == 0) in R).
    expect(expenditure.cdf.values.slice(0, 2)).toEqual([0, 0]);
    expect(expenditure.cdf.cumulative[1]).toBeCloseTo(317 / 1319, 12);
    // The file prints up to 7 decimals (e.g. 0.9166667), so sampled amounts keep that precision.
    expect(expenditure.decimals).toBe(7);
  });
});
