import { dirname, resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { DoppelError, isDoppelError } from '../errors.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import {
  HandedTable,
  keysAsIdentifiers,
  type PreparedRelational,
  RelationalPreparation,
} from '../schema/prepare-relational.js';
import type { RelationalTables } from '../validate/relational/relational-tables.js';
import { readTable } from './read-table.js';

/**
 * Reads every table a relational schema names, each from its `path` relative to the schema file.
 * @throws DoppelError `invalid-schema` for a table without a path; `file-not-found`,
 * `unsupported-format` or `malformed-input` from the readers.
 */
export async function readRelatedTables(
  tree: RelationalTree,
  schemaPath: string,
): Promise<Map<string, Table>> {
  const paths = tablePaths(tree, schemaPath);
  const entries = await Promise.all(
    tree.schema.tables.map(
      async (table) => [table.name, await readTableOf(table.name, paths.get(table.name)!)] as const,
    ),
  );
  return new Map(entries);
}

/**
 * Reads and prepares (prepareRelational) the tables a relational schema names, one at a time,
 * parents first, each table's columns freed as they are prepared: where reading every table first
 * held a million customers' events twice over, as Arrow and prepared.
 * @throws DoppelError as readRelatedTables and prepareRelational.
 */
export async function readPreparedRelational(
  tree: RelationalTree,
  schemaPath: string,
  /** Called after each table is read and after it is prepared (scripts/relational-fit-memory.ts). */
  onStep?: (step: string) => void,
): Promise<PreparedRelational> {
  const paths = tablePaths(tree, schemaPath);
  const preparation = new RelationalPreparation(tree);
  for (const table of tree.topDown) {
    let read: HandedTable | null = await readHanded(table.name, paths.get(table.name)!);
    onStep?.(`${table.name} read`);
    preparation.add(read);
    read = null;
    onStep?.(`${table.name} prepared`);
  }
  return preparation.result();
}

/**
 * A table read and handed over, in a frame of its own: the Table that `await` gives stays in a
 * register of the frame that awaited it (alive, whole, while the frame runs on).
 */
async function readHanded(table: string, path: string): Promise<HandedTable> {
  return new HandedTable(await readTableOf(table, path));
}

/** Each table's data file. @throws DoppelError `invalid-schema` for a table without a path. */
function tablePaths(tree: RelationalTree, schemaPath: string): Map<string, string> {
  const base = dirname(schemaPath);
  return new Map(
    tree.schema.tables.map((table, t) => {
      if (!table.path)
        throw new DoppelError('invalid-schema', `table "${table.name}" names no data file`, [
          { path: ['tables', t, 'path'], message: 'add "path": the file, relative to the schema' },
        ]);
      return [table.name, resolve(base, table.path)];
    }),
  );
}

/**
 * Reads one table of a related dataset; a file that cannot be read or parsed is reported with the
 * table it holds, so the user knows which entry of the schema (or directory) to fix.
 * @throws DoppelError as readTable, its message prefixed with `table "<name>": `.
 */
export async function readTableOf(table: string, path: string): Promise<Table> {
  try {
    return await readTable(path);
  } catch (error) {
    if (!isDoppelError(error)) throw error;
    throw new DoppelError(error.code, `table "${table}": ${error.message}`, error.issues, { cause: error });
  }
}

/** Related tables with their schema's keys and order, in the shape the relational validation reads. */
export function relationalTablesOf(
  tree: RelationalTree,
  tables: ReadonlyMap<string, Table>,
): RelationalTables {
  return {
    tables,
    schemas: new Map(tree.topDown.map((table) => [table.name, keysAsIdentifiers(table)])),
    primaryKeys: new Map(
      tree.topDown.filter((t) => t.primaryKey).map((table) => [table.name, table.primaryKey as string]),
    ),
    relationships: tree.topDown.flatMap((table) =>
      table.parent
        ? [
            {
              parentTable: table.parent.table,
              parentPrimaryKey: tree.byName.get(table.parent.table)?.primaryKey as string,
              childTable: table.name,
              childForeignKey: table.parent.foreignKey,
            },
          ]
        : [],
    ),
    sequenceOrder: new Map(
      tree.topDown.filter((t) => t.parent).map((table) => [table.name, table.parent?.order ?? null]),
    ),
  };
}
