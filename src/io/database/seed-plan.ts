/**
 * A seed plan: what `doppel seed` writes into a database, independent of where the rows come from.
 * Tables in dependency order (every table after the tables its foreign keys reference), each with its
 * column definitions, keys and a stream of Arrow record batches. A single-table model makes a plan
 * of one table (seed-plan-from-model.ts); a relational model makes one table per entity, its foreign
 * keys filled inside each batch.
 */
import type { RecordBatch } from 'apache-arrow';

/** The column types a plan declares, written as each dialect's own type (sql-types.ts). */
export type SqlType = 'integer' | 'bigint' | 'double' | 'text' | 'boolean' | 'date' | 'timestamp';

export interface SeedColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /**
   * True when the source guarantees distinct values (a row number, a sequence id, a uuid, faker values
   * made unique by their row index): no bookkeeping is needed to keep a unique constraint on it.
   */
  readonly distinct: boolean;
}

export interface SeedForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly references: readonly string[];
}

export interface SeedTable {
  readonly name: string;
  /** The columns of the source's batches, in field order (a batch's field i is column i). */
  readonly columns: readonly SeedColumn[];
  /** Primary key columns; empty when the table has none. */
  readonly primaryKey: readonly string[];
  /** Unique constraints other than the primary key, each a list of columns. */
  readonly uniques: readonly (readonly string[])[];
  readonly foreignKeys: readonly SeedForeignKey[];
  readonly rows: number;
  /**
   * A fresh stream of the table's batches, in row order; the consumer is done with a batch before it
   * asks for the next one (so sources may reuse buffers).
   */
  readonly batches: () => AsyncIterable<RecordBatch>;
}

/** Tables in dependency order. */
export interface SeedPlan {
  readonly tables: readonly SeedTable[];
}
