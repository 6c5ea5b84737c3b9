import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUSEHOLDS_CSV, MARGARINE_SCHEMA, PURCHASES_CSV, readCsvRows } from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

interface TableModel {
  name: string;
  parent: { eventsUsed: number } | null;
  model: { columns: { name: string; kind: string; categories?: string[] }[] };
}

/** The customer is the privacy unit: consent cascades to their events, and the k rule counts customers. */
describe('doppel fit on related tables: the customer as the privacy unit', () => {
  it('a household that did not consent takes all its purchases with it', () => {
    const dir = temporaryDirectory();
    const lines = readFileSync(HOUSEHOLDS_CSV, 'utf8').trim().split('\n');
    // Every fifth household says no.
    const withConsent = lines.map((line, i) =>
      i === 0 ? `${line},"consent"` : `${line},${i % 5 === 0 ? 'no' : 'yes'}`,
    );
    writeFileSync(join(dir, 'households.csv'), `${withConsent.join('\n')}\n`);
    const schema = JSON.parse(readFileSync(MARGARINE_SCHEMA, 'utf8'));
    schema.tables[0].path = 'households.csv';
    schema.tables[0].consent = { column: 'consent', values: ['yes'] };
    schema.tables[1].path = PURCHASES_CSV;
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', join(dir, 'schema.json'), '-o', model]);
    const fitted = JSON.parse(readFileSync(model, 'utf8'));
    const refused = new Set(
      readCsvRows(join(dir, 'households.csv'))
        .filter((r) => r['consent'] === 'no')
        .map((r) => r['hhid']),
    );
    expect(fitted.fit.customersDroppedByConsent).toBe(refused.size);
    expect(fitted.fit.customersUsed).toBe(516 - refused.size);
    // Events with a previous event of the same consenting household: what the purchases model saw.
    const purchases = readCsvRows(PURCHASES_CSV).filter((r) => !refused.has(r['hhid']));
    const withPrevious = purchases.filter((r, i) => i > 0 && purchases[i - 1]!['hhid'] === r['hhid']).length;
    const child = (fitted.tables as TableModel[]).find((t) => t.parent !== null)!;
    expect(child.parent!.eventsUsed).toBe(withPrevious);
  });

  it('the k rule counts households: a brand bought often by fewer than k households is not stored', () => {
    const dir = temporaryDirectory();
    mkdirSync(dir, { recursive: true });
    const k = 60;
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', MARGARINE_SCHEMA, '--min-count', String(k), '-o', model]);
    const purchases = readCsvRows(PURCHASES_CSV);
    const events = new Map<string, number>();
    const households = new Map<string, Set<string>>();
    for (const row of purchases) {
      const choice = row['choice']!;
      events.set(choice, (events.get(choice) ?? 0) + 1);
      if (!households.has(choice)) households.set(choice, new Set());
      households.get(choice)!.add(row['hhid']!);
    }
    const rareByHouseholds = [...households].filter(([, set]) => set.size < k).map(([c]) => c);
    const oftenBought = rareByHouseholds.filter((c) => (events.get(c) ?? 0) >= k);
    // Real data: some brand is bought in k or more purchases by fewer than k households.
    expect(oftenBought.length).toBeGreaterThan(0);
    const fitted = JSON.parse(readFileSync(model, 'utf8'));
    const child = (fitted.tables as TableModel[]).find((t) => t.parent !== null)!;
    for (const column of child.model.columns) {
      if (!column.name.endsWith(':choice') && !column.name.includes('(choice)')) continue;
      for (const category of rareByHouseholds) expect(column.categories ?? []).not.toContain(category);
    }
    const root = (fitted.tables as TableModel[])[0]!;
    const mode = root.model.columns.find((c) => c.name.includes('mode(choice)'))!;
    for (const category of rareByHouseholds) expect(mode.categories).not.toContain(category);
    expect(fitted.fit.minCount).toBe(k);
  });
});
