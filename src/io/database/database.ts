/**
 * What the seeder needs of a database, whatever it is: run SQL, read rows back, and bulk-insert row
 * blocks. One implementation per target: PostgreSQL (postgres-database.ts), SQLite
 * (sqlite-database.ts) and a SQL script file (sql-script.ts).
 */
import type { RowBlock } from './cells.js';
import type { SeedColumn } from './seed-plan.js';
import type { Dialect } from './sql-types.js';

export interface Database {
  readonly dialect: Dialect;
  /** Where the data goes, for messages: never includes a password. */
  readonly label: string;
  /** Runs statements that return nothing. */
  exec(sql: string): Promise<void>;
  /** Runs a query with positional parameters; rows as arrays of values. */
  query(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Bulk-inserts the blocks' rows into `table`'s `columns` (in block column order); returns rows written. */
  insertRows(
    table: string,
    columns: readonly Pick<SeedColumn, 'name' | 'type'>[],
    blocks: AsyncIterable<RowBlock>,
  ): Promise<number>;
  /** Whether `query` can read back what was written (false for a script file). */
  readonly readable: boolean;
  begin(): Promise<void>;
  commit(): Promise<void>;
  /** Undoes everything since `begin`; never throws. */
  rollback(): Promise<void>;
  /** Releases the connection or file; never throws. */
  close(): Promise<void>;
}
