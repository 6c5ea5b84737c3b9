/**
 * The table a child's conditional copula is fitted on, one row per event (events of one parent
 * next to each other, in event order), its ≈50 columns computed from the raw events and per-parent
 * summaries when a range of rows is read (partial/batched-table.ts). A large fit sums it batch by
 * batch and never holds it whole (on 8.6 M margarine purchases, 47 columns: 3.2 GB of values);
 * only the raw event columns, the parents' columns and summaries, and the rows' indices are held.
 */
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import type { PreparedRelationalTable } from '../../schema/prepare-relational.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import type { BatchedColumn, BatchedTable } from '../partial/batched-table.js';
import { OWNED_BATCH_ROWS } from '../partial/owned-batch-fit.js';
import { summaryName } from './behaviour-summaries.js';
import { EVENT, PARENT, PREVIOUS, REPEAT } from './child-column-prefixes.js';
import { changeColumn, firstValueName } from './evolving-columns.js';
import { scoreChangeColumn, scoreChangeColumns } from './score-changes.js';

/** A table of a relational fit with its children's behaviour summaries as extra columns. */
export interface Augmented {
  readonly table: PreparedRelationalTable;
  readonly prepared: PreparedTable;
  readonly schema: DatasetSchema;
}

export interface EventTableOptions {
  readonly minCount: number;
  /** Rows under the private fit's contribution bound (null: all); a private fit always conditions on the previous event. */
  readonly used: Uint8Array | null;
  /** Which parent columns to condition on (null: those never missing for parents with events). */
  readonly parentColumn: ((name: string) => boolean) | null;
  /** Event columns modelled as the previous value plus a change (evolving-columns.ts). */
  readonly evolving: readonly string[];
  /** The table's timed order column (event-timing.ts): its gaps stay changes in its units. */
  readonly order: string | null;
  /** Non-evolving columns whose first event takes the parent's first value (first-events.ts). */
  readonly firstOnly: readonly string[];
}

export interface EventTable {
  readonly table: BatchedTable;
  readonly schema: DatasetSchema;
  /** Whether rows are the events with a previous event (and carry its columns). */
  readonly previous: boolean;
  /** Each row's customer (the k rule's unit). */
  readonly owners: Int32Array;
}

/** The indices i in [from, n) with test(i), ascending. */
function indicesWhere(from: number, n: number, test: (i: number) => boolean): Int32Array {
  let count = 0;
  for (let i = from; i < n; i++) if (test(i)) count++;
  const out = new Int32Array(count);
  for (let i = from, at = 0; i < n; i++) if (test(i)) out[at++] = i;
  return out;
}

/** Whether any row of a column is missing, read one batch at a time. */
function anyMissing(column: BatchedColumn, rowCount: number): boolean {
  for (let from = 0; from < rowCount; from += OWNED_BATCH_ROWS) {
    const to = Math.min(rowCount, from + OWNED_BATCH_ROWS);
    if (
      column.type === 'number'
        ? column.read(from, to).some(Number.isNaN)
        : column.read(from, to).includes(null)
    )
      return true;
  }
  return false;
}

/**
 * The table a child's conditional copula is fitted on: one row per event that has a previous event
 * of the same parent (or every event, when fewer than k do), and each row's customer (the k rule's
 * unit), with the event's columns, whether it repeats the previous category, the previous event's
 * columns, and its parent row's columns (those never missing for parents with events: the sampler
 * conditions on every one). Columns are computed when read (see the module comment).
 */
export function eventTable(
  child: Augmented,
  parent: Augmented,
  customerOf: Int32Array,
  options: EventTableOptions,
): EventTable {
  const { minCount, used } = options;
  const parentRow = child.table.parentRow!;
  const n = child.prepared.rowCount;
  const isUsed = (i: number) => used === null || used[i] === 1;
  const withPrevious = indicesWhere(1, n, (i) => parentRow[i - 1] === parentRow[i] && isUsed(i));
  const previous = used !== null || withPrevious.length >= Math.max(minCount, 2);
  const rows = previous ? withPrevious : indicesWhere(0, n, isUsed);
  const modelled = child.prepared.columns.filter((c) => roleOf(c.spec) === 'modelled');
  const columns: BatchedColumn[] = [];
  const renamed = (column: PreparedColumn, name: string): ColumnSpec => ({ ...column.spec, name });
  const pick = (column: PreparedColumn, at: (i: number) => number, name: string): BatchedColumn => {
    // Hot loops (every column of every batch, read more than once a fit): plain loops, not
    // TypedArray.from, whose mapping goes through the source's iterator.
    if (column.type === 'label') {
      const labels = column.values;
      return {
        type: 'label',
        spec: renamed(column, name),
        read: (from, to) => {
          const out = new Array<string | null>(to - from);
          for (let i = from; i < to; i++) out[i - from] = labels[at(rows[i]!)] ?? null;
          return out;
        },
      };
    }
    const values = column.values;
    return {
      type: 'number',
      spec: renamed(column, name),
      read: (from, to) => {
        const out = new Float64Array(to - from);
        for (let i = from; i < to; i++) out[i - from] = values[at(rows[i]!)]!;
        return out;
      },
    };
  };
  for (const column of modelled) columns.push(pick(column, (r) => r, `${EVENT}${column.spec.name}`));
  // Identifier, personal and free-text columns other than the keys: generated as in a single table,
  // described from the schema and never read (their values stay out of every statistic).
  const keys = new Set([child.table.spec.primaryKey, child.table.spec.parent?.foreignKey]);
  const generated = child.table.schema.columns
    .filter((spec) => roleOf(spec) !== 'modelled' && !keys.has(spec.name))
    .map((spec): ColumnSpec => ({ ...spec, name: `${EVENT}${spec.name}` }));
  if (previous) {
    for (const column of modelled) {
      if (column.spec.kind !== 'categorical' || column.type !== 'label') continue;
      const labels = column.values;
      columns.push({
        type: 'label',
        spec: { name: `${REPEAT}${column.spec.name}`, kind: 'boolean' },
        read: (from, to) =>
          Array.from(rows.subarray(from, to), (r) => {
            const now = labels[r];
            const before = labels[r - 1];
            return now === null || before === null ? null : now === before ? 'true' : 'false';
          }),
      });
    }
    for (const column of modelled) columns.push(pick(column, (r) => r - 1, `${PREVIOUS}${column.spec.name}`));
    // Changes in score space for the columns whose changes spread more evenly there (score-changes.ts).
    const inScores = scoreChangeColumns(child.prepared, rows, options.evolving, options.order);
    for (const column of modelled)
      if (options.evolving.includes(column.spec.name))
        columns.push(
          inScores.includes(column.spec.name) ? scoreChangeColumn(column, rows) : changeColumn(column, rows),
        );
  }
  const ownRepeat = new Map(
    modelled
      .filter((c) => c.spec.kind === 'categorical')
      .map((c) => [summaryName.repeat(child.table.spec.name, c.spec.name), c] as const),
  );
  // A first-only column's first value is written by the sampler, not conditioned on: the parent
  // already holds the column's mean, and near-collinear known columns distort every conditional
  // (margarine, whose first-purchase prices differ from later ones: ratio 0.955 with them as
  // conditions, 0.966 without, 0.960 with no first values).
  const skipped = new Set(options.firstOnly.map((c) => firstValueName(child.table.spec.name, c)));
  for (const column of parent.prepared.columns) {
    if (roleOf(column.spec) !== 'modelled' || skipped.has(column.spec.name)) continue;
    const own = ownRepeat.get(column.spec.name);
    const name = `${PARENT}${column.spec.name}`;
    const values =
      own && previous
        ? leaveOneOutRepeatShare(own, parentRow, parent.prepared.rowCount, rows, name, column.spec)
        : pick(column, (r) => parentRow[r]!, name);
    const keep =
      options.parentColumn === null
        ? !anyMissing(values, rows.length)
        : options.parentColumn(column.spec.name);
    if (keep) columns.push(values);
  }
  return {
    table: { rowCount: rows.length, rowsRead: n, rowsDroppedByConsent: 0, columns },
    schema: {
      name: `${child.table.spec.name} events`,
      columns: [...columns.map((c) => c.spec), ...generated],
      model: { stratifyBy: null },
      privacy: { minCount, rareCategories: 'merge' },
    },
    previous,
    owners: Int32Array.from(rows, (r) => customerOf[r]!),
  };
}

/**
 * The parent's share of repeated categories seen from one event: over the parent's other consecutive
 * pairs (leave one out). With the event's own pair inside, the share would partly be the event itself,
 * and conditioning on it would make sampled histories far more loyal or disloyal than real ones
 * (their shares are drawn first, then the events). A parent with no other pair gets the overall share.
 * Each parent's counts of pairs and repeats are held; the shares are computed when read.
 */
function leaveOneOutRepeatShare(
  column: PreparedColumn,
  parentRow: Int32Array,
  parents: number,
  rows: Int32Array,
  name: string,
  spec: ColumnSpec,
): BatchedColumn {
  const values = column.values as readonly (string | null)[];
  const same = new Int32Array(parents);
  const pairs = new Int32Array(parents);
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
    same[p]! += own;
    pairs[p]!++;
    allSame += own;
    allPairs++;
  }
  const overall = allPairs > 0 ? allSame / allPairs : 0;
  return {
    type: 'number',
    spec: { ...spec, name },
    read: (from, to) =>
      Float64Array.from(rows.subarray(from, to), (r) => {
        const p = parentRow[r]!;
        const own = ownPair(r);
        const n = pairs[p]! - (own < 0 ? 0 : 1);
        return n > 0 ? (same[p]! - Math.max(own, 0)) / n : overall;
      }),
  };
}
