import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HOUSEHOLDS_CSV,
  MARGARINE_SCHEMA,
  PURCHASES_CSV,
  readArrow,
  readCsvRows,
} from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

const HOUSEHOLDS = 'margarine_households';
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

/**
 * A column model with a nominal column's categories as label → probability: the streamed fit orders
 * nominal categories by their mean scores from the sums, the row fit from its drawn scores, so the
 * order may differ where the frequencies, the suppression and the k rule may not.
 */
function unordered(column: TableModel['model']['columns'][number]): unknown {
  if (column.kind !== 'categorical') return column;
  const { categories, probabilities, ...rest } = column;
  return { ...rest, byCategory: new Map(categories!.map((c, i) => [c, probabilities![i]])) };
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RelationalModel;

/** Largest and mean absolute difference of two correlation matrices (lower triangles). */
function correlationGap(a: number[][], b: number[][]): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a[i]![j]! - b[i]![j]!);
      max = Math.max(max, d);
      sum += d;
      n++;
    }
  return { max, mean: sum / n };
}

/**
 * `doppel fit --schema --stream` on related tables: the events copula from pair sums over batches of
 * events (src/model/partial/owned-batch-fit.ts) against today's row fit (`--no-stream`), through the
 * built CLI on the real margarine panel (516 households, 4,470 purchases).
 */
describe('doppel fit --schema --stream (events copula from sums over batches)', () => {
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

  it('keeps every marginal and count of the row fit, the k rule counting customers, and the copula within 0.15', () => {
    // 3,954 fitted events are under the 200,000-event threshold: by default the row fit, byte for byte.
    expect(readFileSync(fitted([], 'default'), 'utf8')).toBe(readFileSync(row, 'utf8'));
    const a = read(row);
    const b = read(streamed);
    expect(b.fit).toEqual(a.fit);
    // The households' model is not an event table's: unchanged.
    expect(b.tables[0]).toEqual(a.tables[0]);
    const events = (m: RelationalModel) => m.tables.find((t) => t.name === PURCHASES)!.model;
    expect(events(b).fit).toEqual(events(a).fit);
    expect(events(b).columns).toEqual(events(a).columns);
    expect(events(b).copula.dimensions).toEqual(events(a).copula.dimensions);
    // Both estimate the same correlations; the row fit's scores are drawn at random inside each
    // value's interval (measured here: largest gap 0.12, on a household flag against a brand flag).
    const gap = correlationGap(events(a).copula.correlation, events(b).copula.correlation);
    expect(gap.max).toBeLessThan(0.15);
    expect(gap.mean).toBeLessThan(0.02);
  }, 120_000);

  it('at k = 40 stores only categories held by 40 households, exactly as the row fit', () => {
    const k = 40;
    const a = read(fitted(['--no-stream'], 'row40', k));
    const b = read(fitted(['--stream'], 'streamed40', k));
    const events = (m: RelationalModel) => m.tables.find((t) => t.name === PURCHASES)!.model;
    expect(events(b).columns.map(unordered)).toEqual(events(a).columns.map(unordered));
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

  it('samples households with valid purchase histories from the streamed model', () => {
    const out = join(dir, 'sample');
    runDoppelOk(['sample', streamed, '--rows', '1000', '--seed', '3', '--out', out]);
    const households = readArrow(join(out, `${HOUSEHOLDS}.arrow`));
    const purchases = readArrow(join(out, `${PURCHASES}.arrow`));
    expect(households.numRows).toBe(1000);
    const keys = new Set(
      Array.from({ length: households.numRows }, (_, i) => households.getChild('hhid')!.get(i)),
    );
    const foreign = purchases.getChild('hhid')!;
    for (let i = 0; i < purchases.numRows; i++) expect(keys.has(foreign.get(i))).toBe(true);
    // About the real 8.7 purchases per household.
    expect(purchases.numRows / households.numRows).toBeGreaterThan(5);
    expect(purchases.numRows / households.numRows).toBeLessThan(13);
  }, 120_000);
});
