/**
 * The relational dataset schema: a tree of tables rooted at the customer. Each table is a
 * single-table dataset schema (its columns, kinds and roles) plus where its rows come from (`path`,
 * relative to the schema file), its primary key, the foreign key to its parent, and, for event tables,
 * the order of events within a parent (a time or sequence column, or the file's row order).
 * The zod definition is the source of truth; `schemas/relational-schema.json` is generated from it.
 */
import { z } from 'zod';
import { type DatasetSchema, datasetSchemaSchema } from './dataset-schema.js';

const tableSchema = datasetSchemaSchema
  .omit({ $schema: true })
  .extend({
    path: z
      .string()
      .min(1)
      .optional()
      .describe('The table’s data file, relative to this schema file (CSV, Arrow, Parquet or JSONL).'),
    primaryKey: z
      .string()
      .min(1)
      .nullable()
      .optional()
      .describe('The column whose values identify a row (unique, never missing); null or absent: none.'),
    parent: z
      .object({
        table: z.string().min(1).describe('The parent table (the customer, for an event table).'),
        foreignKey: z
          .string()
          .min(1)
          .describe('The column of this table holding the parent’s primary key value.'),
        order: z
          .string()
          .min(1)
          .nullable()
          .describe(
            'The column ordering a parent’s rows (a time or sequence: no ties, no missing values), or null for the file’s row order.',
          ),
      })
      .strict()
      .optional()
      .describe('Absent for the root table (the customer); every other table has exactly one parent.'),
  })
  .strict();

export const relationalSchemaSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('A short name for the dataset.'),
    description: z.string().optional(),
    tables: z
      .array(tableSchema)
      .min(1)
      .describe(
        'The tables: exactly one root (no parent), every other table a child of another, no cycles. Consent, opt-out and the k rule apply to root customers; a customer who is out takes every descendant row with them.',
      ),
  })
  .strict();

export type RelationalSchema = z.infer<typeof relationalSchemaSchema>;
export type RelationalTableSchema = z.infer<typeof tableSchema>;

/** True when a parsed JSON value looks like a relational schema (it lists tables) rather than a single table. */
export function isRelationalSchemaJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { tables?: unknown }).tables);
}

/** The single-table schema of one table (without its file and key fields), for the single-table stages. */
export function tableDatasetSchema(table: RelationalTableSchema): DatasetSchema {
  const { path: _path, primaryKey: _primaryKey, parent: _parent, ...rest } = table;
  return rest;
}
