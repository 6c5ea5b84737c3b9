/**
 * `--out seed.sql`: the seed as a SQL script instead of a live database. PostgreSQL scripts load rows
 * with COPY … FROM stdin blocks (what pg_dump writes; `psql -f seed.sql` runs them), SQLite scripts
 * with multi-row INSERTs (`sqlite3 test.db < seed.sql`). The script is one transaction, and the file
 * appears under its name only when complete.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DoppelError } from '../../errors.js';
import { releaseTemporary, temporaryPathFor } from '../temporary-files.js';
import { cellText } from './cell-text.js';
import { type Cell, slicesOf } from './cells.js';
import type { Database } from './database.js';
import { copyTextOf } from './pg-copy-text.js';
import type { SqlType } from './seed-plan.js';
import { type Dialect, quoteName, quoteText } from './sql-types.js';

/** Rows per SQLite INSERT statement (SQLite's default limit is far above; this keeps lines readable). */
const ROWS_PER_INSERT = 500;

function sqliteLiteral(cell: Cell, type: SqlType): string {
  if (cell === null || cell === undefined) return 'NULL';
  if (typeof cell === 'boolean') return cell ? '1' : '0';
  if (typeof cell === 'string' || type === 'date' || type === 'timestamp' || type === 'text') {
    return quoteText(cellText(cell, type));
  }
  if (typeof cell === 'number' && !Number.isFinite(cell)) return 'NULL';
  return cellText(cell, type);
}

/**
 * Opens the script file for `dialect`.
 * @throws DoppelError `write-failed` when the file cannot be created.
 */
export async function openSqlScript(path: string, dialect: Dialect): Promise<Database> {
  const temporaryPath = temporaryPathFor(path);
  let file: WriteStream;
  try {
    await mkdir(dirname(path), { recursive: true });
    file = createWriteStream(temporaryPath, { flags: 'wx' });
    await once(file, 'open');
  } catch (error) {
    throw new DoppelError('write-failed', `cannot write ${path}: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  let failure: unknown = null;
  file.on('error', (error) => {
    failure ??= error;
  });
  const write = async (text: string) => {
    if (failure !== null) throw failure;
    if (!file.write(text)) await once(file, 'drain');
  };
  let committed = false;
  const database: Database = {
    dialect,
    label: path,
    readable: false,
    exec: (sql) => write(`${sql.trimEnd()}${sql.trimEnd().endsWith(';') ? '' : ';'}\n`),
    async query() {
      throw new Error('a SQL script cannot be queried');
    },
    async insertRows(table, columns, blocks) {
      const names = columns.map((column) => quoteName(column.name)).join(', ');
      const types = columns.map((column) => column.type);
      let rows = 0;
      if (dialect === 'postgres') {
        await write(`COPY ${quoteName(table)} (${names}) FROM stdin;\n`);
        for await (const block of blocks) {
          for (const slice of slicesOf(block)) await write(copyTextOf(slice, types));
          rows += block.rowCount;
        }
        await write('\\.\n');
        return rows;
      }
      for await (const block of blocks) {
        for (let start = 0; start < block.rowCount; start += ROWS_PER_INSERT) {
          const end = Math.min(block.rowCount, start + ROWS_PER_INSERT);
          const tuples: string[] = [];
          for (let r = start; r < end; r++) {
            tuples.push(
              `(${block.columns.map((column, c) => sqliteLiteral(column[r] as Cell, types[c]!)).join(',')})`,
            );
          }
          await write(`INSERT INTO ${quoteName(table)} (${names}) VALUES\n${tuples.join(',\n')};\n`);
        }
        rows += block.rowCount;
      }
      return rows;
    },
    begin: () => write(dialect === 'postgres' ? '\\set ON_ERROR_STOP on\nBEGIN;\n' : 'BEGIN;\n'),
    async commit() {
      await write('COMMIT;\n');
      file.end();
      await once(file, 'close');
      if (failure !== null) throw failure;
      await rename(temporaryPath, path);
      releaseTemporary(temporaryPath);
      committed = true;
    },
    async rollback() {},
    async close() {
      if (committed) return;
      if (!file.closed) {
        file.destroy();
        await once(file, 'close').catch(() => {});
      }
      await rm(temporaryPath, { force: true }).catch(() => {});
      releaseTemporary(temporaryPath);
    },
  };
  return database;
}
