import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  columnStrings,
  HOUSEHOLDS_CSV,
  MARGARINE_SCHEMA,
  PURCHASES_CSV,
  readArrow,
  readCsvRows,
  referentialIntegrity,
} from './related-helpers.js';
import { runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

interface ColumnJson {
  name: string;
  kind: string;
  categories?: string[];
  cdf?: { values: number[]; cumulative: number[] };
}
interface LedgerEntry {
  column: string | null;
  sensitivity: number;
}
interface PrivacyJson {
  differentialPrivacy: boolean;
  epsilon: number;
  neighbouring: string;
  spent: { epsilon: number; delta: number };
  ledger: LedgerEntry[];
  contribution?: { eventsPerParent: number; rowsPerCustomer: { table: string; rows: number }[] };
}
interface RelationalJson {
  privacy: PrivacyJson;
  fit: { minCount: number };
  tables: {
    name: string;
    parent: { maxEvents: number } | null;
    model: { columns: ColumnJson[]; privacy: PrivacyJson };
  }[];
}

/** Distinct households holding each value of a purchases column. */
function holdersByValue(column: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of readCsvRows(PURCHASES_CSV)) {
    const value = row[column]!;
    if (!out.has(value)) out.set(value, new Set());
    out.get(value)!.add(row['hhid']!);
  }
  return out;
}

/** Values a piecewise CDF stores as point masses (two knots with the same value and a jump). */
function atomsOf(cdf: { values: number[]; cumulative: number[] }): number[] {
  const out: number[] = [];
  for (let i = 1; i < cdf.values.length; i++)
    if (cdf.values[i] === cdf.values[i - 1] && cdf.cumulative[i] !== cdf.cumulative[i - 1])
      out.push(cdf.values[i]!);
  return out;
}

/**
 * `--epsilon` on related tables: the customer with all their purchases is the unit of privacy. Real
 * margarine panel, real CLI.
 */
describe('doppel fit --epsilon on related tables', () => {
  const k = 5;
  let dir: string;
  let model: RelationalJson;
  beforeAll(() => {
    dir = temporaryDirectory();
    const path = join(dir, 'dp.json');
    runDoppelOk(['fit', '--schema', MARGARINE_SCHEMA, '--epsilon', '1', '--seed', '11', '-o', path]);
    model = JSON.parse(readFileSync(path, 'utf8'));
  });

  it('records ε, the customer as the unit and the contribution bound, and spends the budget once', () => {
    expect(model.privacy.differentialPrivacy).toBe(true);
    expect(model.privacy.epsilon).toBe(1);
    expect(model.privacy.neighbouring).toBe('add-remove-one-customer');
    expect(model.privacy.spent.epsilon).toBeLessThanOrEqual(1);
    expect(model.privacy.spent.delta).toBeLessThanOrEqual(1e-9);
    expect(model.privacy.contribution).toEqual({
      eventsPerParent: 20,
      rowsPerCustomer: [
        { table: 'margarine_households', rows: 1 },
        { table: 'margarine_purchases', rows: 20 },
      ],
    });
    // One ledger across both tables; a purchase statistic's sensitivity is 20 rows' worth.
    const tablesInLedger = new Set(model.privacy.ledger.map((e) => e.column?.split('.')[0]));
    expect(tablesInLedger).toEqual(new Set(['margarine_households', 'margarine_purchases']));
    const purchases = model.privacy.ledger.filter((e) => e.column?.startsWith('margarine_purchases.'));
    expect(Math.min(...purchases.map((e) => e.sensitivity))).toBeGreaterThanOrEqual(20);
    // Each table part lists its own releases, which together are the whole ledger.
    const parts = model.tables.flatMap((t) => t.model.privacy.ledger);
    expect(parts.length).toBe(model.privacy.ledger.length);
    for (const table of model.tables)
      expect(table.model.privacy.neighbouring).toBe('add-remove-one-customer');
    // Histories end at the bound the events model was fitted on.
    expect(model.tables[1]!.parent!.maxEvents).toBeLessThanOrEqual(20);
  });

  it('stores no brand and no price held by fewer than k households', () => {
    const choiceHolders = holdersByValue('choice');
    for (const table of model.tables) {
      for (const column of table.model.columns) {
        if (column.name.includes('choice') && column.categories)
          for (const category of column.categories)
            if (category !== '(other)')
              expect(choiceHolders.get(category)?.size ?? 0).toBeGreaterThanOrEqual(k);
        const price = /^(?:event|prev):(P\w+_(?:Stk|Tub))$/.exec(column.name)?.[1];
        if (price && column.cdf) {
          const holders = holdersByValue(price);
          for (const atom of atomsOf(column.cdf))
            expect(holders.get(String(atom))?.size ?? 0).toBeGreaterThanOrEqual(k);
        }
      }
    }
  });

  it('samples customers whose purchases all join them', () => {
    const out = join(dir, 'sample');
    runDoppelOk(['sample', join(dir, 'dp.json'), '--rows', '200', '--out', out, '--seed', '3']);
    const households = readArrow(join(out, 'margarine_households.arrow'));
    const purchases = readArrow(join(out, 'margarine_purchases.arrow'));
    const keys = columnStrings(households, 'hhid');
    expect(new Set(keys).size).toBe(200);
    expect(referentialIntegrity(keys, columnStrings(purchases, 'hhid'))).toBe(1);
  });

  it('takes --events-per-parent as the bound, and refuses it without --epsilon', () => {
    const path = join(dir, 'dp5.json');
    runDoppelOk([
      'fit',
      '--schema',
      MARGARINE_SCHEMA,
      '--epsilon',
      '1',
      '--events-per-parent',
      '5',
      '-o',
      path,
    ]);
    const bounded: RelationalJson = JSON.parse(readFileSync(path, 'utf8'));
    expect(bounded.privacy.contribution?.eventsPerParent).toBe(5);
    expect(bounded.tables[1]!.parent!.maxEvents).toBeLessThanOrEqual(5);
    const refused = runDoppel([
      'fit',
      '--schema',
      MARGARINE_SCHEMA,
      '--events-per-parent',
      '5',
      '-o',
      join(dir, 'no.json'),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --events-per-parent .* give it with --epsilon/);
  });
});

/**
 * The plain fit's k rule counts households in every statistic of the purchases model, numbers
 * included: a price carried by many purchases of one household is not stored.
 */
describe('doppel fit on related tables: numeric knots count households', () => {
  const k = 5;
  const planted = 7.77;
  let fitted: RelationalJson;
  beforeAll(() => {
    const dir = temporaryDirectory();
    const lines = readFileSync(PURCHASES_CSV, 'utf8').trim().split('\n');
    const household = lines[1]!.split(',')[0]!;
    // One household buys 60 more times at a price nobody else pays, the highest price in the data.
    const extra = Array.from({ length: 60 }, () => {
      const cells = lines[1]!.split(',');
      cells[2] = String(planted);
      return cells.join(',');
    });
    expect(household).toMatch(/^\d+$/);
    writeFileSync(join(dir, 'purchases.csv'), `${[...lines, ...extra].join('\n')}\n`);
    const schema = JSON.parse(readFileSync(MARGARINE_SCHEMA, 'utf8'));
    schema.tables[0].path = HOUSEHOLDS_CSV;
    schema.tables[1].path = 'purchases.csv';
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    const path = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', join(dir, 'schema.json'), '--min-count', String(k), '-o', path]);
    fitted = JSON.parse(readFileSync(path, 'utf8'));
  });

  it('the planted price is no knot, atom or end of any purchases column', () => {
    const events = fitted.tables[1]!.model.columns;
    for (const name of ['event:PPk_Stk', 'prev:PPk_Stk']) {
      const column = events.find((c) => c.name === name)!;
      expect(column.cdf!.values).not.toContain(planted);
      // The top of the distribution is the top of k households' prices, not the planted one.
      expect(Math.max(...column.cdf!.values)).toBeLessThan(planted);
    }
  });

  it('every atom of every purchases number column is a value held by k or more households', () => {
    const events = fitted.tables[1]!.model.columns;
    let atoms = 0;
    for (const column of events) {
      const price = /^(?:event|prev):(P\w+_(?:Stk|Tub))$/.exec(column.name)?.[1];
      if (!price || !column.cdf) continue;
      const holders = holdersByValue(price);
      for (const atom of atomsOf(column.cdf)) {
        atoms++;
        expect(holders.get(String(atom))?.size ?? 0).toBeGreaterThanOrEqual(k);
      }
    }
    // Real prices repeat: the check is not vacuous.
    expect(atoms).toBeGreaterThan(20);
  });
});
