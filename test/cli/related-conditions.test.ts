import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referentialIntegrity } from '../../src/validate/relational/relationship-validity.js';
import {
  columnStrings,
  HOUSEHOLDS_CSV,
  MARGARINE_SCHEMA,
  PURCHASES_CSV,
  readArrow,
  readCsvRows,
} from './related-helpers.js';
import { runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

/**
 * `doppel sample --where` on a relational model, through the real CLI on the real margarine
 * households and purchases: a condition on the households' columns selects households, and their
 * purchases follow (drawn by the purchases' model given the household, keys valid).
 */
let dir: string;
let model: string;
const realHouseholds = readCsvRows(HOUSEHOLDS_CSV);
const realCounts = new Map<string, number>();
for (const row of readCsvRows(PURCHASES_CSV)) realCounts.set(row.hhid!, (realCounts.get(row.hhid!) ?? 0) + 1);
const realMean = (keep: (row: Record<string, string>) => boolean) => {
  const rows = realHouseholds.filter(keep);
  return rows.reduce((sum, row) => sum + (realCounts.get(row.hhid!) ?? 0), 0) / rows.length;
};

beforeAll(() => {
  dir = temporaryDirectory();
  model = join(dir, 'margarine.model.json');
  runDoppelOk(['fit', '--schema', MARGARINE_SCHEMA, '-o', model]);
});

function sampleWhere(where: string, out: string, workers = 2, rows = 8000) {
  runDoppelOk([
    'sample',
    model,
    '--rows',
    String(rows),
    '--where',
    where,
    '--out',
    out,
    '--seed',
    '3',
    '--workers',
    String(workers),
  ]);
  const households = readArrow(join(out, 'margarine_households.arrow'));
  const purchases = readArrow(join(out, 'margarine_purchases.arrow'));
  const keys = columnStrings(households, 'hhid');
  const foreign = columnStrings(purchases, 'hhid');
  return { households, purchases, keys, foreign, perCustomer: purchases.numRows / households.numRows };
}

describe('doppel sample --where on related tables', () => {
  it.each([
    ['Fam_Size >= 4', (row: Record<string, string>) => Number(row.Fam_Size) >= 4, (v: number) => v >= 4],
    ['Fam_Size <= 2', (row: Record<string, string>) => Number(row.Fam_Size) <= 2, (v: number) => v <= 2],
  ] as const)(
    '%s selects households, and their purchases follow the matching real households',
    (where, real, holds) => {
      const out = join(dir, where.replace(/\W+/g, '_'));
      const { households, keys, foreign, perCustomer } = sampleWhere(where, out);
      expect(households.numRows).toBe(8000);
      const sizes = columnStrings(households, 'Fam_Size').map(Number);
      expect(sizes.every(holds)).toBe(true);
      // Keys: every purchase names a sampled household.
      expect(referentialIntegrity([], keys, foreign)).toBe(1);
      // Purchases per household: the matching real households' mean, not all households'.
      const subset = realMean(real);
      const all = realMean(() => true);
      expect(Math.abs(perCustomer - subset) / subset).toBeLessThan(0.08);
      expect(Math.abs(perCustomer - subset)).toBeLessThan(Math.abs(perCustomer - all));
    },
  );

  it('writes the same bytes with 1 worker as with 2 (three customer chunks)', () => {
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    sampleWhere('college = true and Income >= 40', one, 1, 20_000);
    sampleWhere('college = true and Income >= 40', two, 2, 20_000);
    for (const table of ['margarine_households', 'margarine_purchases'])
      expect(
        readFileSync(join(one, `${table}.arrow`)).equals(readFileSync(join(two, `${table}.arrow`))),
      ).toBe(true);
  });

  it('refuses a condition on a purchase column with exit 2, naming its table', () => {
    const result = runDoppel([
      'sample',
      model,
      '--rows',
      '10',
      '--where',
      'choice = 2',
      '--out',
      join(dir, 'never'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the condition choice = 2 names choice, a column of margarine_purchases/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
