/**
 * Real related tables → prepared tables ready for the fit: keys checked (unique primary keys,
 * foreign keys that find their parent, event order without ties or gaps), the root's consent rule
 * applied and cascaded (a customer who is out takes every descendant row with them), and each child
 * table's rows grouped by parent row, in event order.
 */
import type { Table, Vector } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from './dataset-schema.js';
import type { RelationalTree } from './load-relational-schema.js';
import { type PreparedTable, prepareTable, selectRows } from './prepare-table.js';
import { type RelationalTableSchema, tableDatasetSchema } from './relational-schema.js';

export interface PreparedRelationalTable {
  readonly spec: RelationalTableSchema;
  /** The table's single-table schema with its key columns as identifiers (never modelled). */
  readonly schema: DatasetSchema;
  /**
   * The kept rows: the root's every listed column; a child's modelled columns and primary key, its
   * rows grouped by parent row, in event order.
   */
  readonly prepared: PreparedTable;
  /** Per row, its parent's row in the parent's prepared table; null for the root. */
  readonly parentRow: Int32Array | null;
  /** Rows read from the file, before consent and its cascade. */
  readonly rowsRead: number;
}

export interface PreparedRelational {
  readonly tree: RelationalTree;
  /** Parents before children (the tree's topDown order). */
  readonly tables: readonly PreparedRelationalTable[];
  readonly byName: ReadonlyMap<string, PreparedRelationalTable>;
}

/** A table's schema with its primary and foreign key as identifier columns (fresh keys, never modelled). */
export function keysAsIdentifiers(table: RelationalTableSchema): DatasetSchema {
  const keys = new Set([table.primaryKey, table.parent?.foreignKey].filter((k): k is string => !!k));
  const schema = tableDatasetSchema(table);
  const columns = schema.columns.map((column): ColumnSpec => {
    if (!keys.has(column.name) || column.kind === 'identifier') return column;
    return { name: column.name, kind: 'identifier', generator: 'sequence' };
  });
  return { ...schema, columns };
}

/** Key cells as strings (numbers and their text spell the same key); null when missing. */
function keyStrings(vector: Vector): (string | null)[] {
  const out = new Array<string | null>(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const cell: unknown = vector.get(i);
    out[i] = cell === null || cell === undefined ? null : String(cell);
  }
  return out;
}

function columnOf(table: Table, tableName: string, column: string): Vector {
  const vector = table.getChild(column);
  if (!vector)
    throw new DoppelError('schema-mismatch', `table "${tableName}": the data has no column "${column}"`, [
      { path: [tableName, column], message: 'column not found in the data' },
    ]);
  return vector;
}

function badKey(table: string, column: string, message: string): DoppelError {
  return new DoppelError('schema-mismatch', `table "${table}", column "${column}": ${message}`, [
    { path: [table, column], message },
  ]);
}

/** Row index by key; throws on a missing or repeated primary key (counts only, never the values). */
function indexPrimaryKey(
  keys: readonly (string | null)[],
  table: string,
  column: string,
): Map<string, number> {
  const index = new Map<string, number>();
  let missing = 0;
  let repeated = 0;
  keys.forEach((key, row) => {
    if (key === null) missing++;
    else if (index.has(key)) repeated++;
    else index.set(key, row);
  });
  if (missing > 0)
    throw badKey(table, column, `primary key is missing in ${missing} row(s); every row needs its key`);
  if (repeated > 0)
    throw badKey(
      table,
      column,
      `duplicate primary key: ${repeated} row(s) repeat a key held by an earlier row; a primary key must be unique`,
    );
  return index;
}

/**
 * Checks and prepares the tables a relational schema names.
 * @throws DoppelError `schema-mismatch` naming the table and column: a missing or duplicate primary
 * key, a foreign key with no parent row, an order column with ties or missing values (gaps) within a
 * parent, or a value that does not fit its column's kind.
 */
export function prepareRelational(
  tree: RelationalTree,
  data: ReadonlyMap<string, Table>,
): PreparedRelational {
  const tables: PreparedRelationalTable[] = [];
  const byName = new Map<string, PreparedRelationalTable>();
  // Per table: every key read (before consent) and the kept row of each kept key.
  const allKeys = new Map<string, Set<string>>();
  const keptRowOf = new Map<string, Map<string, number>>();
  for (const spec of tree.topDown) {
    const table = data.get(spec.name);
    if (!table) throw new Error(`prepareRelational: no data for table "${spec.name}"`);
    const schema = keysAsIdentifiers(spec);
    const readKeys = spec.primaryKey ? keyStrings(columnOf(table, spec.name, spec.primaryKey)) : null;
    if (readKeys && spec.primaryKey)
      allKeys.set(spec.name, new Set(indexPrimaryKey(readKeys, spec.name, spec.primaryKey).keys()));
    const full = prepareTable(table, schema, {
      columns: 'all',
      applyConsent: spec.parent === undefined,
      source: `table "${spec.name}"`,
    });
    let kept: PreparedTable;
    let parentRow: Int32Array | null = null;
    if (!spec.parent) {
      kept = full;
    } else {
      const { foreignKey, order } = spec.parent;
      const parentName = spec.parent.table;
      const foreign = keyStrings(columnOf(table, spec.name, foreignKey));
      const parentKeys = allKeys.get(parentName)!;
      const parentKept = keptRowOf.get(parentName)!;
      let missing = 0;
      let orphans = 0;
      // Kept rows and their parent rows, in file order.
      const rows = new Int32Array(foreign.length);
      const parents = new Int32Array(foreign.length);
      let count = 0;
      foreign.forEach((key, row) => {
        if (key === null) missing++;
        else if (!parentKeys.has(key)) orphans++;
        else {
          const p = parentKept.get(key);
          // A parent dropped by consent takes its rows with it.
          if (p !== undefined) {
            rows[count] = row;
            parents[count++] = p;
          }
        }
      });
      if (missing > 0)
        throw badKey(
          spec.name,
          foreignKey,
          `foreign key is missing in ${missing} row(s); every row needs its parent in "${parentName}"`,
        );
      if (orphans > 0)
        throw badKey(
          spec.name,
          foreignKey,
          `${orphans} row(s) have a foreign key with no row in parent table "${parentName}" (column "${tree.byName.get(parentName)?.primaryKey}")`,
        );
      const orderValues = order === null ? null : orderNumbers(full, spec.name, order);
      const sequence = eventSequence(
        parents.subarray(0, count),
        rows.subarray(0, count),
        byName.get(parentName)!.prepared.rowCount,
        orderValues,
      );
      if (orderValues !== null && order !== null)
        checkOrder(sequence, rows, parents, orderValues, spec.name, order);
      // Only the columns the fit reads: modelled ones and the primary key (a grandchild's parent
      // key). The foreign key, identifiers and free text of an event table would otherwise be held
      // as one string per event for the whole fit.
      const read = full.columns.filter(
        (c) => roleOf(c.spec) === 'modelled' || c.spec.name === spec.primaryKey,
      );
      kept = selectRows(
        { ...full, columns: read },
        Int32Array.from(sequence, (i) => rows[i]!),
      );
      kept = { ...kept, rowsRead: table.numRows };
      parentRow = Int32Array.from(sequence, (i) => parents[i]!);
    }
    if (spec.primaryKey) {
      const keyColumn = kept.columns.find((c) => c.spec.name === spec.primaryKey)!;
      const index = new Map<string, number>();
      (keyColumn.values as readonly (string | null)[]).forEach((key, row) => {
        if (key !== null) index.set(key, row);
      });
      keptRowOf.set(spec.name, index);
    }
    const entry: PreparedRelationalTable = {
      spec,
      schema,
      prepared: kept,
      parentRow,
      rowsRead: table.numRows,
    };
    tables.push(entry);
    byName.set(spec.name, entry);
  }
  return { tree, tables, byName };
}

function orderNumbers(prepared: PreparedTable, table: string, column: string): Float64Array {
  const prepared_ = prepared.columns.find((c) => c.spec.name === column);
  if (prepared_?.type !== 'number')
    throw badKey(table, column, 'an order column must hold numbers, a sequence or times');
  return prepared_.values;
}

/**
 * The kept rows' places in event order: by parent row, then by order value (when the order column
 * is set), then by file row. A stable counting sort by parent (rows arrive in file order), then a
 * sort of each parent's few events: where one comparator sort over every event took seconds and
 * three JS arrays per million events (a hot loop).
 */
function eventSequence(
  parents: Int32Array,
  rows: Int32Array,
  parentRows: number,
  orderValues: Float64Array | null,
): Int32Array {
  const starts = new Int32Array(parentRows + 1);
  for (let i = 0; i < parents.length; i++) starts[parents[i]! + 1]!++;
  for (let p = 0; p < parentRows; p++) starts[p + 1]! += starts[p]!;
  const next = starts.slice(0, parentRows);
  const sequence = new Int32Array(parents.length);
  for (let i = 0; i < parents.length; i++) sequence[next[parents[i]!]!++] = i;
  if (orderValues !== null)
    for (let p = 0; p < parentRows; p++) {
      if (starts[p + 1]! - starts[p]! < 2) continue;
      sequence
        .subarray(starts[p]!, starts[p + 1]!)
        .sort((a, b) => orderValues[rows[a]!]! - orderValues[rows[b]!]! || rows[a]! - rows[b]!);
    }
  return sequence;
}

function checkOrder(
  sequence: Int32Array,
  rows: Int32Array,
  parents: Int32Array,
  values: Float64Array,
  table: string,
  column: string,
): void {
  let gaps = 0;
  let ties = 0;
  for (let i = 0; i < sequence.length; i++) {
    const value = values[rows[sequence[i]!]!]!;
    if (Number.isNaN(value)) gaps++;
    else if (
      i > 0 &&
      parents[sequence[i - 1]!] === parents[sequence[i]!] &&
      values[rows[sequence[i - 1]!]!] === value
    )
      ties++;
  }
  if (gaps > 0)
    throw badKey(
      table,
      column,
      `order column is missing in ${gaps} row(s) (a gap in the event order); every event needs its place`,
    );
  if (ties > 0)
    throw badKey(
      table,
      column,
      `order column has ${ties} tie(s): two events of the same parent share a value, so their order is unknown`,
    );
}
