import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLDS_CSV, MARGARINE_SCHEMA, PURCHASES_CSV, readArrow } from './related-helpers.js';
import { runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

type Json = Record<string, unknown> & { tables: Record<string, unknown>[] };

/**
 * Bad related tables: a clear error naming the table and the column, exit 2, no model written. The
 * data is the real margarine panel with one thing broken.
 */
describe('doppel fit on bad related tables', () => {
  let dir: string;
  let households: string[];
  let purchases: string[];
  let schema: Json;
  beforeAll(() => {
    dir = temporaryDirectory();
    households = readFileSync(HOUSEHOLDS_CSV, 'utf8').trim().split('\n');
    purchases = readFileSync(PURCHASES_CSV, 'utf8').trim().split('\n');
    schema = JSON.parse(readFileSync(MARGARINE_SCHEMA, 'utf8'));
  });

  /** Writes the case's files and schema into its own folder and fits; returns the folder and the result. */
  function fitCase(
    name: string,
    files: { households?: string[]; purchases?: string[] },
    edit: (schema: Json) => void = () => {},
  ) {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    const copy = JSON.parse(JSON.stringify(schema)) as Json;
    for (const [table, lines] of [
      ['margarine_households', files.households ?? households],
      ['margarine_purchases', files.purchases ?? purchases],
    ] as const) {
      const path = `${table}.csv`;
      writeFileSync(join(folder, path), `${lines.join('\n')}\n`);
      const entry = copy.tables.find((t) => t['name'] === table)!;
      entry['path'] = path;
    }
    edit(copy);
    const schemaPath = join(folder, 'schema.json');
    writeFileSync(schemaPath, JSON.stringify(copy));
    const model = join(folder, 'model.json');
    return { model, result: runDoppel(['fit', '--schema', schemaPath, '-o', model]) };
  }

  function expectRefused(outcome: ReturnType<typeof fitCase>, pattern: RegExp): void {
    expect(outcome.result.code).toBe(2);
    expect(outcome.result.stderr).toMatch(/^error: /);
    expect(outcome.result.stderr).toMatch(pattern);
    expect(outcome.result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(outcome.model)).toBe(false);
  }

  it('a foreign key with no parent row', () => {
    const orphan = purchases.map((line, i) => (i === 7 ? line.replace(/^\d+/, '1') : line));
    expectRefused(
      fitCase('orphan', { purchases: orphan }),
      /table "margarine_purchases", column "hhid": 1 row\(s\) have a foreign key with no row in parent table "margarine_households"/,
    );
  });

  it('a duplicate primary key', () => {
    expectRefused(
      fitCase('duplicate', { households: [...households, households[3]!] }),
      /table "margarine_households", column "hhid": duplicate primary key: 1 row\(s\) repeat a key/,
    );
  });

  it('a cycle of parents', () => {
    expectRefused(
      fitCase('cycle', {}, (s) => {
        const a = {
          ...s.tables[1],
          name: 'a',
          primaryKey: 'PPk_Stk',
          parent: { table: 'b', foreignKey: 'hhid', order: null },
        };
        const b = {
          ...s.tables[1],
          name: 'b',
          primaryKey: 'PPk_Stk',
          parent: { table: 'a', foreignKey: 'hhid', order: null },
        };
        s.tables.push(a, b);
      }),
      /table "a" \(foreign key "hhid"\) is part of a cycle of parents never reaching the root/,
    );
  });

  it('a child naming a parent table that is not in the schema', () => {
    expectRefused(
      fitCase('missing-parent', {}, (s) => {
        (s.tables[1]!['parent'] as Record<string, unknown>)['table'] = 'households';
      }),
      /tables\.1\.parent\.table: table "margarine_purchases": parent table "households" is not in the schema/,
    );
  });

  it('a foreign key that is not a column of the child', () => {
    expectRefused(
      fitCase('missing-foreign-key', {}, (s) => {
        (s.tables[1]!['parent'] as Record<string, unknown>)['foreignKey'] = 'household';
      }),
      /table "margarine_purchases": foreign key "household" is not one of its columns/,
    );
  });

  it('an order column that is not a column of the child', () => {
    expectRefused(
      fitCase('missing-order', {}, (s) => {
        (s.tables[1]!['parent'] as Record<string, unknown>)['order'] = 'week';
      }),
      /table "margarine_purchases": order column "week" is not one of its columns/,
    );
  });

  it('a key column the schema lists but the data file lacks', () => {
    expectRefused(
      fitCase('key-not-in-data', {
        purchases: purchases.map((line) => line.replace(/^[^,]*,/, '')),
      }),
      /^error: table "margarine_purchases" lacks 1 column\(s\) the schema names: "hhid"/,
    );
  });

  const withWeek = (week: (i: number) => string) =>
    purchases.map((line, i) => (i === 0 ? `${line},"week"` : `${line},${week(i)}`));
  const orderedBy = (s: Json) => {
    const table = s.tables[1]!;
    (table['columns'] as unknown[]).push({ name: 'week', kind: 'integer' });
    table['parent'] = { table: 'margarine_households', foreignKey: 'hhid', order: 'week' };
  };

  it('an order column with ties', () => {
    expectRefused(
      fitCase('ties', { purchases: withWeek(() => '1') }, orderedBy),
      /table "margarine_purchases", column "week": order column has \d+ tie\(s\)/,
    );
  });

  it('an order column with gaps (missing values)', () => {
    expectRefused(
      fitCase('gaps', { purchases: withWeek((i) => (i % 50 === 0 ? '' : String(i))) }, orderedBy),
      /table "margarine_purchases", column "week": order column is missing in \d+ row\(s\) \(a gap/,
    );
  });

  it('an order column without ties is used: events are ordered by it, and the fit says so', () => {
    // Weeks counting down the file: each household's purchases in reverse file order.
    const outcome = fitCase('ordered', { purchases: withWeek((i) => String(100_000 - i)) }, orderedBy);
    expect(outcome.result.stderr).toBe('');
    expect(outcome.result.stdout).toMatch(/in order of "week"/);
    const out = join(dir, 'ordered', 'sample');
    runDoppelOk(['sample', outcome.model, '--rows', '50', '--out', out]);
    expect(readArrow(join(out, 'margarine_purchases.arrow')).schema.fields.map((f) => f.name)).toContain(
      'week',
    );
  });
});
