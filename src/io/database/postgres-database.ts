/**
 * PostgreSQL through `pg`, with rows bulk-loaded by COPY FROM STDIN (pg-copy-streams). COPY binary is
 * used when every column's declared type is the one the plan writes (int4, int8, float8, bool, text,
 * date, timestamp), COPY text otherwise (PostgreSQL then parses each field into the declared type).
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DoppelError } from '../../errors.js';
import { type RowBlock, slicesOf } from './cells.js';
import type { Database } from './database.js';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, copyBinaryOf } from './pg-copy-binary.js';
import { copyTextOf } from './pg-copy-text.js';
import type { SqlType } from './seed-plan.js';
import { quoteName } from './sql-types.js';

export type CopyFormat = 'binary' | 'text';

/** What a connection error means, in words that say what to fix (never the URL or its password). */
function connectionFailed(label: string, error: unknown): DoppelError {
  const { code, message } = error as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED:
      'the connection was refused: is the server running, and are the host and port in --db right?',
    ENOTFOUND: 'the host name does not resolve: check the host in --db',
    EAI_AGAIN: 'the host name does not resolve: check the host in --db',
    ETIMEDOUT: 'the connection timed out: check the host and port in --db and any firewall',
    '28P01': 'password authentication failed: check the user name and password in --db',
    '28000': 'the server rejected the login: check the user name in --db and the server’s pg_hba.conf',
    '3D000': 'the database does not exist: create it or fix its name in --db',
  };
  const reason = (code !== undefined ? reasons[code] : undefined) ?? message ?? String(error);
  return new DoppelError('database-unreachable', `cannot connect to ${label}: ${reason}`, [], {
    cause: error,
  });
}

/**
 * Opens a connection.
 * @throws DoppelError `database-unreachable` naming what to fix (host, port, credentials, database).
 */
export async function openPostgres(
  connectionString: string,
  label: string,
  copyFormat: CopyFormat | 'auto' = 'auto',
): Promise<Database> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  // A dropped connection emits 'error' on the client; the running query rejects too, which is
  // where it is reported.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionFailed(label, error);
  }
  const database: Database = {
    dialect: 'postgres',
    label,
    readable: true,
    async exec(sql) {
      await client.query(sql);
    },
    async query(sql, params = []) {
      const result = await client.query({ text: sql, values: [...params], rowMode: 'array' });
      return result.rows as unknown[][];
    },
    async insertRows(table, columns, blocks) {
      const types = columns.map((column) => column.type);
      const binary =
        copyFormat === 'binary' || (copyFormat === 'auto' && (await hasPlanTypes(table, columns)));
      const names = columns.map((column) => quoteName(column.name)).join(', ');
      const stream = client.query(
        copyFrom(
          `COPY ${quoteName(table)} (${names}) FROM STDIN WITH (FORMAT ${binary ? 'binary' : 'text'})`,
        ),
      );
      let failure: unknown = null;
      stream.on('error', (error) => {
        failure ??= error;
      });
      const finished = once(stream, 'finish');
      finished.catch(() => {});
      const write = async (bytes: Buffer | string) => {
        if (failure !== null) throw failure;
        if (!stream.write(bytes)) await Promise.race([once(stream, 'drain'), finished]);
      };
      let rows = 0;
      try {
        if (binary) await write(COPY_BINARY_HEADER);
        for await (const block of blocks) {
          // Slices of a block keep each encoded piece a few megabytes, however wide the rows.
          for (const slice of slicesOf(block)) {
            await write(binary ? copyBinaryOf(slice, types) : copyTextOf(slice, types));
          }
          rows += block.rowCount;
        }
        if (binary) await write(COPY_BINARY_TRAILER);
        stream.end();
        await finished;
      } catch (error) {
        if (!stream.destroyed) stream.destroy(error as Error);
        // The COPY's own error (a constraint, a bad value) explains more than a closed stream.
        throw failure ?? error;
      }
      if (failure !== null) throw failure;
      return rows;
    },
    begin: () => database.exec('BEGIN'),
    commit: () => database.exec('COMMIT'),
    async rollback() {
      await client.query('ROLLBACK').catch(() => {});
    },
    async close() {
      await client.end().catch(() => {});
    },
  };

  /** True when each column's declared type is exactly the plan type COPY binary will send. */
  async function hasPlanTypes(table: string, columns: readonly { name: string; type: SqlType }[]) {
    const rows = await database.query(
      `SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a
       WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
      [quoteName(table)],
    );
    const declared = new Map(rows.map((row) => [String(row[0]), String(row[1])]));
    const binaryType: Record<SqlType, string> = {
      integer: 'integer',
      bigint: 'bigint',
      double: 'double precision',
      text: 'text',
      boolean: 'boolean',
      date: 'date',
      timestamp: 'timestamp without time zone',
    };
    return columns.every((column) => declared.get(column.name) === binaryType[column.type]);
  }
  return database;
}

export type { RowBlock };
