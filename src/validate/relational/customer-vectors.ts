/**
 * Whole histories as one row per customer (metrics.md §3.8): the customer's own columns, then for
 * each child table of the customers the number of events, the mean of each numeric or time column
 * and the share of each common category. Row-level distances on events underestimate what a model
 * leaks about a customer (MT-MIA, arXiv 2602.07126); distances between these vectors do not.
 */

import { isComparableKind } from '../../privacy/table-columns.js';
import type { ColumnSpec, DatasetSchema } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { type EventHistories, historiesOf } from './event-histories.js';
import { keyColumnsOf, type PreparedRelational } from './prepare-relational.js';

/** What one summary column holds, decided once from the training customers and applied to every side. */
type Summary =
  | { readonly name: string; readonly child: string; readonly fk: string; readonly what: 'count' }
  | {
      readonly name: string;
      readonly child: string;
      readonly fk: string;
      readonly what: 'mean';
      readonly column: string;
    }
  | {
      readonly name: string;
      readonly child: string;
      readonly fk: string;
      readonly what: 'share';
      readonly column: string;
      readonly category: string;
    };

export interface CustomerVectorPlan {
  readonly rootTable: string;
  /** The customers' own columns that are compared (keys and personal fields left out). */
  readonly ownColumns: readonly ColumnSpec[];
  readonly summaries: readonly Summary[];
  /** The dataset schema of the vectors: flags (quasi-identifier, sensitive) carried over from the customers table. */
  readonly schema: DatasetSchema;
}

/** Categories summarised per event column at most (the most common among training customers). */
const MAX_SHARE_CATEGORIES = 8;

/**
 * Decides the vector's columns from the training data. A category enters only when at least
 * `minCount` training customers hold it (the k rule: a rarer category would name a few customers).
 */
export function planCustomerVectors(
  training: PreparedRelational,
  rootTable: string,
  minCount: number,
): CustomerVectorPlan {
  const source = training.source;
  const rootKeys = keyColumnsOf(source, rootTable);
  const root = training.tables.get(rootTable)!;
  const ownColumns = root.prepared.columns
    .map((c) => c.spec)
    .filter((spec) => isComparableKind(spec.kind) && !rootKeys.has(spec.name));
  const summaries: Summary[] = [];
  for (const relationship of source.relationships.filter((r) => r.parentTable === rootTable)) {
    const child = relationship.childTable;
    const fk = relationship.childForeignKey;
    const base = { child, fk };
    summaries.push({ ...base, name: `${child}: events`, what: 'count' });
    const histories = historiesOf(training, relationship);
    const childKeys = keyColumnsOf(source, child);
    const childTable = training.tables.get(child)!;
    for (const column of childTable.prepared.columns) {
      const { spec } = column;
      if (!isComparableKind(spec.kind) || childKeys.has(spec.name)) continue;
      if (column.type === 'number') {
        summaries.push({ ...base, name: `${child}: mean ${spec.name}`, what: 'mean', column: spec.name });
        continue;
      }
      // Customers holding each category at least once.
      const holders = new Map<string, number>();
      for (let p = 0; p + 1 < histories.offsets.length; p++) {
        const seen = new Set<string>();
        for (let k = histories.offsets[p]!; k < histories.offsets[p + 1]!; k++) {
          const value = column.values[histories.rows[k]!];
          if (value !== null && value !== undefined) seen.add(value);
        }
        for (const value of seen) holders.set(value, (holders.get(value) ?? 0) + 1);
      }
      const common = [...holders]
        .filter(([, n]) => n >= minCount)
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_SHARE_CATEGORIES);
      for (const [category] of common) {
        summaries.push({
          ...base,
          name: `${child}: share ${spec.name}=${category}`,
          what: 'share',
          column: spec.name,
          category,
        });
      }
    }
  }
  const summarySpecs: ColumnSpec[] = summaries.map((s) =>
    s.what === 'count' ? { name: s.name, kind: 'integer' } : { name: s.name, kind: 'numeric' },
  );
  return {
    rootTable,
    ownColumns,
    summaries,
    schema: { name: `${rootTable} with their histories`, columns: [...ownColumns, ...summarySpecs] },
  };
}

function summaryValues(
  data: PreparedRelational,
  summary: Summary,
  parents: number,
  histories: EventHistories,
): Float64Array {
  const out = new Float64Array(parents);
  const column =
    summary.what === 'count'
      ? null
      : data.tables.get(summary.child)!.prepared.columns.find((c) => c.spec.name === summary.column)!;
  for (let p = 0; p < parents; p++) {
    const start = histories.offsets[p]!;
    const end = histories.offsets[p + 1]!;
    if (summary.what === 'count' || column === null) {
      out[p] = end - start;
      continue;
    }
    let total = 0;
    let n = 0;
    for (let k = start; k < end; k++) {
      const row = histories.rows[k]!;
      if (column.type === 'number') {
        const v = column.values[row]!;
        if (Number.isNaN(v)) continue;
        total += v;
        n++;
      } else if (summary.what === 'share') {
        const v = column.values[row];
        if (v === null || v === undefined) continue;
        if (v === summary.category) total++;
        n++;
      }
    }
    // A customer without events has no mean or share: missing, which DCR scores as far from any value.
    out[p] = n === 0 ? Number.NaN : total / n;
  }
  return out;
}

/** One row per customer of `data`, with the columns the plan decided. O(customers × columns + events). */
export function customerVectors(data: PreparedRelational, plan: CustomerVectorPlan): PreparedTable {
  const root = data.tables.get(plan.rootTable)!;
  const parents = root.rowCount;
  const own = plan.ownColumns.map((spec) => root.prepared.columns.find((c) => c.spec.name === spec.name)!);
  // One grouping per child table, shared by all its summary columns.
  const histories = new Map<string, EventHistories>();
  const historiesFor = (summary: Summary) => {
    const key = JSON.stringify([summary.child, summary.fk]);
    let found = histories.get(key);
    if (!found) {
      const relationship = data.source.relationships.find(
        (r) => r.childTable === summary.child && r.childForeignKey === summary.fk,
      )!;
      found = historiesOf(data, relationship);
      histories.set(key, found);
    }
    return found;
  };
  const summaryColumns = plan.summaries.map(
    (summary, i): PreparedColumn => ({
      type: 'number',
      spec: plan.schema.columns[own.length + i]!,
      values: summaryValues(data, summary, parents, historiesFor(summary)),
    }),
  );
  return {
    rowCount: parents,
    rowsRead: parents,
    rowsDroppedByConsent: 0,
    columns: [...own, ...summaryColumns],
  };
}
