/**
 * Bad input to `doppel seed`, through the real CLI against a real server and real files: a clear
 * message naming what to fix, exit 2, nothing half-written, and never the URL's password.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  runDoppel,
  runDoppelOk,
  TELCO_CSV,
  TELCO_SCHEMA,
  temporaryDirectory,
} from '../../cli/run-doppel.js';
import { freshPostgres, pgQuery, sqlitePath, sqliteQuery } from './databases.js';

let dir: string;
let modelPath: string;

beforeAll(() => {
  dir = temporaryDirectory();
  modelPath = join(dir, 'telco.model.json');
  runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', modelPath]);
}, 120_000);

const seed = (db: string, ...more: string[]) =>
  runDoppel(['seed', modelPath, '--db', db, '--rows', '500', ...more]);

function withPassword(url: string, password: string): string {
  const copy = new URL(url);
  copy.password = password;
  return copy.href;
}

async function tables(url: string): Promise<string[]> {
  const rows = await pgQuery(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((row) => String(row.tablename));
}

describe('doppel seed: unreachable or refused databases', () => {
  it('an unreachable server: says to check the host and port, exit 2, no password', () => {
    const result = seed('postgres://doppel:Unreachable-Pw-81@127.0.0.1:1/app');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot connect to postgres://doppel:***@127.0.0.1:1/app');
    expect(result.stderr).toContain('is the server running, and are the host and port in --db right?');
    expect(result.stdout + result.stderr).not.toContain('Unreachable-Pw-81');
  });

  it('wrong credentials: says to check the user and password, exit 2, no password', async () => {
    const url = withPassword(await freshPostgres(), 'Wrong-Secret-42');
    const result = seed(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'password authentication failed: check the user name and password in --db',
    );
    expect(result.stdout + result.stderr).not.toContain('Wrong-Secret-42');
  });

  it('a file that is not a SQLite database: exit 2, the file untouched', () => {
    const path = join(dir, 'notes.txt');
    const text = 'not a database, just text that is long enough to have a header page\n'.repeat(20);
    writeFileSync(path, text);
    const result = seed(`sqlite:${path}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot open sqlite:${path}`);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('doppel seed: existing tables and schema maps that do not fit', () => {
  it('an existing table with an incompatible column names it, exit 2, nothing written (PostgreSQL)', async () => {
    const url = await freshPostgres();
    await pgQuery(url, 'CREATE TABLE telco (id integer PRIMARY KEY, churn integer, tenure date)');
    const result = seed(url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /table telco exists, but its column (churn is integer|tenure is date), which cannot hold/,
    );
    expect(await pgQuery(url, 'SELECT count(*)::int AS n FROM telco')).toEqual([{ n: 0 }]);
    expect(result.stdout + result.stderr).not.toContain(new URL(url).password);
  });

  it('an existing table with an incompatible column (SQLite)', () => {
    const path = sqlitePath();
    const file = new BetterSqlite3(path);
    file.exec('CREATE TABLE telco (id INTEGER PRIMARY KEY, churn BOOLEAN)');
    file.close();
    const result = seed(`sqlite:${path}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'table telco exists, but its column churn is BOOLEAN, which cannot hold telco.churn (text)',
    );
    expect(sqliteQuery(path, 'SELECT count(*) AS n FROM telco')).toEqual([{ n: 0 }]);
  });

  it('a mapping to a missing column names the column and the table’s columns, exit 2', async () => {
    const url = await freshPostgres();
    await pgQuery(
      url,
      'CREATE TABLE customers (id serial PRIMARY KEY, churn text, monthly_fee double precision)',
    );
    const map = join(dir, 'bad-map.json');
    writeFileSync(
      map,
      JSON.stringify({
        tables: { telco: { table: 'customers', columns: { monthly_charges: 'monthly_charge' } } },
      }),
    );
    const result = seed(url, '--schema-map', map);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'the schema map maps telco.monthly_charges to column "monthly_charge", which table customers does not have; its columns: id, churn, monthly_fee',
    );
    expect(await pgQuery(url, 'SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 0 }]);
  });

  it('a table that already has rows is refused without --truncate or --append', () => {
    const path = sqlitePath();
    runDoppelOk(['seed', modelPath, '--db', `sqlite:${path}`, '--rows', '100']);
    const result = seed(`sqlite:${path}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'table telco already has rows: pass --truncate to replace them or --append to add to them',
    );
    expect(sqliteQuery(path, 'SELECT count(*) AS n FROM telco')).toEqual([{ n: 100 }]);
    runDoppelOk(['seed', modelPath, '--db', `sqlite:${path}`, '--rows', '100', '--append']);
    expect(sqliteQuery(path, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM telco')).toEqual([
      { n: 200, ids: 200 },
    ]);
  });
});

describe('doppel seed --append into PostgreSQL', () => {
  it('continues the row numbers after the existing rows', async () => {
    const url = await freshPostgres();
    runDoppelOk(['seed', modelPath, '--db', url, '--rows', '100']);
    runDoppelOk(['seed', modelPath, '--db', url, '--rows', '100', '--append', '--seed', '2']);
    expect(
      await pgQuery(
        url,
        'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, max(id) AS top FROM telco',
      ),
    ).toEqual([{ n: 200, ids: 200, top: 200 }]);
  });
});

describe('doppel seed: all or nothing', () => {
  // telco is created and filled first; then `notes` must reference `authors`, which is empty.
  const map = () => {
    const path = join(dir, 'late-failure.json');
    writeFileSync(path, JSON.stringify({ tables: { notes: { rows: 10 } } }));
    return path;
  };
  const schema =
    'CREATE TABLE authors (id integer PRIMARY KEY); CREATE TABLE notes (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES authors (id))';

  it('PostgreSQL: a failure after a table was written leaves the database as it was', async () => {
    const url = await freshPostgres();
    await pgQuery(url, schema);
    const result = seed(url, '--schema-map', map());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('notes(author_id) must reference rows of authors, which has none');
    expect(await tables(url)).toEqual(['authors', 'notes']);
  });

  it('SQLite: the same failure leaves the file as it was', () => {
    const path = sqlitePath();
    const file = new BetterSqlite3(path);
    file.exec(schema);
    file.close();
    const result = seed(`sqlite:${path}`, '--schema-map', map());
    expect(result.code).toBe(2);
    expect(sqliteQuery(path, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")).toEqual([
      { name: 'authors' },
      { name: 'notes' },
    ]);
  });

  it('SQLite: a new file is not left behind when the run fails', () => {
    const path = sqlitePath('new.db');
    // The file is opened, then the schema map names a table it does not have.
    const result = seed(`sqlite:${path}`, '--schema-map', map());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the schema map names table notes');
    expect(existsSync(path)).toBe(false);
  });

  it('Ctrl-C during a PostgreSQL seed leaves no table behind', async () => {
    const url = await freshPostgres();
    const child = spawn(
      process.execPath,
      [BIN, 'seed', modelPath, '--db', url, '--rows', '2000000', '--quiet'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    // Interrupt once the COPY is under way.
    for (let tries = 0; tries < 600; tries++) {
      const copying = await pgQuery(
        url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY%'",
      );
      if (Number(copying[0]!.n) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('was interrupted; nothing was written');
    expect(await tables(url)).toEqual([]);
  }, 120_000);
});
