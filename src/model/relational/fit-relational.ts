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
import { distinctOwnersByCode } from '../holders.js';
import { codeLabels } from '../label-codes.js';
import { MODEL_FORMAT, type Model } from '../model-format.js';
import { type BatchedTable, materialized } from '../partial/batched-table.js';
import { behaviourSummaries, summaryName } from './behaviour-summaries.js';
import { DEFAULT_EVENTS_PER_PARENT, rowsPerCustomer, rowsUnderCap } from './cap-events.js';
import { EVENT, PARENT, PREVIOUS, REPEAT } from './child-column-prefixes.js';
import { type Augmented, eventTable } from './event-table.js';
import { timedOrderColumn, timingSummaries } from './event-timing.js';
import { DELTA, evolvingColumns, firstValueSummaries } from './evolving-columns.js';
import { firstEventColumns } from './first-events.js';
import { fitEventsModel } from './fit-events-model.js';
import { type PlannedTable, planPrivateRelationalFit } from './private-relational.js';
import {
  RELATIONAL_MODEL_FORMAT_VERSION,
  type RelationalModel,
  type RelationalTableModel,
} from './relational-model-format.js';

export { EVENT, PARENT, PREVIOUS, REPEAT };

/** Options of a relational fit. */
export interface RelationalFitOptions extends FitOptions {
  /**
   * With `epsilon`: the contribution bound, how many child rows of each parent row (the first, in
   * event order) the private fit uses (default {@link DEFAULT_EVENTS_PER_PARENT}). Ignored without.
   */
  readonly eventsPerParent?: number;
  /**
   * Plain fits: fit each event table's copula from pair sums over batches of events (true), from
   * every event's scores at once (false), or the former from 200,000 events (undefined; see
   * fit-events-model.ts).
   */
  readonly stream?: boolean;
  /** @internal Events per batch of a streamed events fit (tests: many batches on small data). */
  readonly eventBatchRows?: number;
}

/** Fits one event table: its name, its rows (computed when read), their schema, and each row's customer. */
type TableFitter = (name: string, table: BatchedTable, schema: DatasetSchema, owners: Int32Array) => Model;

/**
 * Fits a relational model: each child table's behaviour summaries join its parent's columns
 * (behaviour-summaries.ts); the root's table model is fitted on its columns and summaries; each child
 * table gets a conditional copula of its events given the previous event and the parent row.
 * The k rule counts customers: categories of event tables held by fewer than k customers are merged
 * (or dropped) before any fit, and every statistic of an event table's copula (categories, atoms,
 * knots, ends, missing rates) is held by k customers, however many events carry it (holders.ts).
 *
 * With `epsilon`, the fit is differentially private with the customer and all their rows as the
 * unit: each parent row's first `eventsPerParent` child rows are used (cap-events.ts), every table's
 * statistics are released through one shared budget with sensitivities multiplied by the most rows
 * one customer can own in it, values are clipped to privately released ranges by the single-table
 * private fit (dp/fit-private.ts), and the model's `privacy` holds the whole ledger and the bound
 * (private-relational.ts). Summaries of the root are functions of one customer's rows, so they are
 * computed from all of them.
 * Identifier, personal and free-text columns of child tables (other than the keys) are generated as
 * in a single table: described from the schema, never read.
 * @throws DoppelError `usage` (bad options), `schema-mismatch` (as the single-table fit).
 */
export function fitRelational(data: PreparedRelational, options: RelationalFitOptions = {}): RelationalModel {
  const root = data.tables[0]!;
  const resolved = resolveFitOptions(root.schema, options);
  const isPrivate = resolved.privacy !== null;
  const rootOf = rootRows(data);
  // The plain fit's k rule by customer merges categories before summaries; a private fit may not
  // look at exact counts (its noisy thresholds count in customers instead, private-relational.ts).
  const kRuled = new Map(
    data.tables.map((table) => [
      table.spec.name,
      table.parentRow === null || isPrivate
        ? table.prepared
        : rareCategoriesByCustomer(
            table.prepared,
            rootOf.get(table.spec.name)!,
            resolved.minCount,
            resolved.rareCategories,
          ),
    ]),
  );
  // Which event columns evolve is decided from exact values, so a private fit models none of them
  // but a timed order column (event-timing.ts), which the schema decides: always a first time plus gaps.
  const timed = new Map(
    data.tables
      .slice(1)
      .map((table) => [table.spec.name, timedOrderColumn(table.spec.parent!.order, table.prepared)]),
  );
  const evolving = new Map(
    data.tables.slice(1).map((table) => {
      const order = timed.get(table.spec.name) ?? null;
      const found = isPrivate
        ? []
        : evolvingColumns(kRuled.get(table.spec.name)!, table.parentRow!, resolved.minCount);
      return [table.spec.name, order === null || found.includes(order) ? found : [order, ...found]];
    }),
  );
  // Columns that start from a first value in the parent's copula: the evolving ones, and those whose
  // first events differ from the later ones (first-events.ts; exact values too, so not in a private fit).
  const startFromFirst = new Map(
    data.tables.slice(1).map((table) => {
      const own = evolving.get(table.spec.name)!;
      const differing = isPrivate
        ? []
        : firstEventColumns(kRuled.get(table.spec.name)!, table.parentRow!, own, resolved.minCount);
      return [table.spec.name, [...own, ...differing]];
    }),
  );
  const augmented = augmentWithSummaries(data, kRuled, startFromFirst, timed);
  const eventsPerParent = options.eventsPerParent ?? DEFAULT_EVENTS_PER_PARENT;
  const used = isPrivate ? rowsUnderCap(data, eventsPerParent) : null;
  const privateFit =
    resolved.privacy === null
      ? null
      : planPrivateRelationalFit(
          plannedTables(data, augmented, rowsPerCustomer(data, eventsPerParent), timed),
          { ...resolved, privacy: resolved.privacy },
          eventsPerParent,
        );
  const fitTable: TableFitter =
    privateFit === null
      ? (_name, table, schema, owners) =>
          fitEventsModel(table, schema, owners, {
            seed: resolved.seed,
            minCount: resolved.minCount,
            ...(options.stream === undefined ? {} : { stream: options.stream }),
            ...(options.eventBatchRows === undefined ? {} : { batchRows: options.eventBatchRows }),
          })
      : (name, table, schema) => privateFit.fitTable(name, materialized(table), schema);

  const rootAugmented = augmented.get(root.spec.name)!;
  const fitted = new Map<string, Model>();
  fitted.set(
    root.spec.name,
    privateFit === null
      ? fitPrepared(rootAugmented.prepared, rootAugmented.schema, {
          seed: resolved.seed,
          minCount: resolved.minCount,
        })
      : privateFit.fitTable(root.spec.name, rootAugmented.prepared, rootAugmented.schema),
  );
  const tables: RelationalTableModel[] = [tableModel(root, fitted.get(root.spec.name)!, null)];
  for (const table of data.tables.slice(1)) {
    const parentName = table.spec.parent!.table;
    const parent = augmented.get(parentName)!;
    const parentModel = fitted.get(parentName)!;
    const events = eventTable(augmented.get(table.spec.name)!, parent, rootOf.get(table.spec.name)!, {
      minCount: resolved.minCount,
      used: used?.get(table.spec.name) ?? null,
      evolving: evolving.get(table.spec.name)!,
      order: timed.get(table.spec.name) ?? null,
      firstOnly: startFromFirst
        .get(table.spec.name)!
        .filter((c) => !evolving.get(table.spec.name)!.includes(c)),
      // A private fit decides from released values only: the parent's columns its model says are
      // never missing, and always the previous event.
      parentColumn: isPrivate
        ? (name) => {
            const column = parentModel.columns.find((c) => c.name === name);
            return column !== undefined && 'missingRate' in column && column.missingRate === 0;
          }
        : null,
    });
    const model = fitTable(table.spec.name, events.table, events.schema, events.owners);
    fitted.set(table.spec.name, model);
    const countName = summaryName.count(table.spec.name);
    const countColumn = parentModel.columns.find(
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
        // A private fit's events model describes a parent's first eventsPerParent events only, and
        // the top of a noisy count marginal can be anywhere: histories end at the bound.
        maxEvents: Math.max(
          0,
          Math.min(
            Math.round(countColumn.cdf.values[countColumn.cdf.values.length - 1]!),
            isPrivate ? eventsPerParent : Number.POSITIVE_INFINITY,
          ),
        ),
        previous: events.previous,
        // The private fit's own (noisy) count of the rows it used, never the exact one.
        eventsUsed: isPrivate ? model.fit.rowsUsed : events.table.rowCount,
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
    privacy: privateFit === null ? { differentialPrivacy: false } : privateFit.privacy(),
    tables,
  };
}

/** Each table with its children's behaviour summaries as extra columns. */
function augmentWithSummaries(
  data: PreparedRelational,
  kRuled: ReadonlyMap<string, PreparedTable>,
  startFromFirst: ReadonlyMap<string, readonly string[]>,
  timed: ReadonlyMap<string, string | null>,
): Map<string, Augmented> {
  const augmented = new Map<string, Augmented>();
  for (const table of data.tables) {
    const own = kRuled.get(table.spec.name)!;
    const extra: PreparedColumn[] = [];
    for (const child of data.tree.children.get(table.spec.name) ?? []) {
      const childTable = data.byName.get(child.name)!;
      extra.push(
        ...behaviourSummaries(child.name, kRuled.get(child.name)!, childTable.parentRow!, own.rowCount),
        ...firstValueSummaries(
          child.name,
          kRuled.get(child.name)!,
          childTable.parentRow!,
          own.rowCount,
          startFromFirst.get(child.name)!,
        ),
      );
      const order = timed.get(child.name) ?? null;
      if (order !== null)
        extra.push(
          ...timingSummaries(child.name, kRuled.get(child.name)!, childTable.parentRow!, own.rowCount, order),
        );
    }
    const names = new Set(table.schema.columns.map((c) => c.name));
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
  return augmented;
}

/**
 * The tables a private fit will fit, with every column each may get: the root with its summaries;
 * a child's events with their own, repeat, previous and parent columns (a schema-determined upper
 * bound, so the budget split is public).
 */
function plannedTables(
  data: PreparedRelational,
  augmented: ReadonlyMap<string, Augmented>,
  rows: ReadonlyMap<string, number>,
  timed: ReadonlyMap<string, string | null>,
): PlannedTable[] {
  return data.tables.map((table) => {
    const own = augmented.get(table.spec.name)!.schema.columns;
    if (table.parentRow === null) return { name: table.spec.name, columns: own, rowsPerCustomer: 1 };
    const modelled = own.filter((c) => roleOf(c) === 'modelled');
    const parent = augmented
      .get(table.spec.parent!.table)!
      .schema.columns.filter((c) => roleOf(c) === 'modelled');
    const columns: ColumnSpec[] = [
      ...modelled.map((c) => ({ ...c, name: `${EVENT}${c.name}` })),
      ...modelled
        .filter((c) => c.kind === 'categorical')
        .map((c): ColumnSpec => ({ name: `${REPEAT}${c.name}`, kind: 'boolean' })),
      ...modelled.map((c) => ({ ...c, name: `${PREVIOUS}${c.name}` })),
      ...parent.map((c) => ({ ...c, name: `${PARENT}${c.name}` })),
    ];
    // A timed order column's gaps (event-timing.ts): one more column, known from the schema.
    const order = timed.get(table.spec.name) ?? null;
    if (order !== null) columns.push({ name: `${DELTA}${order}`, kind: 'numeric' });
    return { name: table.spec.name, columns, rowsPerCustomer: rows.get(table.spec.name)! };
  });
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
    const codeOf = new Map<string, number>();
    const codes = codeLabels(column.values, codeOf);
    const labels = [...codeOf.keys()];
    const holders = distinctOwnersByCode(codes, labels.length, customerOf);
    const rare = new Set(labels.filter((_, code) => holders[code]! < k));
    if (rare.size === 0) return column;
    const replacement = action === 'drop' ? null : OTHER_LABEL;
    return { ...column, values: column.values.map((v) => (v !== null && rare.has(v) ? replacement : v)) };
  });
  return { ...prepared, columns };
}
