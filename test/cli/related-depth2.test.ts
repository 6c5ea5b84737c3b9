import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArrow } from './related-helpers.js';
import { ROOT, runDoppelOk, temporaryDirectory } from './run-doppel.js';

const SCHEMA = join(ROOT, 'test/data/egsingle/egsingle.json');
const TABLES = ['schools', 'children', 'years'] as const;

interface ReportJson {
  readonly relationships: readonly {
    readonly parentTable: string;
    readonly childTable: string;
    readonly referentialIntegrity: number | null;
    readonly cardinalityBoundaryAdherence: number | null;
  }[];
  readonly sequences: readonly {
    readonly childTable: string;
    readonly gaps: { readonly score: number | null } | null;
  }[];
}

function validate(dir: string, out: string): ReportJson {
  const report = join(dir, `${out}.json`);
  runDoppelOk([
    'validate',
    '--schema',
    SCHEMA,
    '--synthetic',
    join(dir, out),
    '--no-utility',
    '--json',
    report,
  ]);
  return JSON.parse(readFileSync(report, 'utf8')) as ReportJson;
}

function expectValidKeys(report: ReportJson): void {
  expect(report.relationships.map((r) => [r.parentTable, r.childTable])).toEqual([
    ['schools', 'children'],
    ['children', 'years'],
  ]);
  for (const r of report.relationships) {
    expect(r.referentialIntegrity).toBe(1);
    expect(r.cardinalityBoundaryAdherence).toBe(1);
  }
}

/**
 * Related tables two levels deep (issue 13: customers → orders → items) through the built CLI, on a
 * real three-level panel: schools → children → yearly records (test/data/egsingle, R mlmRev).
 */
describe('depth 2: schools → children → yearly records', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory();
  });

  it('fits, samples byte-identically for 1 and 2 workers, and every key joins', () => {
    const model = join(dir, 'plain.json');
    runDoppelOk(['fit', '--schema', SCHEMA, '-o', model]);
    for (const workers of ['1', '2'])
      runDoppelOk([
        'sample',
        model,
        '--rows',
        '60',
        '--seed',
        '5',
        '--workers',
        workers,
        '--out',
        join(dir, `w${workers}`),
      ]);
    for (const table of TABLES)
      expect(
        readFileSync(join(dir, 'w2', `${table}.arrow`)).equals(
          readFileSync(join(dir, 'w1', `${table}.arrow`)),
        ),
      ).toBe(true);
    const report = validate(dir, 'w1');
    expectValidKeys(report);
    // The grandchildren carry time: in order within each child, gaps as in the real records.
    expect(report.sequences.find((s) => s.childTable === 'years')!.gaps!.score!).toBeGreaterThan(0.9);
    const years = readArrow(join(dir, 'w1', 'years.arrow'));
    const child = years.getChild('childid')!.toArray() as BigInt64Array;
    const year = years.getChild('year')!.toArray() as Float64Array;
    let later = 0;
    for (let i = 1; i < years.numRows; i++)
      if (child[i] === child[i - 1]) {
        expect(year[i]!).toBeGreaterThan(year[i - 1]!);
        later++;
      }
    expect(later).toBeGreaterThan(3000);
    // Inside the observed window (-2.5 to 2.5): a history's first year leaves room for the rest.
    expect(Math.min(...year)).toBeGreaterThanOrEqual(-2.5);
    expect(Math.max(...year)).toBeLessThanOrEqual(2.5);
  }, 180_000);

  // The mechanics of a private depth-2 fit, not a privacy level: 60 schools are far too few for a
  // small ε (at ε = 10, two fits in five left the children's count marginal no room for any child;
  // the fit then warns that the table will get no rows).
  it('fits with --epsilon: the bound is cap^depth rows per school, and every table is sampled and joins', () => {
    const model = join(dir, 'private.json');
    runDoppelOk(['fit', '--schema', SCHEMA, '--epsilon', '100', '--events-per-parent', '5', '-o', model]);
    const privacy = (
      JSON.parse(readFileSync(model, 'utf8')) as {
        privacy: { contribution: { rowsPerCustomer: { table: string; rows: number }[] } };
      }
    ).privacy;
    expect(privacy.contribution.rowsPerCustomer).toEqual([
      { table: 'schools', rows: 1 },
      { table: 'children', rows: 5 },
      { table: 'years', rows: 25 },
    ]);
    runDoppelOk(['sample', model, '--rows', '60', '--out', join(dir, 'private')]);
    for (const table of TABLES)
      expect(readArrow(join(dir, 'private', `${table}.arrow`)).numRows).toBeGreaterThan(0);
    expectValidKeys(validate(dir, 'private'));
  }, 180_000);
});
