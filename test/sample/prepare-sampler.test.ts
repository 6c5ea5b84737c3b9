import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import type { ColumnModel, CopulaDimension, Model } from '../../src/model/model-format.js';
import { choleskyFactor } from '../../src/sample/cholesky.js';
import { noFaker } from '../../src/sample/load-faker.js';
import { prepareSampler } from '../../src/sample/prepare-sampler.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { makeModel } from './fixtures.js';

function invalidModelMessage(model: () => Model): string {
  try {
    sampleTable(model(), { rows: 10, seed: 1 });
  } catch (error) {
    expect(isDoppelError(error) && error.code).toBe('invalid-model');
    return (error as Error).message;
  }
  throw new Error('expected an invalid-model error');
}

const flag = (name: string, missingRate = 0): ColumnModel => ({
  kind: 'boolean',
  name,
  missingRate,
  trueProbability: 0.5,
});
const value = (column: string): CopulaDimension => ({ column, part: 'value' });

describe('preparing a model for sampling', () => {
  it('finds copula dimensions by name, not by position', () => {
    // Dimensions listed as c, a, b with a and b (dimensions 1 and 2) correlated 0.99: read by
    // position, a and b would be independent and agree on half the rows only.
    const model = makeModel(
      [flag('a'), flag('b'), flag('c')],
      [value('c'), value('a'), value('b')],
      [{ a: 1, b: 2, rho: 0.99 }],
    );
    const rows = sampleTable(model, { rows: 1000, seed: 1 })
      .toArray()
      .map((r) => r.toJSON());
    expect(rows.filter((r) => r['a'] === r['b']).length).toBeGreaterThan(900);
    expect(rows.filter((r) => r['a'] === r['c']).length).toBeLessThan(600);
  });

  it("draws no dimension for constant columns and keeps the others' correlation", () => {
    // Constant columns (always true, one category) sit between a and b, correlated 0.99: dropping
    // their dimensions must keep a and b on the factor of their own 2 × 2 correlation.
    const always: ColumnModel = { kind: 'boolean', name: 'always', missingRate: 0, trueProbability: 1 };
    const single: ColumnModel = {
      kind: 'categorical',
      name: 'single',
      missingRate: 0,
      categories: ['only'],
      probabilities: [1],
      ordered: false,
      suppressed: { categories: 0, rows: 0, action: 'merge', otherLabel: null },
    };
    const model = makeModel(
      [flag('a'), always, single, flag('b')],
      [value('a'), value('always'), value('single'), value('b')],
      [
        { a: 0, b: 3, rho: 0.99 },
        { a: 1, b: 3, rho: 0.1 },
      ],
    );
    const prepared = prepareSampler(model, {
      cholesky: choleskyFactor(model.copula.correlation),
      fakerFor: noFaker,
    });
    expect(prepared.copula?.dimensions).toBe(2);
    const rows = sampleTable(model, { rows: 1000, seed: 1 })
      .toArray()
      .map((r) => r.toJSON());
    expect(rows.every((r) => r['always'] === true && r['single'] === 'only')).toBe(true);
    expect(rows.filter((r) => r['a'] === r['b']).length).toBeGreaterThan(900);
  });

  it('refuses a column with missing values but no missing dimension', () => {
    expect(invalidModelMessage(() => makeModel([flag('a', 0.1)], [value('a')]))).toBe(
      'column "a" has missing values but no missing dimension',
    );
  });

  it('refuses unique dates of birth and unknown locales', () => {
    const personal = (type: string, unique: boolean, locale: string) =>
      makeModel([{ kind: 'personal', name: 'p', personal: type, unique, locale } as ColumnModel], []);
    expect(invalidModelMessage(() => personal('date-of-birth', true, 'en'))).toMatch(
      /^personal column "p": dates of birth cannot be unique/,
    );
    expect(invalidModelMessage(() => personal('name', false, 'xx_YY'))).toMatch(
      /^column "p" asks for locale "xx_YY", which faker does not provide/,
    );
  });
});
