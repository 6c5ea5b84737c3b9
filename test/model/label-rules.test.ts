import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { takeRows } from '../../src/io/take-rows.js';
import { fit } from '../../src/model/fit.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { prepareTable } from '../../src/schema/prepare-table.js';
import { ruleAdherence } from '../../src/schema/rules/rule-adherence.js';
import { DATASETS } from '../shared-data.js';

/**
 * Zero-when rules kept by construction, on real rows: the credit card applications of
 * creditcard_aer (AER's CreditCard) where a spending of 0 means no card, which holds on every row
 * but the 21 card holders who spent nothing; those are left out so that the rule holds exactly.
 * infer finds it from the values, fit models expenditure on the card holders only, and every
 * synthetic row keeps it.
 */
let table: Table;
let schema: DatasetSchema;
beforeAll(async () => {
  const all = await readTable(join(DATASETS, 'creditcard_aer.csv'));
  const card = all.getChild('card')!;
  const spent = all.getChild('expenditure')!;
  const rows: number[] = [];
  for (let i = 0; i < all.numRows; i++)
    if (!(card.get(i) === 'yes' && Number(spent.get(i)) === 0)) rows.push(i);
  table = takeRows(all, rows);
  schema = inferSchema(table, { name: 'creditcard_aer' });
});

describe('zero-when rules', () => {
  it('are inferred from the values, modelled on the free rows, and hold on every synthetic row', () => {
    const zeroWhen = (schema.rules ?? []).filter((r) => r.kind === 'zero-when');
    expect(
      zeroWhen.map((r) => (r.kind === 'zero-when' ? [r.column, r.when.column, r.when.value] : [])),
    ).toContainEqual(['expenditure', 'card', 'no']);
    const model = fit(table, schema, { seed: 1 });
    expect(model.derived?.filter((d) => d.kind === 'zero-when').map((d) => d.column)).toContain(
      'expenditure',
    );
    const synthetic = prepareTable(sampleTable(model, { rows: 50_000, seed: 4 }), schema, {
      columns: 'all',
      applyConsent: false,
    });
    for (const rule of zeroWhen) {
      const adherence = ruleAdherence(synthetic, rule);
      expect(adherence?.rows).toBeGreaterThan(45_000);
      expect(adherence?.satisfied).toBe(adherence?.rows);
    }
    // The free rows still spend like real card holders: no zero, a median in the real range.
    const card = synthetic.columns.find((c) => c.spec.name === 'card')!.values as (string | null)[];
    const spent = synthetic.columns.find((c) => c.spec.name === 'expenditure')!.values as Float64Array;
    const holders = [...spent].filter((_, i) => card[i] === 'yes').sort((a, b) => a - b);
    expect(holders.length).toBeGreaterThan(30_000);
    expect(holders[0]).toBeGreaterThan(0);
    const median = holders[Math.floor(holders.length / 2)]!;
    expect(median).toBeGreaterThan(50);
    expect(median).toBeLessThan(400);
  });
});
