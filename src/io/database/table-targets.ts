/**
 * Where each table of a seed lands: the plan's tables (created, or mapped onto existing tables by name
 * or by the schema map) and the database tables the schema map asks to fill with generated rows.
 * For each written column, where its values come from; for the whole seed, the order to write the
 * tables in (parents first; a cycle is broken at a nullable foreign key, filled by an UPDATE after
 * every table is written).
 */
import { DoppelError } from '../../errors.js';
import type { CatalogColumn, CatalogTable } from './catalog.js';
import type { SchemaMap } from './schema-map.js';
import type { SeedForeignKey, SeedPlan, SeedTable, SqlType } from './seed-plan.js';
import { accepts } from './sql-types.js';

export type ColumnSource =
  /** Field `index` of the plan table's batches, of plan type `from`. */
  | { readonly kind: 'plan'; readonly index: number; readonly from: SqlType; readonly distinct: boolean }
  /** Faker values of the column's type; `distinct` when a unique constraint needs them distinct. */
  | { readonly kind: 'generated'; readonly distinct: boolean }
  /** Column `position` of filled foreign key `key` (an index into {@link TableTarget.keys}). */
  | { readonly kind: 'foreign-key'; readonly key: number; readonly position: number }
  /** NULL: a nullable column doppel cannot fill, or a deferred foreign key (set by a later UPDATE). */
  | { readonly kind: 'null' };

export interface TargetColumn {
  readonly name: string;
  readonly type: SqlType;
  /** The declared type, e.g. `uuid` or `character varying(40)` (the plan type when doppel creates it). */
  readonly declared: string;
  readonly maxLength: number | null;
  readonly source: ColumnSource;
}

/** A foreign key whose values doppel picks among the referenced table's rows. */
export interface FilledKey extends SeedForeignKey {
  /** The key's columns are also a primary key or unique: each parent row is used at most once. */
  readonly oneToOne: boolean;
  /** Filled by an UPDATE once every table is written (it closes a cycle). */
  deferred: boolean;
  readonly nullable: boolean;
}

export interface TableTarget {
  readonly table: string;
  /** The plan table whose batches fill it, or null for a table of generated rows. */
  readonly plan: SeedTable | null;
  /** False when doppel creates the table. */
  readonly exists: boolean;
  readonly columns: TargetColumn[];
  readonly primaryKey: readonly string[];
  /** Constraints to keep distinct (primary key and uniques), over written columns. */
  readonly uniques: readonly (readonly string[])[];
  readonly keys: FilledKey[];
  /** Foreign keys declared when doppel creates the table. */
  readonly createForeignKeys: readonly SeedForeignKey[];
  rows: number;
  /** For the summary. */
  readonly mapped: [from: string, to: string][];
  readonly leftToDatabase: string[];
  readonly notWritten: string[];
}

function mismatch(message: string, path: string[]): DoppelError {
  return new DoppelError('database-mismatch', message, [{ path, message }]);
}

/** A plan table mapped onto an existing table. */
function mapOntoExisting(
  planTable: SeedTable,
  existing: CatalogTable,
  columnMap: ReadonlyMap<string, string>,
  extraKeys: readonly SeedForeignKey[],
  allTables: ReadonlyMap<string, CatalogTable>,
): TableTarget {
  const byName = new Map(existing.columns.map((column) => [column.name, column]));
  for (const [from, to] of columnMap) {
    if (!planTable.columns.some((column) => column.name === from)) {
      throw mismatch(
        `the schema map maps column "${from}" of ${planTable.name}, which the model does not have; model columns: ${planTable.columns.map((c) => c.name).join(', ')}`,
        ['tables', planTable.name, 'columns', from],
      );
    }
    if (!byName.has(to)) {
      throw mismatch(
        `the schema map maps ${planTable.name}.${from} to column "${to}", which table ${existing.name} does not have; its columns: ${existing.columns.map((c) => c.name).join(', ')}`,
        ['tables', planTable.name, 'columns', from],
      );
    }
  }
  const fromPlan = new Map<string, number>();
  const mapped: [string, string][] = [];
  const notWritten: string[] = [];
  planTable.columns.forEach((column, index) => {
    const to = columnMap.get(column.name) ?? column.name;
    const target = byName.get(to);
    if (target === undefined || target.generated) {
      notWritten.push(column.name);
      return;
    }
    if (target.type === null || !accepts(target.type, column.type)) {
      throw mismatch(
        `table ${existing.name} exists, but its column ${to} is ${target.declared}, which cannot hold ${planTable.name}.${column.name} (${column.type}); change the column's type, map the model column elsewhere with --schema-map, or seed into a new table`,
        [existing.name, to],
      );
    }
    fromPlan.set(to, index);
    mapped.push([column.name, to]);
  });
  return targetOf(existing, planTable, fromPlan, mapped, notWritten, extraKeys, allTables);
}

/** Columns, keys and uniques of an existing table written from `fromPlan` and generated values. */
function targetOf(
  existing: CatalogTable,
  planTable: SeedTable | null,
  fromPlan: ReadonlyMap<string, number>,
  mapped: [string, string][],
  notWritten: string[],
  extraKeys: readonly SeedForeignKey[],
  allTables: ReadonlyMap<string, CatalogTable>,
): TableTarget {
  const keyedColumns = new Map<string, { key: number; position: number }>();
  const keys: FilledKey[] = [];
  const uniqueSets = [existing.primaryKey, ...existing.uniques].filter((set) => set.length > 0);
  const byName = new Map(existing.columns.map((column) => [column.name, column]));
  for (const key of [...existing.foreignKeys, ...extraKeys]) {
    // A key any of whose columns come from the plan is the plan's to fill.
    if (key.columns.some((column) => fromPlan.has(column) || keyedColumns.has(column))) continue;
    if (!allTables.has(key.table)) {
      throw mismatch(
        `relation ${existing.name}(${key.columns.join(', ')}) references table ${key.table}, which the database does not have`,
        [existing.name, ...key.columns],
      );
    }
    const index = keys.length;
    keys.push({
      ...key,
      oneToOne: uniqueSets.some(
        (set) => set.length === key.columns.length && set.every((c) => key.columns.includes(c)),
      ),
      deferred: false,
      nullable: key.columns.every((column) => byName.get(column)?.notNull === false),
    });
    key.columns.forEach((column, position) => {
      keyedColumns.set(column, { key: index, position });
    });
  }
  const columns: TargetColumn[] = [];
  const leftToDatabase: string[] = [];
  for (const column of existing.columns) {
    const planIndex = fromPlan.get(column.name);
    const key = keyedColumns.get(column.name);
    if (column.generated && planIndex === undefined) {
      leftToDatabase.push(column.name);
    } else if (planIndex !== undefined) {
      const planColumn = planTable!.columns[planIndex]!;
      columns.push(
        target(column, {
          kind: 'plan',
          index: planIndex,
          from: planColumn.type,
          distinct: planColumn.distinct,
        }),
      );
    } else if (key !== undefined) {
      columns.push(target(column, { kind: 'foreign-key', ...key }));
    } else if (column.type === null) {
      if (column.notNull && !column.hasDefault) {
        throw mismatch(
          `column ${existing.name}.${column.name} is ${column.declared} NOT NULL, which doppel cannot fill; give it a default, make it nullable, or map a model column onto it`,
          [existing.name, column.name],
        );
      }
      if (!column.hasDefault) columns.push(target(column, { kind: 'null' }));
      else leftToDatabase.push(column.name);
    } else if (column.hasDefault && !column.notNull) {
      leftToDatabase.push(column.name);
    } else {
      columns.push(target(column, { kind: 'generated', distinct: false }));
    }
  }
  // One generated column per unique constraint made distinct satisfies it by construction.
  const written = new Set(columns.map((column) => column.name));
  const uniques = uniqueSets.filter((set) => set.every((c) => written.has(c)));
  for (const set of uniques) {
    const setColumns = columns.filter((column) => set.includes(column.name));
    if (
      setColumns.some(
        (column) =>
          column.source.kind !== 'foreign-key' && 'distinct' in column.source && column.source.distinct,
      )
    )
      continue;
    const generated = setColumns.find((column) => column.source.kind === 'generated');
    if (generated !== undefined)
      (generated as { source: ColumnSource }).source = { kind: 'generated', distinct: true };
  }
  return {
    table: existing.name,
    plan: planTable,
    exists: true,
    columns,
    primaryKey: existing.primaryKey,
    uniques,
    keys,
    createForeignKeys: [],
    rows: planTable?.rows ?? 0,
    mapped,
    leftToDatabase,
    notWritten,
  };
}

function target(column: CatalogColumn, source: ColumnSource): TargetColumn {
  return {
    name: column.name,
    type: column.type as SqlType,
    declared: column.declared,
    maxLength: column.maxLength,
    source,
  };
}

/** A plan table doppel creates: every column from the plan, keys as the plan declares them. */
function created(planTable: SeedTable, name: string, tableNames: ReadonlyMap<string, string>): TableTarget {
  return {
    table: name,
    plan: planTable,
    exists: false,
    columns: planTable.columns.map((column, index) => ({
      name: column.name,
      type: column.type,
      declared: column.type,
      maxLength: null,
      source: { kind: 'plan', index, from: column.type, distinct: column.distinct },
    })),
    primaryKey: planTable.primaryKey,
    uniques: [planTable.primaryKey, ...planTable.uniques].filter((set) => set.length > 0),
    keys: [],
    createForeignKeys: planTable.foreignKeys.map((key) => ({
      ...key,
      table: tableNames.get(key.table) ?? key.table,
    })),
    rows: planTable.rows,
    mapped: planTable.columns.map((column) => [column.name, column.name]),
    leftToDatabase: [],
    notWritten: [],
  };
}

/**
 * Resolves every table of the seed against the database's catalog and orders them.
 * @throws DoppelError `database-mismatch` for a mapping to a missing table or column, an existing
 * column that cannot hold the model's values, or a cycle of NOT NULL foreign keys.
 */
export function resolveTargets(
  plan: SeedPlan,
  catalog: ReadonlyMap<string, CatalogTable>,
  schemaMap: SchemaMap,
  defaultRows: number,
): TableTarget[] {
  const planNames = new Set(plan.tables.map((table) => table.name));
  const tableNames = new Map(
    plan.tables.map((table) => [table.name, schemaMap.tables.get(table.name)?.table ?? table.name]),
  );
  const relationsOf = (table: string) => schemaMap.relations.filter((relation) => relation.from === table);
  const targets: TableTarget[] = [];
  for (const planTable of plan.tables) {
    const name = tableNames.get(planTable.name) as string;
    const existing = catalog.get(name);
    const entry = schemaMap.tables.get(planTable.name);
    if (existing === undefined) {
      if (entry?.table !== undefined && entry.table !== planTable.name) {
        throw mismatch(
          `the schema map puts ${planTable.name} into table ${name}, which the database does not have`,
          ['tables', planTable.name, 'table'],
        );
      }
      targets.push(created(planTable, name, tableNames));
    } else {
      targets.push(
        mapOntoExisting(planTable, existing, entry?.columns ?? new Map(), relationsOf(name), catalog),
      );
    }
  }
  for (const [key, entry] of schemaMap.tables) {
    if (planNames.has(key)) continue;
    const existing = catalog.get(entry.table);
    if (existing === undefined) {
      throw mismatch(
        `the schema map names table ${entry.table}, which is neither a table of the model (${[...planNames].join(', ')}) nor of the database`,
        ['tables', key],
      );
    }
    if (entry.columns.size > 0) {
      throw mismatch(
        `the schema map maps columns of ${key}, which is not a table of the model; only model tables have columns to map`,
        ['tables', key, 'columns'],
      );
    }
    const generated = targetOf(existing, null, new Map(), [], [], relationsOf(entry.table), catalog);
    generated.rows = entry.rows ?? defaultRows;
    targets.push(generated);
  }
  return orderTargets(targets);
}

/**
 * Parents before children. When no table is ready, a nullable filled key inside the remaining tables
 * is deferred (written NULL, then updated) and the sort goes on.
 */
function orderTargets(targets: TableTarget[]): TableTarget[] {
  const remaining = new Map(targets.map((target) => [target.table, target]));
  const ordered: TableTarget[] = [];
  const parentsOf = (target: TableTarget) => [
    ...target.keys.filter((key) => !key.deferred).map((key) => key.table),
    ...target.createForeignKeys.map((key) => key.table),
  ];
  while (remaining.size > 0) {
    const ready = [...remaining.values()].find((target) =>
      parentsOf(target).every((parent) => parent === target.table || !remaining.has(parent)),
    );
    if (ready !== undefined) {
      ordered.push(ready);
      remaining.delete(ready.table);
      continue;
    }
    const breakable = [...remaining.values()].flatMap((target) =>
      target.keys
        .filter((key) => !key.deferred && key.nullable && remaining.has(key.table))
        .map((key) => ({ target, key })),
    );
    if (breakable.length === 0) {
      throw mismatch(
        `tables ${[...remaining.keys()].join(', ')} reference each other through NOT NULL foreign keys only, so no insert order exists; make one of those foreign keys nullable or deferrable`,
        [...remaining.keys()],
      );
    }
    for (const { target, key } of breakable.slice(0, 1)) {
      key.deferred = true;
      for (const column of target.columns) {
        if (column.source.kind === 'foreign-key' && target.keys[column.source.key] === key) {
          (column as { source: ColumnSource }).source = { kind: 'null' };
        }
      }
    }
  }
  // A self-reference is filled after its own rows exist.
  for (const target of ordered) {
    for (const key of target.keys) {
      if (key.table === target.table && !key.deferred) {
        if (!key.nullable) {
          throw mismatch(
            `${target.table}(${key.columns.join(', ')}) references its own table and is NOT NULL: make it nullable so its first rows can be written`,
            [target.table],
          );
        }
        key.deferred = true;
        for (const column of target.columns) {
          if (column.source.kind === 'foreign-key' && target.keys[column.source.key] === key) {
            (column as { source: ColumnSource }).source = { kind: 'null' };
          }
        }
      }
    }
  }
  return ordered;
}
