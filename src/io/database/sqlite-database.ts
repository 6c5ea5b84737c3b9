/**
 * SQLite through better-sqlite3 (12.x: 13 needs Node 22). Rows go in through one prepared INSERT
 * per table inside the run's transaction, which is how SQLite loads fastest (no COPY exists).
 * A database file that did not exist is written under a temporary name and renamed into place on
 * commit, so a failed or interrupted run leaves no file behind.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import { DoppelError } from '../../errors.js';
import { releaseTemporary, temporaryPathFor } from '../temporary-files.js';
import { isoDate, isoTimestamp } from './cell-text.js';
import type { Cell } from './cells.js';
import type { Database } from './database.js';
import type { SqlType } from './seed-plan.js';
import { quoteName } from './sql-types.js';

/** Rows per INSERT statement, and SQLite's bound-parameter limit (32766 since 3.32). */
const ROWS_PER_INSERT = 100;
const MAX_PARAMETERS = 32_766;

/** A cell as SQLite stores it: booleans as 0/1, dates and timestamps as ISO 8601 text. */
function sqliteValue(cell: Cell, type: SqlType): number | bigint | string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (typeof cell === 'number' && type === 'date') return isoDate(cell);
  if (typeof cell === 'number' && type === 'timestamp') return isoTimestamp(cell);
  return cell;
}

/**
 * Opens (or creates) the database file.
 * @throws DoppelError `database-unreachable` when the file cannot be opened as a database.
 */
export async function openSqlite(path: string, label: string): Promise<Database> {
  const isNew = !existsSync(path);
  const workPath = isNew ? temporaryPathFor(path) : path;
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(workPath, { fileMustExist: !isNew });
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    // A new file lives under a temporary name until commit and is deleted on failure, so it needs no
    // rollback journal and no syncs; an existing file keeps its journal, which is what undoes a failure.
    if (isNew) {
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
    }
    // Reading the schema proves it is a database file (better-sqlite3 opens any file lazily).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if (isNew) {
      await rm(workPath, { force: true });
      releaseTemporary(workPath);
    }
    throw new DoppelError(
      'database-unreachable',
      `cannot open ${label}: ${(error as Error).message}; check that the path is a SQLite database file and writable`,
      [],
      { cause: error },
    );
  }
  let committed = false;
  const database: Database = {
    dialect: 'sqlite',
    label,
    readable: true,
    async exec(sql) {
      db.exec(sql);
    },
    async query(sql, params = []) {
      const statement = db.prepare(sql);
      if (!statement.reader) {
        statement.run(...(params as unknown[]));
        return [];
      }
      return statement.raw(true).all(...(params as unknown[])) as unknown[][];
    },
    async insertRows(table, columns, blocks) {
      const names = columns.map((column) => quoteName(column.name)).join(', ');
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const width = columns.length;
      // Many rows per statement: one native call binds them all (about twice as fast as row by row).
      const perStatement = Math.max(
        1,
        Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, width))),
      );
      const prepare = (rows: number) =>
        db.prepare(`INSERT INTO ${quoteName(table)} (${names}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
      const full = prepare(perStatement);
      const types = columns.map((column) => column.type);
      const params = new Array<number | bigint | string | null>(width * perStatement);
      let rows = 0;
      for await (const block of blocks) {
        for (let start = 0; start < block.rowCount; start += perStatement) {
          const count = Math.min(perStatement, block.rowCount - start);
          const values =
            count === perStatement ? params : new Array<number | bigint | string | null>(width * count);
          for (let c = 0; c < width; c++) {
            const cells = block.columns[c]!;
            const type = types[c]!;
            for (let r = 0; r < count; r++)
              values[r * width + c] = sqliteValue(cells[start + r] as Cell, type);
          }
          (count === perStatement ? full : prepare(count)).run(values);
        }
        rows += block.rowCount;
      }
      return rows;
    },
    async begin() {
      db.exec('BEGIN IMMEDIATE');
    },
    async commit() {
      db.exec('COMMIT');
      committed = true;
    },
    async rollback() {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {}
    },
    async close() {
      try {
        db.close();
      } catch {}
      if (!isNew) return;
      if (committed) await rename(workPath, path);
      else await rm(workPath, { force: true }).catch(() => {});
      releaseTemporary(workPath);
    },
  };
  return database;
}
