/**
 * Each parent's children as an ordered history: the rows of a child table grouped by parent and put
 * in event order (the order column, or the file's order within a parent).
 */
import type { PreparedRelational } from './prepare-relational.js';
import type { Relationship } from './relational-tables.js';

export interface EventHistories {
  /** Child rows grouped by parent (parents in parent-table order), each group in event order. */
  readonly rows: Int32Array;
  /** Group p is rows[offsets[p] .. offsets[p+1]); length = parents + 1. */
  readonly offsets: Int32Array;
  /** The order values of `rows`, when the order column holds numbers or times; else null. */
  readonly order: Float64Array | null;
}

/**
 * Groups child rows by parent key in O(c log c) (a stable sort per group when an order column is
 * given; missing order values last). A child without a parent belongs to no history; a parent key
 * held twice gets the children in its first row.
 */
export function eventHistories(
  parentKeys: readonly (string | null)[],
  childForeignKeys: readonly (string | null)[],
  order: Float64Array | null,
): EventHistories {
  const parentIndex = new Map<string, number>();
  parentKeys.forEach((key, row) => {
    if (key !== null && !parentIndex.has(key)) parentIndex.set(key, row);
  });
  const counts = new Int32Array(parentKeys.length + 1);
  const parentOf = new Int32Array(childForeignKeys.length).fill(-1);
  childForeignKeys.forEach((key, row) => {
    const parent = key === null ? undefined : parentIndex.get(key);
    if (parent === undefined) return;
    parentOf[row] = parent;
    counts[parent + 1]!++;
  });
  const offsets = new Int32Array(parentKeys.length + 1);
  for (let p = 0; p < parentKeys.length; p++) offsets[p + 1] = offsets[p]! + counts[p + 1]!;
  const next = offsets.slice(0, parentKeys.length);
  const rows = new Int32Array(offsets[parentKeys.length]!);
  for (let row = 0; row < parentOf.length; row++) {
    const p = parentOf[row]!;
    if (p >= 0) rows[next[p]!++] = row;
  }
  if (!order) return { rows, offsets, order: null };
  const key = (row: number) => (Number.isNaN(order[row]!) ? Number.POSITIVE_INFINITY : order[row]!);
  for (let p = 0; p < parentKeys.length; p++) {
    // Array.prototype.sort is stable: ties keep the file's order.
    const group = Array.from(rows.subarray(offsets[p]!, offsets[p + 1]!)).sort((a, b) => key(a) - key(b));
    rows.set(group, offsets[p]!);
  }
  return { rows, offsets, order: Float64Array.from(rows, (row) => order[row]!) };
}

/** Histories already grouped, per prepared dataset and relationship: every metric asks for them. */
const grouped = new WeakMap<PreparedRelational, Map<string, EventHistories>>();

/** The histories of a relationship's child table under its parent, ordered as the dataset says (computed once). */
export function historiesOf(data: PreparedRelational, relationship: Relationship): EventHistories {
  const key = JSON.stringify([relationship.childTable, relationship.childForeignKey]);
  let byRelationship = grouped.get(data);
  if (!byRelationship) {
    byRelationship = new Map();
    grouped.set(data, byRelationship);
  }
  const found = byRelationship.get(key);
  if (found) return found;
  const histories = groupHistories(data, relationship);
  byRelationship.set(key, histories);
  return histories;
}

function groupHistories(data: PreparedRelational, relationship: Relationship): EventHistories {
  const parent = data.tables.get(relationship.parentTable)!;
  const child = data.tables.get(relationship.childTable)!;
  const orderName = data.source.sequenceOrder.get(relationship.childTable) ?? null;
  const orderColumn =
    orderName === null ? undefined : child.prepared.columns.find((c) => c.spec.name === orderName);
  const order = orderColumn?.type === 'number' ? orderColumn.values : null;
  return eventHistories(
    parent.keys.get(relationship.parentPrimaryKey)!,
    child.keys.get(relationship.childForeignKey)!,
    order,
  );
}

/** Index pairs (earlier row, next row) of consecutive events of the same parent. */
export function consecutivePairs(histories: EventHistories): {
  readonly from: Int32Array;
  readonly to: Int32Array;
} {
  const from: number[] = [];
  const to: number[] = [];
  const { rows, offsets } = histories;
  for (let p = 0; p + 1 < offsets.length; p++) {
    for (let k = offsets[p]!; k + 1 < offsets[p + 1]!; k++) {
      from.push(rows[k]!);
      to.push(rows[k + 1]!);
    }
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}
