/**
 * Models for the sampler's tests: small hand-built ones that exercise every column kind and the
 * contract's corners (point masses, flat CDF stretches, missing dimensions, a strong correlation),
 * each checked by parseModel like a model file, and the model fitted on the bundled telco sample.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/io/read-table.js';
import { fit } from '../../src/model/fit.js';
import { parseModel } from '../../src/model/load-model.js';
import type { ColumnModel, CopulaDimension, Model } from '../../src/model/model-format.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const DAY = 86_400_000;

/** A valid model from columns, dimensions and a correlation (identity where not given). */
export function makeModel(
  columns: ColumnModel[],
  dimensions: CopulaDimension[],
  correlations: { a: number; b: number; rho: number }[] = [],
): Model {
  const d = dimensions.length;
  const correlation: number[][] = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
  );
  for (const { a, b, rho } of correlations) {
    correlation[a]![b] = rho;
    correlation[b]![a] = rho;
  }
  return parseModel(
    {
      format: 'doppel-model',
      formatVersion: 1,
      generator: { name: 'doppel', version: '0.1.0' },
      dataset: { name: 'fixture' },
      fit: { rowsRead: 1000, rowsUsed: 1000, rowsDroppedByConsent: 0, consentColumn: null, minCount: 5 },
      privacy: { differentialPrivacy: false },
      columns,
      copula: { dimensions, correlation },
    },
    'fixture model',
  );
}

/** Dimension indices of {@link mixedModel}, for tests that read the correlation back. */
export const MIXED = {
  income: 0,
  incomeMissing: 1,
  spend: 2,
  visits: 3,
  plan: 4,
  active: 5,
  joined: 6,
  birthday: 7,
};

/**
 * Every modelled kind plus generated columns:
 * - income: numeric, 2 decimals, 20% missing, continuous CDF 1000–9000;
 * - spend: numeric, no rounding, correlated 0.9 with income;
 * - visits: integer, a 30% point mass at 0 then linear 1–100, with a flat stretch (no mass) 40–60;
 * - plan: categorical with a zero-probability category; active: boolean 0.25 true;
 * - joined: timestamp 2020–2024; birthday: date 1950–2005;
 * - id: sequence; token: uuid.
 */
export function mixedModel(): Model {
  return makeModel(
    [
      { kind: 'identifier', name: 'id', generator: 'sequence' },
      {
        kind: 'numeric',
        name: 'income',
        missingRate: 0.2,
        decimals: 2,
        cdf: { values: [1000, 3000, 9000], cumulative: [0, 0.5, 1] },
      },
      {
        kind: 'numeric',
        name: 'spend',
        missingRate: 0,
        decimals: null,
        cdf: { values: [0, 1], cumulative: [0, 1] },
      },
      {
        kind: 'integer',
        name: 'visits',
        missingRate: 0,
        cdf: { values: [0, 0, 1, 40, 60, 100], cumulative: [0, 0.3, 0.3, 0.6, 0.6, 1] },
      },
      {
        kind: 'categorical',
        name: 'plan',
        missingRate: 0,
        categories: ['basic', 'never', 'plus', 'pro'],
        probabilities: [0.5, 0, 0.3, 0.2],
        ordered: false,
        suppressed: { categories: 0, rows: 0, action: 'merge', otherLabel: null },
      },
      { kind: 'boolean', name: 'active', missingRate: 0, trueProbability: 0.25 },
      {
        kind: 'datetime',
        name: 'joined',
        missingRate: 0,
        unit: 'timestamp',
        cdf: { values: [Date.UTC(2020, 0, 1), Date.UTC(2024, 11, 31)], cumulative: [0, 1] },
      },
      {
        kind: 'datetime',
        name: 'birthday',
        missingRate: 0,
        unit: 'date',
        cdf: { values: [Date.UTC(1950, 0, 1), Date.UTC(2005, 0, 1)], cumulative: [0, 1] },
      },
      { kind: 'identifier', name: 'token', generator: 'uuid' },
    ],
    [
      { column: 'income', part: 'value' },
      { column: 'income', part: 'missing' },
      { column: 'spend', part: 'value' },
      { column: 'visits', part: 'value' },
      { column: 'plan', part: 'value' },
      { column: 'active', part: 'value' },
      { column: 'joined', part: 'value' },
      { column: 'birthday', part: 'value' },
    ],
    [{ a: MIXED.income, b: MIXED.spend, rho: 0.9 }],
  );
}

export const BIRTHDAY_DAYS = { min: Date.UTC(1950, 0, 1) / DAY, max: Date.UTC(2005, 0, 1) / DAY };

/** Personal fields of every type, some unique, in a non-English locale for one of them. */
export function personalModel(): Model {
  const personal = (name: string, type: string, unique: boolean, locale = 'en') =>
    ({ kind: 'personal', name, personal: type, unique, locale }) as ColumnModel;
  return makeModel(
    [
      personal('name', 'name', false),
      personal('login', 'email', true),
      personal('phone', 'phone', true),
      personal('card', 'card-number', true),
      personal('iban', 'iban', true, 'de'),
      personal('ip', 'ip-address', true),
      personal('city', 'city', false, 'de'),
      personal('born', 'date-of-birth', false),
      { kind: 'boolean', name: 'flag', missingRate: 0, trueProbability: 0.5 },
    ],
    [{ column: 'flag', part: 'value' }],
  );
}

/** An integer column whose range needs Int64. */
export function wideIntegerModel(): Model {
  return makeModel(
    [{ kind: 'integer', name: 'bytes', missingRate: 0, cdf: { values: [0, 2 ** 40], cumulative: [0, 1] } }],
    [{ column: 'bytes', part: 'value' }],
  );
}

let telco: Promise<Model> | null = null;

/** The model fitted on samples/telco_churn.csv with schemas/telco.json (fitted once per file). */
export function telcoModel(): Promise<Model> {
  telco ??= (async () => {
    const [table, schema] = await Promise.all([
      readTable(join(ROOT, 'samples/telco_churn.csv')),
      loadDatasetSchema(join(ROOT, 'schemas/telco.json')),
    ]);
    // Through JSON and parseModel, exactly as a model file reaches the sampler.
    return parseModel(JSON.parse(JSON.stringify(fit(table, schema, { seed: 1 }))), 'telco model');
  })();
  return telco;
}

/** A fresh empty directory for one test's output. */
export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'doppel-sample-'));
}

/** Files in a directory (to check that nothing, not even a temporary file, was left behind). */
export function filesIn(directory: string): string[] {
  return readdirSync(directory);
}
