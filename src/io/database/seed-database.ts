/**
 * `doppel seed`'s core: a seed plan written into a database (or a SQL script) in one transaction.
 * Read the catalog, resolve where every table and column goes, then per table in dependency order:
 * create it or check it, stream its rows in, and at the end fill the foreign keys that close a cycle.
 * Any failure, or an abort (Ctrl-C), rolls the whole run back: the database is left as it was.
 */
import type { Faker } from '@faker-js/faker';
import { DoppelError, isDoppelError } from '../../errors.js';
import { makeRandom } from '../../stats/random.js';
import { randomInt } from '../../stats/random-rows.js';
import { type CatalogTable, readCatalog } from './catalog.js';
import type { Cell } from './cells.js';
import { addConstraintsSql, createTableSql } from './create-table.js';
import type { Database } from './database.js';
import { guardedUniques, type KeyPool, rowBlocksOf, tupleKey } from './row-blocks.js';
import { EMPTY_SCHEMA_MAP, type SchemaMap } from './schema-map.js';
import type { SeedPlan } from './seed-plan.js';
import { quoteName } from './sql-types.js';
import { resolveTargets, type TableTarget } from './table-targets.js';

/** What to do with tables that exist and hold rows: refuse (default), empty them first, or add to them. */
export type ExistingRows = 'refuse' | 'truncate' | 'append';

export interface SeedDatabaseOptions {
  readonly seed: number;
  /** Rows of generated tables the schema map gives no count. */
  readonly rows: number;
  readonly existingRows: ExistingRows;
  readonly schemaMap?: SchemaMap;
  readonly signal?: AbortSignal;
  /** Called as rows are written: the table and its rows so far. */
  readonly onProgress?: (table: string, rows: number) => void;
}

export interface SeedTableSummary {
  readonly table: string;
  readonly created: boolean;
  readonly rows: number;
  /** Plan (model) columns and the database columns they were written to. */
  readonly mapped: readonly (readonly [string, string])[];
  /** Columns the model does not know, filled with faker values. */
  readonly generated: readonly string[];
  /** Foreign keys filled by picking rows of the referenced table (columns → table). */
  readonly references: readonly string[];
  /** Identity, generated and defaulted columns the database filled. */
  readonly leftToDatabase: readonly string[];
  readonly leftNull: readonly string[];
  /** Model columns the table has no column for. */
  readonly notWritten: readonly string[];
}

export interface SeedSummary {
  readonly target: string;
  readonly tables: readonly SeedTableSummary[];
}

/** The rows of `columns` of `table`, column-wise, in key order. */
async function readKeys(database: Database, table: string, columns: readonly string[]): Promise<KeyPool> {
  const list = columns.map(quoteName).join(', ');
  const rows = await database.query(
    `SELECT ${list} FROM ${quoteName(table)} WHERE ${columns.map((c) => `${quoteName(c)} IS NOT NULL`).join(' AND ')} ORDER BY ${list}`,
  );
  return { columns: columns.map((_, c) => rows.map((row) => row[c] as Cell)), count: rows.length };
}

async function hasRows(database: Database, table: string): Promise<boolean> {
  return (await database.query(`SELECT 1 FROM ${quoteName(table)} LIMIT 1`)).length > 0;
}

/** Errors the database raised, as one DoppelError that names the table (never a row's values). */
function databaseFailed(error: unknown, target: string, table: string | null): DoppelError {
  if (isDoppelError(error)) return error;
  const { message, code, constraint } = error as { message?: string; code?: string; constraint?: string };
  const where = table === null ? target : `table ${table} of ${target}`;
  const what = [
    message ?? String(error),
    constraint ? `(constraint ${constraint})` : '',
    code ? `[${code}]` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return new DoppelError('database-failed', `writing ${where} failed: ${what}; nothing was written`, [], {
    cause: error,
  });
}

function summaryOf(target: TableTarget, rows: number): SeedTableSummary {
  return {
    table: target.table,
    created: !target.exists,
    rows,
    mapped: target.mapped,
    generated: target.columns.filter((c) => c.source.kind === 'generated').map((c) => c.name),
    references: target.keys.map(
      (key) => `${key.columns.join(', ')} → ${key.table}${key.deferred ? ' (set after insert)' : ''}`,
    ),
    leftToDatabase: target.leftToDatabase,
    leftNull: target.columns
      .filter(
        (c) =>
          c.source.kind === 'null' &&
          !target.keys.some((key) => key.deferred && key.columns.includes(c.name)),
      )
      .map((c) => c.name),
    notWritten: target.notWritten,
  };
}

/**
 * Writes the plan into `database` in one transaction and returns what went where.
 * @throws DoppelError `database-mismatch` (existing tables or the schema map do not fit, tables
 * already hold rows), `database-failed` (the database refused a statement), `worker-failed`.
 */
export async function seedDatabase(
  plan: SeedPlan,
  database: Database,
  options: SeedDatabaseOptions,
): Promise<SeedSummary> {
  const catalog: Map<string, CatalogTable> = database.readable ? await readCatalog(database) : new Map();
  const targets = resolveTargets(plan, catalog, options.schemaMap ?? EMPTY_SCHEMA_MAP, options.rows);
  const needsFaker = targets.some((target) =>
    target.columns.some((column) => column.source.kind === 'generated'),
  );
  const faker: Faker | null = needsFaker
    ? (await import('../../sample/faker-for-locale.js')).fakerForLocale('en', '')
    : null;
  const summaries: SeedTableSummary[] = [];
  let current: string | null = null;
  await database.begin();
  try {
    const existing = targets.filter((target) => target.exists);
    if (options.existingRows === 'truncate' && existing.length > 0) {
      if (database.dialect === 'postgres') {
        // Identity counters restart too, so the same seed writes the same keys again.
        await database.exec(
          `TRUNCATE ${existing.map((target) => quoteName(target.table)).join(', ')} RESTART IDENTITY`,
        );
      } else {
        // Foreign keys are checked at commit, so tables that reference each other empty in any order.
        await database.exec('PRAGMA defer_foreign_keys = ON');
        const counters = await database.query(
          "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'",
        );
        for (const target of [...existing].reverse()) {
          await database.exec(`DELETE FROM ${quoteName(target.table)}`);
          if (Number(counters[0]?.[0]) > 0) {
            await database.query('DELETE FROM sqlite_sequence WHERE name = ?', [target.table]);
          }
        }
      }
    } else if (options.existingRows === 'refuse') {
      for (const target of existing) {
        if (await hasRows(database, target.table)) {
          throw new DoppelError(
            'database-mismatch',
            `table ${target.table} already has rows: pass --truncate to replace them or --append to add to them`,
            [{ path: [target.table], message: 'table is not empty' }],
          );
        }
      }
    }
    for (const [tableIndex, target] of targets.entries()) {
      current = target.table;
      if (!target.exists) await database.exec(createTableSql(target, database.dialect));
      const pools: (KeyPool | null)[] = [];
      for (const key of target.keys) {
        if (key.deferred) {
          pools.push(null);
          continue;
        }
        const pool = await readKeys(database, key.table, key.references);
        if (pool.count === 0 && target.rows > 0) {
          throw new DoppelError(
            'database-mismatch',
            `${target.table}(${key.columns.join(', ')}) must reference rows of ${key.table}, which has none: add ${key.table} to the schema map's tables so doppel fills it, or fill it first`,
            [{ path: [target.table, ...key.columns], message: `no rows in ${key.table}` }],
          );
        }
        if (key.oneToOne && pool.count < target.rows) target.rows = pool.count;
        pools.push(pool);
      }
      const appending = target.exists && options.existingRows === 'append';
      const existingTuples: Set<string>[] = [];
      if (appending) {
        for (const set of guardedUniques(target)) {
          const names = set.map((c) => target.columns[c]!.name);
          const rows = await database.query(
            `SELECT ${names.map(quoteName).join(', ')} FROM ${quoteName(target.table)}`,
          );
          existingTuples.push(
            new Set(rows.map((row) => tupleKey(row as Cell[])).filter((key): key is string => key !== null)),
          );
        }
      }
      const distinctOffset = appending
        ? Number((await database.query(`SELECT count(*) FROM ${quoteName(target.table)}`))[0]?.[0] ?? 0)
        : 0;
      const keyOffsets = new Map<number, number>();
      if (appending) {
        for (const [c, column] of target.columns.entries()) {
          const { source } = column;
          const distinct = (source.kind === 'plan' || source.kind === 'generated') && source.distinct;
          if (!distinct || (column.type !== 'integer' && column.type !== 'bigint')) continue;
          const [max] = await database.query(
            `SELECT max(${quoteName(column.name)}) FROM ${quoteName(target.table)}`,
          );
          keyOffsets.set(c, Number(max?.[0] ?? 0));
        }
      }
      let written = 0;
      const blocks = rowBlocksOf(target, {
        keyOffsets,
        seed: options.seed,
        tableIndex,
        pools,
        distinctOffset,
        existing: existingTuples,
        faker,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const counted = (async function* () {
        for await (const block of blocks) {
          yield block;
          written += block.rowCount;
          options.onProgress?.(target.table, written);
        }
      })();
      const rows = await database.insertRows(target.table, target.columns, counted);
      if (!target.exists)
        for (const sql of addConstraintsSql(target, database.dialect)) await database.exec(sql);
      summaries.push(summaryOf(target, rows));
    }
    for (const target of targets) {
      current = target.table;
      await fillDeferredKeys(database, target, options.seed, targets.indexOf(target));
    }
    if (options.signal?.aborted) throw options.signal.reason;
    current = null;
    await database.commit();
    return { target: database.label, tables: summaries };
  } catch (error) {
    await database.rollback();
    if (options.signal?.aborted) {
      throw new DoppelError(
        'write-failed',
        `seeding ${database.label} was interrupted; nothing was written`,
        [],
        { cause: error },
      );
    }
    throw databaseFailed(error, database.label, current);
  }
}

/** Sets each deferred foreign key of `target`'s rows to a seeded pick among the referenced keys. */
async function fillDeferredKeys(
  database: Database,
  target: TableTarget,
  seed: number,
  tableIndex: number,
): Promise<void> {
  for (const [k, key] of target.keys.entries()) {
    if (!key.deferred) continue;
    if (target.primaryKey.length === 0) {
      throw new DoppelError(
        'database-mismatch',
        `${target.table}(${key.columns.join(', ')}) closes a cycle of foreign keys, so it is set after the insert, which needs a primary key on ${target.table}; add one`,
      );
    }
    const pool = await readKeys(database, key.table, key.references);
    if (pool.count === 0) continue;
    const rows = await database.query(
      `SELECT ${target.primaryKey.map(quoteName).join(', ')} FROM ${quoteName(target.table)} ORDER BY ${target.primaryKey.map(quoteName).join(', ')}`,
    );
    const random = makeRandom(seed, 0x4c000000 + tableIndex * 64 + k);
    const marks = (start: number, count: number) =>
      Array.from({ length: count }, (_, i) => (database.dialect === 'postgres' ? `$${start + i}` : '?'));
    const sets = key.columns.map((column, i) => `${quoteName(column)} = ${marks(1 + i, 1)[0]}`).join(', ');
    const where = target.primaryKey
      .map((column, i) => `${quoteName(column)} = ${marks(1 + key.columns.length + i, 1)[0]}`)
      .join(' AND ');
    const update = `UPDATE ${quoteName(target.table)} SET ${sets} WHERE ${where}`;
    const used = new Set<number>();
    for (const row of rows) {
      let pick = key.oneToOne ? used.size : randomInt(random, pool.count);
      if (key.oneToOne) {
        if (pick >= pool.count) break;
        used.add(pick);
      }
      // A self-reference never points a row at itself.
      if (
        key.table === target.table &&
        pool.count > 1 &&
        tupleKey(key.references.map((_, i) => pool.columns[i]![pick] as Cell)) === tupleKey(row as Cell[])
      ) {
        pick = (pick + 1) % pool.count;
      }
      await database.query(update, [...key.references.map((_, i) => pool.columns[i]![pick]), ...row]);
    }
  }
}
