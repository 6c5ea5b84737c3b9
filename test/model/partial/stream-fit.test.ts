import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/io/read-table.js';
import { fit } from '../../../src/model/fit.js';
import type { Model } from '../../../src/model/model-format.js';
import { fitStream } from '../../../src/model/partial/stream-fit.js';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { inferSchema } from '../../../src/schema/infer-schema.js';
import { loadDatasetSchema } from '../../../src/schema/load-schema.js';
import { DATASETS } from '../../shared-data.js';

/** Passes over the table in record batches of 1,000 rows: every batch boundary the stream must merge across. */
function batchesOf(table: Table) {
  return async function* () {
    for (let start = 0; start < table.numRows; start += 1000) yield table.slice(start, start + 1000);
  };
}

/** Categorical columns by category (nominal orders follow score means, which may swap near ties). */
function byCategory(columns: Model['columns']): unknown[] {
  return columns.map((c) =>
    c.kind === 'categorical'
      ? {
          ...c,
          categories: undefined,
          probabilities: undefined,
          byCategory: new Map(c.categories.map((label, i) => [label, c.probabilities[i]])),
        }
      : c,
  );
}

/**
 * Largest correlation difference between the value dimensions of numeric and datetime columns.
 * Dimensions of labels, integers with few values and missing indicators differ more (measured up
 * to 0.18 on margarine's booleans, 0.14 on creditcard_aer's): a nominal column's
 * order follows its categories' mean scores (near ties may swap), and the row fit correlates
 * scores drawn at random inside each value's interval where the stream uses their moments; the
 * sampled data's quality is compared in test/cli/stream-fit-quality.test.ts.
 */
function largestDifference(model: Model, a: number[][], b: number[][]): number {
  const numbers = new Set(
    model.columns.filter((c) => c.kind === 'numeric' || c.kind === 'datetime').map((c) => c.name),
  );
  const keep = model.copula.dimensions.map((d) => d.part === 'value' && numbers.has(d.column));
  let most = 0;
  a.forEach((row, i) => {
    row.forEach((r, j) => {
      if (keep[i] && keep[j]) most = Math.max(most, Math.abs(r - b[i]![j]!));
    });
  });
  return most;
}

async function schemaOf(file: string, table: Table): Promise<DatasetSchema> {
  if (file === 'telco_churn.csv') return loadDatasetSchema('schemas/telco.json');
  // Business rules send the fit to the row fit (tested below); compare the rest.
  return { ...inferSchema(table, { name: file }), rules: [] };
}

/**
 * The stated tolerance of the streamed fit against the row fit (README, "Fits of data larger than
 * memory"): marginals equal (exact counts and values), the same copula dimensions and mixture
 * column, correlations between numbers within 0.03 (the row fit draws each row's score at random inside its
 * interval; the stream uses the interval's mean score).
 */
const CORRELATION_TOLERANCE = 0.03;

describe('fitStream against the row fit on the shared datasets', () => {
  const files = readdirSync(DATASETS).filter((f) => f.endsWith('.csv') && !f.includes('purchases'));
  for (const file of files) {
    it(`${file}: same marginals, dimensions and mixture column; number correlations within ${CORRELATION_TOLERANCE}`, async () => {
      const table = await readTable(join(DATASETS, file));
      const schema = await schemaOf(file, table);
      const row = fit(table, schema);
      const result = await fitStream(batchesOf(table), schema);
      if (!('model' in result)) {
        // Only regimes no column marks need every row; the row fit found them too.
        expect(result.needsRowFit).toMatch(/latent groups/);
        expect(row.mixture?.column).toBeNull();
        return;
      }
      const streamed = result.model;
      expect(streamed.fit).toEqual(row.fit);
      expect(byCategory(streamed.columns)).toEqual(byCategory(row.columns));
      expect(streamed.copula.dimensions).toEqual(row.copula.dimensions);
      expect(largestDifference(streamed, streamed.copula.correlation, row.copula.correlation)).toBeLessThan(
        CORRELATION_TOLERANCE,
      );
      expect(streamed.mixture?.column ?? null).toBe(row.mixture?.column ?? null);
      expect(result.passes).toBe(row.mixture ? 3 : 2);
      streamed.mixture?.components.forEach((component, g) => {
        const other = row.mixture!.components[g]!;
        expect([component.category, component.weight]).toEqual([other.category, other.weight]);
        expect(byCategory(component.columns)).toEqual(byCategory(other.columns));
        expect(
          largestDifference(streamed, component.copula.correlation, other.copula.correlation),
        ).toBeLessThan(CORRELATION_TOLERANCE);
      });
    }, 120_000);
  }

  it('says what needs the row fit: DP, business rules', async () => {
    const table = await readTable(join(DATASETS, 'credit_data.csv'));
    const schema = inferSchema(table, { name: 'credit' });
    expect((schema.rules ?? []).length).toBeGreaterThan(0);
    const ruled = await fitStream(batchesOf(table), schema);
    expect(ruled).toEqual({ needsRowFit: expect.stringMatching(/business rules/) });
    const telco = await loadDatasetSchema('schemas/telco.json');
    const dp = await fitStream(batchesOf(table), telco, { epsilon: 1 });
    expect(dp).toEqual({ needsRowFit: expect.stringMatching(/differentially private/) });
  });
});

describe('fitStream whatever record batches the reader returns', () => {
  /** One pass yielding the table cut at the given row counts (the rest in a last batch). */
  function cutAt(table: Table, sizes: readonly number[]) {
    return async function* () {
      let start = 0;
      for (const size of sizes) {
        yield table.slice(start, start + size);
        start += size;
      }
      if (start < table.numRows) yield table.slice(start);
    };
  }

  it('fits the same model to the last bit from one batch, two, or many (blocks at fixed rows, across a block boundary)', async () => {
    const telco = await readTable(join(DATASETS, 'telco_churn.csv'));
    // 20 copies: 140,860 rows, more than one block of the fit (BATCH_ROWS = 131,072).
    const table = telco.concat(...Array.from({ length: 19 }, () => telco));
    const schema = await loadDatasetSchema('schemas/telco.json');
    const models = [];
    for (const sizes of [[table.numRows], [70_000], [1, 131_071, 5]]) {
      const result = await fitStream(cutAt(table, sizes), schema);
      if (!('model' in result)) throw new Error(result.needsRowFit);
      models.push(JSON.stringify(result.model));
    }
    for (const model of models.slice(1)) expect(model === models[0]).toBe(true);
  }, 60_000);
});
