/**
 * Telco as one table, seeded by the real CLI into a real PostgreSQL server and real SQLite files: every
 * constraint declared and satisfied, the rows read back through SQL are the rows `sample` makes for the
 * same model and seed (so they score the same fidelity), whatever the worker count, and --out seed.sql
 * loads through psql and sqlite3 to the same contents.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, tableFromArrays } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/io/read-csv.js';
import { loadModel } from '../../../src/model/load-model.js';
import type { Model } from '../../../src/model/model-format.js';
import { sampleTable } from '../../../src/sample/sample-table.js';
import { parseDatasetSchema } from '../../../src/schema/load-schema.js';
import { validate } from '../../../src/validate/validate.js';
import { runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../../cli/run-doppel.js';
import { freshPostgres, pgQuery, sqliteCli, sqlitePath, sqliteQuery } from './databases.js';

// Two sampler chunks, so rows come from two workers.
const ROWS = 70_000;
const SEED = 7;
let dir: string;
let modelPath: string;
let model: Model;
let expected: Table;

beforeAll(async () => {
  dir = temporaryDirectory();
  modelPath = join(dir, 'telco.model.json');
  runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', modelPath]);
  model = await loadModel(modelPath);
  expected = sampleTable(model, { rows: ROWS, seed: SEED });
}, 120_000);

/** The value the database should hold for an Arrow cell (dates as ms, bigint as number). */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** Checks rows read back (ordered by id) against the sampled table, cell by cell. */
function expectSameRows(rows: Record<string, unknown>[], booleanAsInteger: boolean): void {
  expect(rows).toHaveLength(ROWS);
  for (const field of expected.schema.fields) {
    const column = expected.getChild(field.name)!;
    const mismatches: number[] = [];
    for (let i = 0; i < ROWS; i++) {
      let want = plain(column.get(i));
      if (booleanAsInteger && typeof want === 'boolean') want = want ? 1 : 0;
      if (rows[i]![field.name] !== want) mismatches.push(i);
    }
    expect({ column: field.name, mismatches: mismatches.length }).toEqual({
      column: field.name,
      mismatches: 0,
    });
  }
  expect(rows.map((row) => row.id)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
}

/** An Arrow table of rows read back, in the sampled table's column order. */
function tableOf(rows: Record<string, unknown>[], booleanAsInteger: boolean): Table {
  const columns: Record<string, unknown[]> = Object.create(null);
  for (const field of expected.schema.fields) {
    const isBoolean = String(field.type) === 'Bool';
    columns[field.name] = rows.map((row) => {
      const value = row[field.name];
      return booleanAsInteger && isBoolean && value !== null ? value === 1 : value;
    });
  }
  return tableFromArrays(columns as never) as unknown as Table;
}

function sameFidelity(readBack: Table): void {
  const schema = parseDatasetSchema(JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')));
  const real = readCsv(readFileSync(TELCO_CSV, 'utf8'), 'telco');
  const fromArrow = validate(real, expected, schema, { seed: 1 }).quality;
  const fromDatabase = validate(real, readBack, schema, { seed: 1 }).quality;
  expect(fromDatabase.overall).toBeGreaterThan(0.8);
  expect(fromDatabase).toEqual(fromArrow);
}

describe('doppel seed telco into PostgreSQL', () => {
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
  }, 120_000);

  it('declares the primary key and NOT NULL where the model is never missing, and keeps them', async () => {
    const constraints = await pgQuery(
      url,
      `SELECT contype, array_to_string(array(SELECT attname FROM pg_attribute WHERE attrelid = conrelid AND attnum = ANY(conkey)), ',') AS cols
       FROM pg_constraint WHERE conrelid = 'telco'::regclass`,
    );
    expect(constraints).toEqual([{ contype: 'p', cols: 'id' }]);
    const nullable = await pgQuery(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'telco' AND is_nullable = 'YES'`,
    );
    expect(nullable.map((row) => row.column_name)).toEqual(['total_charges']);
    const [counts] = await pgQuery(
      url,
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM telco',
    );
    expect(counts).toEqual({ n: ROWS, ids: ROWS });
  });

  it('holds the rows sample makes for the same model and seed, which score the same fidelity', async () => {
    const rows = await pgQuery(url, 'SELECT * FROM telco ORDER BY id');
    expectSameRows(rows, false);
    sameFidelity(tableOf(rows, false));
  }, 120_000);

  it('writes the same contents with one worker, and with COPY text as with COPY binary', async () => {
    const checksum = 'SELECT md5(string_agg(t::text, chr(10) ORDER BY id)) AS sum FROM telco t';
    const [want] = await pgQuery(url, checksum);
    const oneWorker = await freshPostgres();
    runDoppelOk([
      'seed',
      modelPath,
      '--db',
      oneWorker,
      '--rows',
      String(ROWS),
      '--seed',
      String(SEED),
      '--workers',
      '1',
      '--copy-format',
      'text',
    ]);
    expect(await pgQuery(oneWorker, checksum)).toEqual([want]);
  }, 120_000);

  it('--out seed.sql piped to psql gives the same contents', async () => {
    const script = join(dir, 'seed.sql');
    runDoppelOk(['seed', modelPath, '--out', script, '--rows', String(ROWS), '--seed', String(SEED)]);
    const target = await freshPostgres();
    const psql = spawnSync('psql', ['-q', target, '-f', script], { encoding: 'utf8' });
    expect(psql.stderr).toBe('');
    const checksum = 'SELECT md5(string_agg(t::text, chr(10) ORDER BY id)) AS sum FROM telco t';
    expect(await pgQuery(target, checksum)).toEqual(await pgQuery(url, checksum));
  }, 120_000);
});

describe('doppel seed telco into SQLite', () => {
  let path: string;
  beforeAll(() => {
    path = sqlitePath();
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
  }, 120_000);

  it('holds the sampled rows, read back by better-sqlite3, with the same fidelity', () => {
    const rows = sqliteQuery(path, 'SELECT * FROM telco ORDER BY id');
    expectSameRows(rows, true);
    sameFidelity(tableOf(rows, true));
  }, 120_000);

  it('reads back the same through the sqlite3 shell, with the constraints declared and kept', () => {
    // quote() renders a REAL with all its digits (the shell's JSON output rounds to 15).
    const exact =
      'SELECT id, churn, tenure, quote(monthly_charges) AS m, quote(total_charges) AS t FROM telco ORDER BY id';
    const fromShell = sqliteCli(path, exact);
    expect(fromShell).toHaveLength(ROWS);
    expect(fromShell).toEqual(sqliteQuery(path, exact));
    expect(sqliteCli(path, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const columns = sqliteCli(path, 'SELECT name, "notnull", pk FROM pragma_table_info(\'telco\')');
    expect(columns.find((c) => c.name === 'id')).toEqual({ name: 'id', notnull: 1, pk: 1 });
    expect(columns.filter((c) => c.notnull === 0).map((c) => c.name)).toEqual(['total_charges']);
  });

  it('--out seed.sql --dialect sqlite loads through sqlite3 to the same contents', () => {
    const script = join(dir, 'seed-sqlite.sql');
    runDoppelOk([
      'seed',
      modelPath,
      '--out',
      script,
      '--dialect',
      'sqlite',
      '--rows',
      String(ROWS),
      '--seed',
      String(SEED),
    ]);
    const target = sqlitePath('from-script.db');
    const loaded = spawnSync('sqlite3', [target], { input: readFileSync(script), encoding: 'utf8' });
    expect(loaded.stderr).toBe('');
    const all = 'SELECT * FROM telco ORDER BY id';
    expect(sqliteQuery(target, all)).toEqual(sqliteQuery(path, all));
  });
});
