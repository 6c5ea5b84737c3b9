/**
 * The relational fit: related tables in, a relational model out (relational-model-format.ts).
 * Everything that is true of a customer is true of the customer with all their events: consent and
 * its cascade (prepare-relational.ts), the k rule counting customers, the summaries that put each
 * customer's behaviour into their copula.
 */
import { DoppelError } from '../../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import type { PreparedRelational, PreparedRelationalTable } from '../../schema/prepare-relational.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { VERSION } from '../../version.js';
import { type FitOptions, fitPrepared, resolveFitOptions } from '../fit.js';
import { OTHER_LABEL } from '../fit-categorical.js';
import { MODEL_FORMAT, type Model } from '../model-format.js';
import { behaviourSummaries, summaryName } from './behaviour-summaries.js';
import { EVENT, PARENT, PREVIOUS, REPEAT } from './child-column-prefixes.js';
import {
  RELATIONAL_MODEL_FORMAT_VERSION,
  type RelationalModel,
  type RelationalTableModel,
} from './relational-model-format.js';

export { EVENT, PARENT, PREVIOUS, REPEAT };

interface Augmented {
  readonly table: PreparedRelationalTable;
  readonly prepared: PreparedTable;
  readonly schema: DatasetSchema;
  /** The count column of each child, in this table's (augmented) columns. */
}

/**
 * Fits a relational model: each child table's behaviour summaries join its parent's columns
 * (behaviour-summaries.ts); the root's table model is fitted on its columns and summaries; each child
 * table gets a conditional copula of its events given the previous event and the parent row.
 * Categories of event tables held by fewer than k customers are merged (or dropped) before any fit,
 * so the k rule counts customers, not events.
 * @throws DoppelError `usage` (bad options; `epsilon`, not yet available for related tables),
 * `schema-mismatch` (as the single-table fit, or a child column that cannot be generated).
 */
export function fitRelational(data: PreparedRelational, options: FitOptions = {}): RelationalModel {
  const root = data.tables[0]!;
  if (options.epsilon !== undefined)
    throw new DoppelError(
      'usage',
      '--epsilon is not yet available for related tables: fit the customer table alone with --epsilon, or drop the flag',
    );
  const resolved = resolveFitOptions(root.schema, options);
  const fitOptions: FitOptions = { seed: resolved.seed, minCount: resolved.minCount };
  const rootOf = rootRows(data);
  for (const table of data.tables.slice(1)) requireGeneratedColumnsSupported(table);
  const kRuled = new Map(
    data.tables.map((table) => [
      table.spec.name,
      table.parentRow === null
        ? table.prepared
        : rareCategoriesByCustomer(
            table.prepared,
            rootOf.get(table.spec.name)!,
            resolved.minCount,
            resolved.rareCategories,
          ),
    ]),
  );
  const augmented = new Map<string, Augmented>();
  for (const table of data.tables) {
    const own = kRuled.get(table.spec.name)!;
    const extra: PreparedColumn[] = [];
    for (const child of data.tree.children.get(table.spec.name) ?? []) {
      const childTable = data.byName.get(child.name)!;
      extra.push(
        ...behaviourSummaries(child.name, kRuled.get(child.name)!, childTable.parentRow!, own.rowCount),
      );
    }
    const names = new Set(own.columns.map((c) => c.spec.name));
    for (const column of extra) {
      if (names.has(column.spec.name))
        throw new DoppelError(
          'schema-mismatch',
          `table "${table.spec.name}": column "${column.spec.name}" has the name of a behaviour summary doppel adds; rename it`,
        );
    }
    augmented.set(table.spec.name, {
      table,
      prepared: { ...own, columns: [...own.columns, ...extra] },
      schema: { ...table.schema, columns: [...table.schema.columns, ...extra.map((c) => c.spec)] },
    });
  }
  const rootAugmented = augmented.get(root.spec.name)!;
  const fitted = new Map<string, Model>();
  fitted.set(root.spec.name, fitPrepared(rootAugmented.prepared, rootAugmented.schema, fitOptions));
  const tables: RelationalTableModel[] = [tableModel(root, fitted.get(root.spec.name)!, null)];
  for (const table of data.tables.slice(1)) {
    const parentName = table.spec.parent!.table;
    const parent = augmented.get(parentName)!;
    const events = eventTable(augmented.get(table.spec.name)!, parent, resolved.minCount);
    const model = fitPrepared(events.prepared, events.schema, fitOptions);
    fitted.set(table.spec.name, model);
    const parentModel = fitted.get(parentName);
    const countName = summaryName.count(table.spec.name);
    const countColumn = parentModel?.columns.find(
      (c) => c.name === (parentName === root.spec.name ? countName : `${EVENT}${countName}`),
    );
    if (countColumn?.kind !== 'integer')
      throw new Error(`fitRelational: the parent model lacks the count of "${table.spec.name}"`);
    tables.push(
      tableModel(table, model, {
        table: parentName,
        foreignKey: table.spec.parent!.foreignKey,
        order: table.spec.parent!.order,
        count: countColumn.name,
        maxEvents: Math.max(0, Math.round(countColumn.cdf.values[countColumn.cdf.values.length - 1]!)),
        previous: events.previous,
        eventsUsed: events.prepared.rowCount,
      }),
    );
  }
  const rootModel = fitted.get(root.spec.name)!;
  return {
    format: MODEL_FORMAT,
    formatVersion: RELATIONAL_MODEL_FORMAT_VERSION,
    kind: 'relational',
    generator: { name: 'doppel', version: VERSION },
    dataset:
      data.tree.schema.description === undefined
        ? { name: data.tree.schema.name }
        : { name: data.tree.schema.name, description: data.tree.schema.description },
    root: root.spec.name,
    fit: {
      customersRead: rootModel.fit.rowsRead,
      customersUsed: rootModel.fit.rowsUsed,
      customersDroppedByConsent: rootModel.fit.rowsDroppedByConsent,
      minCount: resolved.minCount,
    },
    privacy: { differentialPrivacy: false },
    tables,
  };
}

function tableModel(
  table: PreparedRelationalTable,
  model: Model,
  parent: RelationalTableModel['parent'],
): RelationalTableModel {
  return {
    name: table.spec.name,
    columns: table.schema.columns.map((c) => c.name),
    primaryKey: table.spec.primaryKey ?? null,
    parent,
    model,
  };
}

/** A child table may hold its keys and modelled columns; other generated columns are not drawn yet. */
function requireGeneratedColumnsSupported(table: PreparedRelationalTable): void {
  const keys = new Set([table.spec.primaryKey, table.spec.parent?.foreignKey]);
  for (const column of table.schema.columns) {
    if (roleOf(column) === 'identifier' && !keys.has(column.name))
      throw new DoppelError(
        'schema-mismatch',
        `table "${table.spec.name}", column "${column.name}": identifier and personal columns other than the keys are not yet generated in child tables; remove it from the schema`,
        [{ path: [table.spec.name, column.name], message: 'not supported in a child table' }],
      );
  }
}

/** Each table's rows → the root row (customer) they belong to. */
function rootRows(data: PreparedRelational): Map<string, Int32Array> {
  const out = new Map<string, Int32Array>();
  for (const table of data.tables) {
    if (table.parentRow === null) {
      out.set(
        table.spec.name,
        Int32Array.from({ length: table.prepared.rowCount }, (_, i) => i),
      );
      continue;
    }
    const parentRoot = out.get(table.spec.parent!.table)!;
    out.set(
      table.spec.name,
      Int32Array.from(table.parentRow, (p) => parentRoot[p]!),
    );
  }
  return out;
}

/**
 * The k rule counted in customers: a category of an event column held by fewer than k distinct
 * customers becomes the "(other)" bucket (or missing, with rareCategories "drop"), however many
 * events carry it.
 */
function rareCategoriesByCustomer(
  prepared: PreparedTable,
  customerOf: Int32Array,
  k: number,
  action: 'merge' | 'drop',
): PreparedTable {
  const columns = prepared.columns.map((column): PreparedColumn => {
    if (column.type !== 'label' || column.spec.kind !== 'categorical') return column;
    const holders = new Map<string, Set<number>>();
    column.values.forEach((v, i) => {
      if (v === null) return;
      let set = holders.get(v);
      if (!set) holders.set(v, (set = new Set()));
      set.add(customerOf[i]!);
    });
    const rare = new Set([...holders].filter(([, set]) => set.size < k).map(([v]) => v));
    if (rare.size === 0) return column;
    const replacement = action === 'drop' ? null : OTHER_LABEL;
    return { ...column, values: column.values.map((v) => (v !== null && rare.has(v) ? replacement : v)) };
  });
  return { ...prepared, columns };
}

/**
 * The table a child's conditional copula is fitted on: one row per event that has a previous event
 * of the same parent (or every event, when fewer than k do), with the event's columns, whether it
 * repeats the previous category, the previous event's columns, and its parent row's columns (those
 * never missing for parents with events: the sampler conditions on every one).
 */
function eventTable(
  child: Augmented,
  parent: Augmented,
  minCount: number,
): { prepared: PreparedTable; schema: DatasetSchema; previous: boolean } {
  const parentRow = child.table.parentRow!;
  const n = child.prepared.rowCount;
  const withPrevious: number[] = [];
  for (let i = 1; i < n; i++) if (parentRow[i - 1] === parentRow[i]) withPrevious.push(i);
  const previous = withPrevious.length >= Math.max(minCount, 2);
  const rows = previous ? withPrevious : Array.from({ length: n }, (_, i) => i);
  const modelled = child.prepared.columns.filter((c) => roleOf(c.spec) === 'modelled');
  const columns: PreparedColumn[] = [];
  const renamed = (column: PreparedColumn, name: string): ColumnSpec => ({ ...column.spec, name });
  const pick = (column: PreparedColumn, at: (i: number) => number, name: string): PreparedColumn =>
    column.type === 'number'
      ? {
          type: 'number',
          spec: renamed(column, name),
          values: Float64Array.from(rows, (r) => column.values[at(r)]!),
        }
      : { type: 'label', spec: renamed(column, name), values: rows.map((r) => column.values[at(r)] ?? null) };
  for (const column of modelled) columns.push(pick(column, (r) => r, `${EVENT}${column.spec.name}`));
  if (previous) {
    for (const column of modelled) {
      if (column.spec.kind !== 'categorical' || column.type !== 'label') continue;
      columns.push({
        type: 'label',
        spec: { name: `${REPEAT}${column.spec.name}`, kind: 'boolean' },
        values: rows.map((r) => {
          const now = column.values[r];
          const before = column.values[r - 1];
          return now === null || before === null ? null : now === before ? 'true' : 'false';
        }),
      });
    }
    for (const column of modelled) columns.push(pick(column, (r) => r - 1, `${PREVIOUS}${column.spec.name}`));
  }
  const ownRepeat = new Map(
    modelled
      .filter((c) => c.spec.kind === 'categorical')
      .map((c) => [summaryName.repeat(child.table.spec.name, c.spec.name), c] as const),
  );
  for (const column of parent.prepared.columns) {
    if (roleOf(column.spec) !== 'modelled') continue;
    const own = ownRepeat.get(column.spec.name);
    const values =
      own && previous
        ? leaveOneOutRepeatShare(own, parentRow, rows, `${PARENT}${column.spec.name}`, column.spec)
        : pick(column, (r) => parentRow[r]!, `${PARENT}${column.spec.name}`);
    const anyMissing =
      values.type === 'number' ? values.values.some(Number.isNaN) : values.values.some((v) => v === null);
    if (!anyMissing) columns.push(values);
  }
  return {
    prepared: { rowCount: rows.length, rowsRead: n, rowsDroppedByConsent: 0, columns },
    schema: {
      name: `${child.table.spec.name} events`,
      columns: columns.map((c) => c.spec),
      model: { stratifyBy: null },
      privacy: { minCount, rareCategories: 'merge' },
    },
    previous,
  };
}

/**
 * The parent's share of repeated categories seen from one event: over the parent's other consecutive
 * pairs (leave one out). With the event's own pair inside, the share would partly be the event itself,
 * and conditioning on it would make sampled histories far more loyal or disloyal than real ones
 * (their shares are drawn first, then the events). A parent with no other pair gets the overall share.
 */
function leaveOneOutRepeatShare(
  column: PreparedColumn,
  parentRow: Int32Array,
  rows: readonly number[],
  name: string,
  spec: ColumnSpec,
): PreparedColumn {
  const values = column.values as readonly (string | null)[];
  const same = new Map<number, number>();
  const pairs = new Map<number, number>();
  let allSame = 0;
  let allPairs = 0;
  const ownPair = (r: number) =>
    r > 0 && parentRow[r - 1] === parentRow[r] && values[r] !== null && values[r - 1] !== null
      ? values[r] === values[r - 1]
        ? 1
        : 0
      : -1;
  for (let r = 1; r < values.length; r++) {
    const own = ownPair(r);
    if (own < 0) continue;
    const p = parentRow[r]!;
    same.set(p, (same.get(p) ?? 0) + own);
    pairs.set(p, (pairs.get(p) ?? 0) + 1);
    allSame += own;
    allPairs++;
  }
  const overall = allPairs > 0 ? allSame / allPairs : 0;
  const out = Float64Array.from(rows, (r) => {
    const p = parentRow[r]!;
    const own = ownPair(r);
    const n = (pairs.get(p) ?? 0) - (own < 0 ? 0 : 1);
    return n > 0 ? ((same.get(p) ?? 0) - Math.max(own, 0)) / n : overall;
  });
  return { type: 'number', spec: { ...spec, name }, values: out };
}
