import { join } from 'node:path';
import { Table, type Vector, vectorFromArray } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { prepareTable } from '../../src/schema/prepare-table.js';
import { inferRules } from '../../src/schema/rules/infer-rules.js';
import { ruleAdherence } from '../../src/schema/rules/rule-adherence.js';
import { makeRandom } from '../../src/stats/random.js';
import { DATASETS, SHARED_CSV_FILES } from '../shared-data.js';

const FILES = SHARED_CSV_FILES;

/** Every column shuffled on its own: any relation between columns is destroyed, each column's values kept. */
function shuffledColumns(table: Table, seed: number): Table {
  const random = makeRandom(seed);
  const columns: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const source = table.getChild(field.name) as Vector;
    const order = Array.from({ length: table.numRows }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.nextDouble() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    columns[field.name] = vectorFromArray(
      order.map((row) => source.get(row)),
      field.type,
    );
  }
  return new Table(columns);
}

describe('business rule inference on the shared real datasets', () => {
  const tables = new Map<string, Table>();
  beforeAll(async () => {
    for (const file of FILES) tables.set(file, await readTable(join(DATASETS, file)));
  });

  it('finds telco’s total ≈ tenure × monthly charges (tolerance from the data) and its fixed service combinations', () => {
    const schema = inferSchema(tables.get('telco_churn.csv') as Table, { name: 'telco' });
    const product = schema.rules?.find((r) => r.kind === 'product');
    expect(product).toMatchObject({
      kind: 'product',
      column: 'total_charges',
      factors: ['tenure', 'monthly_charges'],
      enforce: true,
      support: 7032,
    });
    // The real ratio spans 0.689–1.573; the bound is rounded outward.
    expect(product?.kind === 'product' && product.ratio).toEqual({ min: 0.689, max: 1.58 });
    const combinations = schema.rules?.filter((r) => r.kind === 'combination') ?? [];
    expect(combinations.map((r) => (r.kind === 'combination' ? r.values.length : 0)).sort()).toEqual([2, 7]);
    expect(product?.comment).toMatch(/explains 99\.\d+% of the variance of log total_charges/);
  });

  it('finds credit_data’s loan amount ≤ price of the goods', () => {
    const schema = inferSchema(tables.get('credit_data.csv') as Table, { name: 'credit' });
    expect(schema.rules?.map((r) => (r.kind === 'order' ? `${r.lower} ≤ ${r.upper}` : r.kind))).toEqual([
      'Amount ≤ Price',
    ]);
  });

  it('every proposed rule holds on every real row it applies to', () => {
    for (const [file, table] of tables) {
      const schema = inferSchema(table, { name: file });
      const prepared = prepareTable(table, schema, { columns: 'all', applyConsent: false });
      for (const rule of schema.rules ?? []) {
        const adherence = ruleAdherence(prepared, rule);
        expect(adherence, `${file} ${rule.kind}`).not.toBeNull();
        expect(adherence?.satisfied, `${file} ${rule.kind}`).toBe(adherence?.rows);
        expect(adherence?.rows).toBe(rule.support);
      }
    }
  });

  it('finds no rule once every column is shuffled on its own', () => {
    for (const [file, table] of tables) {
      const schema = inferSchema(table, { name: file });
      for (const seed of [1, 2]) {
        expect(inferRules(shuffledColumns(table, seed), schema.columns), `${file} seed ${seed}`).toEqual([]);
      }
    }
  });
});
