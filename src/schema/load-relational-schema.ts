import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod, parseDatasetSchema } from './load-schema.js';
import {
  type RelationalSchema,
  type RelationalTableSchema,
  relationalSchemaSchema,
  tableDatasetSchema,
} from './relational-schema.js';

/** A checked relational schema with its tree: the root, and each table's children in schema order. */
export interface RelationalTree {
  readonly schema: RelationalSchema;
  readonly root: RelationalTableSchema;
  readonly byName: ReadonlyMap<string, RelationalTableSchema>;
  readonly children: ReadonlyMap<string, readonly RelationalTableSchema[]>;
  /** Tables parents first (the root, then its children, their children, …). */
  readonly topDown: readonly RelationalTableSchema[];
}

function issue(path: (string | number)[], message: string): DoppelIssue {
  return { path, message };
}

/**
 * Checks a parsed JSON value as a relational schema: the format, each table as a single-table schema,
 * and the tree: unique table names, exactly one root, parents that exist, no cycle, key and order
 * columns listed among the table's columns, consent only on the root (it cascades to descendants).
 * @throws DoppelError `invalid-schema` naming the table and column of every problem.
 */
export function parseRelationalSchema(value: unknown, source = 'schema'): RelationalTree {
  const parsed = relationalSchemaSchema.safeParse(value);
  if (!parsed.success) {
    throw new DoppelError(
      'invalid-schema',
      `${source} is not a valid relational schema`,
      issuesFromZod(parsed.error),
    );
  }
  const schema = parsed.data;
  const issues: DoppelIssue[] = [];
  const byName = new Map<string, RelationalTableSchema>();
  schema.tables.forEach((table, t) => {
    if (byName.has(table.name))
      issues.push(issue(['tables', t, 'name'], `table "${table.name}" is listed twice`));
    byName.set(table.name, table);
    try {
      parseDatasetSchema(tableDatasetSchema(table), `table "${table.name}"`);
    } catch (error) {
      if (!(error instanceof DoppelError)) throw error;
      for (const inner of error.issues) issues.push(issue(['tables', t, ...inner.path], inner.message));
    }
    const names = new Set(table.columns.map((c) => c.name));
    const needColumn = (column: string, field: (string | number)[], what: string) => {
      if (!names.has(column))
        issues.push(
          issue(
            ['tables', t, ...field],
            `table "${table.name}": ${what} "${column}" is not one of its columns`,
          ),
        );
    };
    if (table.primaryKey) needColumn(table.primaryKey, ['primaryKey'], 'primary key');
    if (table.parent) {
      needColumn(table.parent.foreignKey, ['parent', 'foreignKey'], 'foreign key');
      if (table.parent.order !== null) needColumn(table.parent.order, ['parent', 'order'], 'order column');
      const parent = schema.tables.find((p) => p.name === table.parent?.table);
      if (!parent) {
        issues.push(
          issue(
            ['tables', t, 'parent', 'table'],
            `table "${table.name}": parent table "${table.parent.table}" is not in the schema`,
          ),
        );
      } else if (!parent.primaryKey) {
        issues.push(
          issue(
            ['tables', t, 'parent', 'table'],
            `table "${table.name}": parent table "${parent.name}" needs a primaryKey for column "${table.parent.foreignKey}" to refer to`,
          ),
        );
      }
      if (table.consent)
        issues.push(
          issue(
            ['tables', t, 'consent'],
            `table "${table.name}": consent belongs on the root table; it cascades to every descendant`,
          ),
        );
    }
  });
  const roots = schema.tables.filter((table) => !table.parent);
  if (roots.length !== 1) {
    issues.push(
      issue(
        ['tables'],
        roots.length === 0
          ? 'no root table: exactly one table (the customer) must have no parent'
          : `${roots.length} root tables (${roots.map((r) => `"${r.name}"`).join(', ')}): exactly one table may have no parent`,
      ),
    );
  }
  if (issues.length > 0)
    throw new DoppelError('invalid-schema', `${source} is not a valid relational schema`, issues);
  const root = roots[0]!;
  const children = new Map<string, RelationalTableSchema[]>(schema.tables.map((table) => [table.name, []]));
  for (const table of schema.tables) if (table.parent) children.get(table.parent.table)!.push(table);
  const topDown: RelationalTableSchema[] = [];
  const visit = (table: RelationalTableSchema) => {
    topDown.push(table);
    for (const child of children.get(table.name)!) visit(child);
  };
  visit(root);
  if (topDown.length !== schema.tables.length) {
    const reached = new Set(topDown.map((table) => table.name));
    const cycle = schema.tables.filter((table) => !reached.has(table.name));
    throw new DoppelError(
      'invalid-schema',
      `${source} is not a valid relational schema`,
      cycle.map((table) =>
        issue(
          ['tables', schema.tables.indexOf(table), 'parent', 'table'],
          `table "${table.name}" (foreign key "${table.parent?.foreignKey}") is part of a cycle of parents never reaching the root "${root.name}"`,
        ),
      ),
    );
  }
  return { schema, root, byName, children, topDown };
}

/**
 * Reads and checks a relational schema file.
 * @throws DoppelError `file-not-found` or `invalid-schema`.
 */
export async function loadRelationalSchema(path: string): Promise<RelationalTree> {
  const json = await readJsonFile(path, 'schema file', 'invalid-schema');
  return parseRelationalSchema(json, `schema file ${path}`);
}
