/**
 * The library entry of `doppel seed`: open the target (a PostgreSQL or SQLite URL, or a SQL script),
 * build the model's plan, write it in one transaction, close. The URL's password is kept out of every
 * message this raises.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DoppelError, isDoppelError } from '../../errors.js';
import type { Model } from '../../model/model-format.js';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { removeTemporary, temporaryPathFor } from '../temporary-files.js';
import type { Database } from './database.js';
import { parseDatabaseUrl, withoutPassword } from './database-url.js';
import type { CopyFormat } from './postgres-database.js';
import type { SchemaMap } from './schema-map.js';
import { type ExistingRows, type SeedSummary, seedDatabase } from './seed-database.js';
import type { SeedPlan } from './seed-plan.js';
import { seedPlanFromModel } from './seed-plan-from-model.js';
import { seedPlanFromRelationalModel } from './seed-plan-from-relational-model.js';
import type { Dialect } from './sql-types.js';

export type SeedTarget =
  | { readonly db: string; readonly copyFormat?: CopyFormat | 'auto' }
  | { readonly out: string; readonly dialect: Dialect };

export interface SeedOptions {
  readonly target: SeedTarget;
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  readonly existingRows: ExistingRows;
  /** The model table's name (default: the model's dataset name). */
  readonly table?: string;
  readonly schemaMap?: SchemaMap;
  readonly signal?: AbortSignal;
  readonly onProgress?: (table: string, rows: number) => void;
}

/** Opens a target. @throws DoppelError `usage`, `database-unreachable`, `write-failed`. */
export async function openSeedTarget(target: SeedTarget): Promise<Database> {
  if ('out' in target) return (await import('./sql-script.js')).openSqlScript(target.out, target.dialect);
  const url = parseDatabaseUrl(target.db);
  if (url.kind === 'sqlite') return (await import('./sqlite-database.js')).openSqlite(url.path, url.label);
  return (await import('./postgres-database.js')).openPostgres(
    url.connectionString,
    url.label,
    target.copyFormat ?? 'auto',
  );
}

/** An error with the URL's password taken out of its message and issues. */
function scrubbed(error: unknown, target: SeedTarget): unknown {
  if (!('db' in target)) return error;
  let url: ReturnType<typeof parseDatabaseUrl>;
  try {
    url = parseDatabaseUrl(target.db);
  } catch {
    return error;
  }
  if (isDoppelError(error)) {
    return new DoppelError(
      error.code,
      withoutPassword(error.message, url),
      error.issues.map((issue) => ({ path: issue.path, message: withoutPassword(issue.message, url) })),
    );
  }
  if (error instanceof Error) {
    const clean = new Error(withoutPassword(error.message, url));
    clean.stack = withoutPassword(error.stack ?? '', url);
    return clean;
  }
  return new Error(withoutPassword(String(error), url));
}

/** Writes a plan into a target. */
export async function seedPlanInto(
  plan: SeedPlan,
  options: Omit<SeedOptions, 'rows' | 'seed' | 'workers' | 'table'> & { seed: number; rows: number },
): Promise<SeedSummary> {
  try {
    const database = await openSeedTarget(options.target);
    try {
      return await seedDatabase(plan, database, {
        seed: options.seed,
        rows: options.rows,
        existingRows: options.existingRows,
        ...(options.schemaMap ? { schemaMap: options.schemaMap } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } finally {
      await database.close();
    }
  } catch (error) {
    throw scrubbed(error, options.target);
  }
}

/**
 * Seeds a database (or writes a SQL script) with `rows` synthetic rows of a single-table model.
 * The same model, seed and rows write the same rows whatever the worker count.
 * @throws DoppelError `usage`, `database-unreachable`, `database-mismatch`, `database-failed`,
 * `write-failed`, `worker-failed`.
 * @example await seedModel(model, { target: { db: 'sqlite:test.db' }, rows: 1000, seed: 1, workers: 2, existingRows: 'refuse' })
 */
export async function seedModel(model: Model, options: SeedOptions): Promise<SeedSummary> {
  const plan = seedPlanFromModel(model, {
    rows: options.rows,
    seed: options.seed,
    workers: options.workers,
    ...(options.table === undefined ? {} : { table: options.table }),
  });
  return seedPlanInto(plan, options);
}

/**
 * Seeds a database (or writes a SQL script) with `rows` root customers of a relational model and all
 * their related rows: one table per model table, parents first, keys and foreign keys declared. The
 * tables are sampled into a temporary directory first (removed at the end, whatever happens), so the
 * database holds exactly the rows `doppel sample` writes for the same model, seed and rows.
 * @throws DoppelError as {@link seedModel}.
 */
export async function seedRelationalModel(
  model: RelationalModel,
  options: Omit<SeedOptions, 'table'>,
): Promise<SeedSummary> {
  // A registered temporary: removed at the end, on Ctrl-C, or as stale by a later run if killed.
  const scratch = temporaryPathFor(join(tmpdir(), 'seed-tables'));
  try {
    await mkdir(scratch);
    const plan = await seedPlanFromRelationalModel(model, {
      rows: options.rows,
      seed: options.seed,
      workers: options.workers,
      scratch,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return await seedPlanInto(plan, options);
  } finally {
    await removeTemporary(scratch);
  }
}
