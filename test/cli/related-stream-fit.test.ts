import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLDS_CSV, MARGARINE_SCHEMA, PURCHASES_CSV, readCsvRows } from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

const PURCHASES = 'margarine_purchases';

interface TableModel {
  name: string;
  model: {
    fit: unknown;
    columns: { name: string; kind: string; categories?: string[]; probabilities?: number[] }[];
    copula: { dimensions: { column: string; part: string }[]; correlation: number[][] };
  };
}
interface RelationalModel {
  fit: unknown;
  tables: TableModel[];
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RelationalModel;

/**
 * `doppel fit --schema --stream` on related tables: the events copula summed over batches of events
 * (src/model/partial/owned-batch-fit.ts) against today's row fit (`--no-stream`), through the built
 * CLI on the real margarine panel (516 households, 4,470 purchases). Many batches on small data:
 * test/model/relational/events-in-batches.test.ts.
 */
describe('doppel fit --schema --stream (events copula summed over batches)', () => {
  let dir: string;
  const fitted = (flags: readonly string[], name: string, k?: number) => {
    const out = join(dir, `${name}.json`);
    runDoppelOk([
      'fit',
      '--schema',
      MARGARINE_SCHEMA,
      ...flags,
      ...(k === undefined ? [] : ['--min-count', String(k)]),
      '-o',
      out,
    ]);
    return out;
  };
  let row: string;
  let streamed: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    row = fitted(['--no-stream'], 'row');
    streamed = fitted(['--stream'], 'streamed');
  });

  it("writes the row fit's model byte for byte", () => {
    // 3,954 fitted events are under the 200,000-event threshold: by default the row fit.
    expect(readFileSync(fitted([], 'default'), 'utf8')).toBe(readFileSync(row, 'utf8'));
    expect(readFileSync(streamed, 'utf8')).toBe(readFileSync(row, 'utf8'));
    const events = read(streamed).tables.find((t) => t.name === PURCHASES)!.model;
    expect(events.copula.dimensions.length).toBeGreaterThan(40);
  }, 120_000);

  it('at k = 40 stores only brands bought by 40 households, as the row fit', () => {
    const k = 40;
    const a = read(fitted(['--no-stream'], 'row40', k));
    const b = read(fitted(['--stream'], 'streamed40', k));
    const events = (m: RelationalModel) => m.tables.find((t) => t.name === PURCHASES)!.model;
    expect(b).toEqual(a);
    // Counted from the real file: households holding each brand (column "choice").
    const holders = new Map<string, Set<string>>();
    for (const row of readCsvRows(PURCHASES_CSV)) {
      const set = holders.get(row.choice!) ?? new Set<string>();
      set.add(row.hhid!);
      holders.set(row.choice!, set);
    }
    const choice = events(b).columns.find((c) => c.name === 'event:choice')!;
    const stored = choice.categories!.filter((c) => c !== '(other)');
    expect(stored.length).toBeGreaterThan(0);
    for (const category of stored) expect(holders.get(category)!.size).toBeGreaterThanOrEqual(k);
    // A brand bought by fewer than 40 households (however many purchases) is never stored.
    const rare = [...holders].filter(([, set]) => set.size < k).map(([label]) => label);
    for (const label of rare) expect(choice.categories).not.toContain(label);
    expect(readCsvRows(HOUSEHOLDS_CSV).length).toBe(516);
  }, 120_000);
});
