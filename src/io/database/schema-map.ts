/**
 * The `--schema-map` file: how the model's tables and columns land in an existing database, which
 * other tables to fill with generated rows, and relations the database does not declare.
 *
 * {
 *   "tables": {
 *     "telco": { "table": "customers", "columns": { "monthly_charges": "monthly_fee" } },
 *     "orders": { "rows": 5000 }
 *   },
 *   "relations": [
 *     { "table": "orders", "columns": ["customer_ref"], "references": { "table": "customers", "columns": ["id"] } }
 *   ]
 * }
 *
 * A key of `tables` is a table of the model (then `table` renames it, `columns` maps model columns to
 * database columns) or a database table the model does not know (its rows are generated).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DoppelError } from '../../errors.js';
import type { SeedForeignKey } from './seed-plan.js';

const tableEntrySchema = z
  .object({
    table: z.string().min(1).optional(),
    columns: z.record(z.string(), z.string().min(1)).optional(),
    rows: z.number().int().min(0).optional(),
  })
  .strict();

const schemaMapSchema = z
  .object({
    tables: z.record(z.string(), tableEntrySchema).optional(),
    relations: z
      .array(
        z
          .object({
            table: z.string().min(1),
            columns: z.array(z.string().min(1)).min(1),
            references: z
              .object({ table: z.string().min(1), columns: z.array(z.string().min(1)).min(1) })
              .strict(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export interface SchemaMapTable {
  /** The database table (default: the key's own name). */
  readonly table: string;
  /** Model column → database column; null-prototype map (column names are data). */
  readonly columns: ReadonlyMap<string, string>;
  readonly rows: number | null;
}

export interface SchemaMap {
  /** Keyed by model table or database table name. */
  readonly tables: ReadonlyMap<string, SchemaMapTable>;
  /** Foreign keys the database does not declare, by database table. */
  readonly relations: readonly (SeedForeignKey & { readonly from: string })[];
}

export const EMPTY_SCHEMA_MAP: SchemaMap = { tables: new Map(), relations: [] };

/** @throws DoppelError `file-not-found`, `invalid-schema` for a file that is not a schema map. */
export async function loadSchemaMap(path: string): Promise<SchemaMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DoppelError(
      'file-not-found',
      `cannot read the schema map ${path}: check the path given to --schema-map`,
      [],
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DoppelError(
      'invalid-schema',
      `the schema map ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = schemaMapSchema.safeParse(json);
  if (!parsed.success) {
    throw new DoppelError(
      'invalid-schema',
      `the schema map ${path} does not have the expected shape (see "Seed a test database" in the README)`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: issue.message,
      })),
    );
  }
  const tables = new Map<string, SchemaMapTable>();
  for (const [key, entry] of Object.entries(parsed.data.tables ?? {})) {
    tables.set(key, {
      table: entry.table ?? key,
      columns: new Map(Object.entries(entry.columns ?? {})),
      rows: entry.rows ?? null,
    });
  }
  return {
    tables,
    relations: (parsed.data.relations ?? []).map((relation) => ({
      from: relation.table,
      columns: relation.columns,
      table: relation.references.table,
      references: relation.references.columns,
    })),
  };
}
