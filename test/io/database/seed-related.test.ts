/**
 * The margarine households and their purchases (a relational model), seeded by the real CLI into a
 * real PostgreSQL server and a real SQLite file: one table per model table, the primary and foreign
 * keys declared and satisfied (checked in the catalogs and by joining), NOT NULL wherever the real data
 * is never missing, and every table holding exactly the rows `doppel sample` writes for the same model,
 * seed and rows (so they score the same fidelity), whatever the worker count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRelatedFiles } from '../../../src/pipeline/validate-related-files.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import {
  HOUSEHOLDS_CSV,
  MARGARINE_SCHEMA,
  PURCHASES_CSV,
  readArrow,
  readCsvRows,
} from '../../cli/related-helpers.js';
import { runDoppelOk, temporaryDirectory } from '../../cli/run-doppel.js';
import { freshPostgres, pgQuery, sqlitePath, sqliteQuery } from './databases.js';

// Two customer chunks of the relational sampler, so the rows come from two workers.
const ROWS = 10_000;
const SEED = 11;
const HOUSEHOLDS = 'margarine_households';
const PURCHASES = 'margarine_purchases';
let modelPath: string;
let sampledDir: string;
const sampled = new Map<string, Table>();

beforeAll(() => {
  const dir = temporaryDirectory();
  modelPath = join(dir, 'margarine.model.json');
  runDoppelOk(['fit', '--schema', MARGARINE_SCHEMA, '-o', modelPath]);
  const out = join(dir, 'sampled');
  sampledDir = out;
  runDoppelOk([
    'sample',
    modelPath,
    '--rows',
    String(ROWS),
    '--seed',
    String(SEED),
    '--workers',
    '2',
    '-o',
    out,
  ]);
  for (const table of [HOUSEHOLDS, PURCHASES]) sampled.set(table, readArrow(join(out, `${table}.arrow`)));
}, 180_000);

/** A cell as text the same on every side: Arrow bigint and PostgreSQL int8 strings, SQLite 0/1 booleans. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** The sampled table's rows as lists of cell texts, in its column order. */
function sampledRows(table: string): string[][] {
  const arrow = sampled.get(table)!;
  const vectors = arrow.schema.fields.map((field) => arrow.getChild(field.name)!);
  return Array.from({ length: arrow.numRows }, (_, i) => vectors.map((v) => cellText(v.get(i)) ?? '∅'));
}

/** Rows read back from a database as lists of cell texts, in the sampled table's column order. */
function readBackRows(table: string, rows: Record<string, unknown>[]): string[][] {
  const names = sampled.get(table)!.schema.fields.map((field) => field.name);
  return rows.map((row) => names.map((name) => cellText(row[name]) ?? '∅'));
}

/** Rows in a canonical order, to compare tables a database need not return in insertion order. */
function sorted(rows: string[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

/** Columns with an empty cell in a real CSV: the only ones that may be NULL. */
function missingInReal(path: string): string[] {
  const rows = readCsvRows(path);
  const columns = Object.keys(rows[0]!);
  return columns.filter((column) => rows.some((row) => row[column] === ''));
}

describe('doppel seed margarine into PostgreSQL', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshPostgres();
    runDoppelOk([
      'seed',
      modelPath,
      '--db',
      url,
      '--rows',
      String(ROWS),
      '--seed',
      String(SEED),
      '--workers',
      '2',
    ]);
  }, 180_000);

  it('declares the households key, the purchases foreign key to it, and NOT NULL where the real data is never missing', async () => {
    const constraints = await pgQuery(
      url,
      `SELECT conrelid::regclass::text AS tab, contype, confrelid::regclass::text AS ref,
              array_to_string(array(SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = ANY(conkey)), ',') AS cols,
              array_to_string(array(SELECT attname FROM pg_attribute WHERE attrelid = confrelid AND attnum = ANY(confkey)), ',') AS refcols
       FROM pg_constraint WHERE conrelid IN ('${HOUSEHOLDS}'::regclass, '${PURCHASES}'::regclass) ORDER BY 1, 2`,
    );
    expect(constraints).toEqual([
      { tab: HOUSEHOLDS, contype: 'p', ref: '-', cols: 'hhid', refcols: '' },
      { tab: PURCHASES, contype: 'f', ref: HOUSEHOLDS, cols: 'hhid', refcols: 'hhid' },
    ]);
    for (const [table, csv] of [
      [HOUSEHOLDS, HOUSEHOLDS_CSV],
      [PURCHASES, PURCHASES_CSV],
    ] as const) {
      const nullable = await pgQuery(
        url,
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND is_nullable = 'YES'`,
        [table],
      );
      expect(nullable.map((row) => row.column_name).sort()).toEqual(missingInReal(csv).sort());
    }
  });

  it('satisfies every key: distinct households, and every purchase joins its household', async () => {
    const [keys] = await pgQuery(
      url,
      `SELECT count(*)::int AS n, count(DISTINCT hhid)::int AS ids FROM ${HOUSEHOLDS}`,
    );
    expect(keys).toEqual({ n: ROWS, ids: ROWS });
    const [joined] = await pgQuery(
      url,
      `SELECT count(*)::int AS purchases, count(h.hhid)::int AS joined
       FROM ${PURCHASES} p LEFT JOIN ${HOUSEHOLDS} h ON h.hhid = p.hhid`,
    );
    expect(joined!.purchases).toBe(sampled.get(PURCHASES)!.numRows);
    expect(joined!.purchases).toBeGreaterThan(ROWS);
    expect(joined!.joined).toBe(joined!.purchases);
  });

  it('holds, table by table, the rows doppel sample writes for the same model, seed and rows', async () => {
    for (const table of [HOUSEHOLDS, PURCHASES]) {
      const rows = readBackRows(table, await pgQuery(url, `SELECT * FROM ${table}`));
      expect(rows).toHaveLength(sampled.get(table)!.numRows);
      expect(sorted(rows)).toEqual(sorted(sampledRows(table)));
    }
  }, 120_000);
});

describe('doppel seed margarine into SQLite (one worker)', () => {
  let path: string;
  beforeAll(() => {
    path = sqlitePath('margarine.db');
    runDoppelOk([
      'seed',
      modelPath,
      '--db',
      `sqlite:${path}`,
      '--rows',
      String(ROWS),
      '--seed',
      String(SEED),
      '--workers',
      '1',
    ]);
  }, 180_000);

  it('declares the keys and NOT NULL, and keeps them', () => {
    const households = sqliteQuery(
      path,
      `SELECT name, "notnull", pk FROM pragma_table_info('${HOUSEHOLDS}')`,
    );
    expect(households.filter((c) => c.pk === 1).map((c) => c.name)).toEqual(['hhid']);
    expect(households.filter((c) => c.notnull === 0).map((c) => c.name)).toEqual(
      missingInReal(HOUSEHOLDS_CSV),
    );
    const purchases = sqliteQuery(path, `SELECT name, "notnull" FROM pragma_table_info('${PURCHASES}')`);
    expect(purchases.filter((c) => c.notnull === 0).map((c) => c.name)).toEqual(missingInReal(PURCHASES_CSV));
    expect(
      sqliteQuery(path, `SELECT "table", "from", "to" FROM pragma_foreign_key_list('${PURCHASES}')`),
    ).toEqual([{ table: HOUSEHOLDS, from: 'hhid', to: 'hhid' }]);
    expect(sqliteQuery(path, 'PRAGMA foreign_key_check')).toEqual([]);
    const [joined] = sqliteQuery(
      path,
      `SELECT count(*) AS purchases, count(h.hhid) AS joined FROM ${PURCHASES} p LEFT JOIN ${HOUSEHOLDS} h ON h.hhid = p.hhid`,
    );
    expect(joined!.joined).toBe(joined!.purchases);
  });

  it('holds the sampled rows in the sampled order, though sampled with two workers', () => {
    for (const table of [HOUSEHOLDS, PURCHASES]) {
      const rows = readBackRows(table, sqliteQuery(path, `SELECT * FROM ${table} ORDER BY rowid`));
      expect(rows).toEqual(sampledRows(table));
    }
  });
});

describe('margarine read back from SQLite', () => {
  it('scores the same fidelity as the Arrow output of the same model and seed', async () => {
    const path = sqlitePath('fidelity.db');
    runDoppelOk([
      'seed',
      modelPath,
      '--db',
      `sqlite:${path}`,
      '--rows',
      String(ROWS),
      '--seed',
      String(SEED),
    ]);
    // The database's rows, in insertion order (purchases are events in row order), as CSV files.
    const readBack = join(temporaryDirectory(), 'read-back');
    mkdirSync(readBack);
    for (const table of [HOUSEHOLDS, PURCHASES]) {
      const rows = sqliteQuery(path, `SELECT * FROM ${table} ORDER BY rowid`);
      const names = sampled.get(table)!.schema.fields.map((field) => field.name);
      writeFileSync(
        join(readBack, `${table}.csv`),
        stringify(
          rows.map((row) => names.map((name) => row[name])),
          { header: true, columns: names },
        ),
      );
    }
    const tree = await loadRelationalSchema(MARGARINE_SCHEMA);
    const fromArrow = await validateRelatedFiles(tree, MARGARINE_SCHEMA, { synthetic: sampledDir, seed: 1 });
    const fromDatabase = await validateRelatedFiles(tree, MARGARINE_SCHEMA, { synthetic: readBack, seed: 1 });
    expect(fromDatabase.quality.overall).toBeGreaterThan(0.85);
    expect(fromDatabase.quality).toEqual(fromArrow.quality);
  }, 180_000);
});
