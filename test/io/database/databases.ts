/**
 * Real databases for the seed tests: a PostgreSQL server found or started by .ci/postgres.sh (the same
 * script .ci/run uses; DOPPEL_TEST_PG_URL when CI already exported it), a fresh database per test,
 * and SQLite files in a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { ROOT, temporaryDirectory } from '../../cli/run-doppel.js';

let serverUrl: string | null = null;

/** The test server's URL (its database doppel_test). */
export function postgresServerUrl(): string {
  if (serverUrl !== null) return serverUrl;
  const fromEnv = process.env.DOPPEL_TEST_PG_URL;
  if (fromEnv) return (serverUrl = fromEnv);
  const started = spawnSync('bash', [join(ROOT, '.ci/postgres.sh'), 'start'], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`.ci/postgres.sh start failed:\n${started.stderr}`);
  serverUrl = started.stdout.trim();
  return serverUrl;
}

/** A new, empty database on the test server; its URL. */
export async function freshPostgres(): Promise<string> {
  const url = new URL(postgresServerUrl());
  const name = `doppel_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.href;
}

/** Runs SQL on a PostgreSQL database and returns its rows as objects. */
export async function pgQuery(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A path for a new SQLite file. */
export function sqlitePath(name = 'seed.db'): string {
  return join(temporaryDirectory(), name);
}

/** Runs SQL on a SQLite file with better-sqlite3; rows as objects. */
export function sqliteQuery(path: string, sql: string): Record<string, unknown>[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Runs SQL through the `sqlite3` command-line shell; rows as objects (its JSON output). */
export function sqliteCli(path: string, sql: string): Record<string, unknown>[] {
  const result = spawnSync('sqlite3', ['-json', path, sql], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  return result.stdout.trim() === '' ? [] : (JSON.parse(result.stdout) as Record<string, unknown>[]);
}
