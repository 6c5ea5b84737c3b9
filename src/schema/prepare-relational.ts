/**
 * Real related tables → prepared tables ready for the fit: keys checked (unique primary keys,
 * foreign keys that find their parent, event order without ties or gaps), the root's consent rule
 * applied and cascaded (a customer who is out takes every descendant row with them), and each child
 * table's rows grouped by parent row, in event order.
 */
import { type Data, DataType, Precision, type Table, Type, Vector } from 'apache-arrow';
import { DoppelError, type DoppelIssue } from '../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from './dataset-schema.js';
import type { RelationalTree } from './load-relational-schema.js';
import {
  type ColumnSource,
  checkColumnsPresent,
  type PreparedColumn,
  type PreparedTable,
  prepareColumn,
  prepareTable,
  selectColumnRows,
  throwIssues,
} from './prepare-table.js';
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

/** What parentRowsOf gives a row whose key is no key of the parent / whose parent consent dropped / missing. */
const ORPHAN = -2;
const DROPPED = -1;
const MISSING = -3;

/** Whether a value of the column can fail its kind (prepareColumn's issues). */
function canMisfit(column: ColumnSpec): boolean {
  return column.kind === 'categorical'
    ? column.categories !== undefined
    : column.kind !== 'identifier' && column.kind !== 'personal' && column.kind !== 'text';
}

/**
 * Each child row's parent: the parent's kept row, or {@link DROPPED}, {@link ORPHAN}, or MISSING
 * (a missing key), reading each key as keyStrings does. A dictionary's entries are looked up once
 * and plain numbers without a JS value per cell (a hot loop): an array of one string per event
 * held the foreign key of a million-customer panel in 300 MB.
 */
function parentRowsOf(vector: Vector, rowOfKey: ReadonlyMap<string, number>): Int32Array {
  const out = new Int32Array(vector.length);
  const rowOf = (cell: unknown) => rowOfKey.get(String(cell)) ?? ORPHAN;
  let offset = 0;
  for (const data of vector.data as Data[]) {
    const { typeId } = data.type as DataType;
    if (DataType.isDictionary(data.type)) {
      const entries = Int32Array.from((data.dictionary as Vector).toArray() as ArrayLike<unknown>, rowOf);
      const indices = data.values as ArrayLike<number>;
      for (let i = 0; i < data.length; i++)
        out[offset + i] = data.getValid(i) ? entries[Number(indices[i])]! : MISSING;
    } else if (
      (typeId === Type.Int || typeId === Type.Float) &&
      (data.type as unknown as { precision?: Precision }).precision !== Precision.HALF
    ) {
      const raw = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++) out[offset + i] = data.getValid(i) ? rowOf(raw[i]) : MISSING;
    } else {
      const chunk = vector.data.length === 1 ? vector : new Vector([data]);
      for (let i = 0; i < data.length; i++) {
        const cell: unknown = chunk.get(i);
        out[offset + i] = cell === null || cell === undefined ? MISSING : rowOf(cell);
      }
    }
    offset += data.length;
  }
  return out;
}
/**
 * A read table handed to the preparation: its columns by name (the first of a repeated name, as
 * Table.getChild), each forgotten once prepared, so a caller that keeps no other reference to the
 * table frees it column by column instead of holding it whole beside its prepared copy.
 */
export class HandedTable implements ColumnSource {
  readonly numRows: number;
  readonly #columns = new Map<string, Vector>();
  constructor(table: Table) {
    this.numRows = table.numRows;
    table.schema.fields.forEach((field, i) => {
      if (!this.#columns.has(field.name)) this.#columns.set(field.name, table.getChildAt(i)!);
    });
  }
  getChild(name: string): Vector | null {
    return this.#columns.get(name) ?? null;
  }
  /** The column, forgotten by this table. */
  take(name: string): Vector | null {
    const vector = this.getChild(name);
    this.#columns.delete(name);
    return vector;
  }
}

function columnOf(table: ColumnSource, tableName: string, column: string): Vector {
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
  const preparation = new RelationalPreparation(tree);
  for (const spec of tree.topDown) {
    const table = data.get(spec.name);
    if (!table) throw new Error(`prepareRelational: no data for table "${spec.name}"`);
    preparation.add(new HandedTable(table));
  }
  return preparation.result();
}

/**
 * {@link prepareRelational} one table at a time, parents before children (the tree's topDown
 * order): a caller that reads each table as it is added holds one table's Arrow columns at a time.
 */
export class RelationalPreparation {
  readonly #tables: PreparedRelationalTable[] = [];
  readonly #byName = new Map<string, PreparedRelationalTable>();
  /** Per table with a primary key: every key read (before consent) → its kept row, or DROPPED. */
  readonly #rowOfKey = new Map<string, Map<string, number>>();

  constructor(readonly tree: RelationalTree) {}

  /** The next table of topDown order. @throws DoppelError as {@link prepareRelational}. */
  add(table: HandedTable): void {
    const spec = this.tree.topDown[this.#tables.length];
    if (!spec) throw new Error('RelationalPreparation: more tables than the schema names');
    const schema = keysAsIdentifiers(spec);
    const rowOfKey = spec.primaryKey
      ? indexPrimaryKey(keyStrings(columnOf(table, spec.name, spec.primaryKey)), spec.name, spec.primaryKey)
      : null;
    const prepared = spec.parent
      ? this.#prepareChild(spec, schema, table)
      : {
          prepared: prepareTable(table, schema, {
            columns: 'all',
            applyConsent: true,
            source: `table "${spec.name}"`,
          }),
          parentRow: null,
        };
    if (rowOfKey && spec.primaryKey) {
      for (const key of rowOfKey.keys()) rowOfKey.set(key, DROPPED);
      const keyColumn = prepared.prepared.columns.find((c) => c.spec.name === spec.primaryKey)!;
      (keyColumn.values as readonly (string | null)[]).forEach((key, row) => {
        if (key !== null) rowOfKey.set(key, row);
      });
      this.#rowOfKey.set(spec.name, rowOfKey);
    }
    const entry: PreparedRelationalTable = { spec, schema, ...prepared, rowsRead: table.numRows };
    this.#tables.push(entry);
    this.#byName.set(spec.name, entry);
  }

  result(): PreparedRelational {
    if (this.#tables.length !== this.tree.topDown.length)
      throw new Error('RelationalPreparation: tables missing');
    return { tree: this.tree, tables: this.#tables, byName: this.#byName };
  }

  /**
   * A child table: its rows grouped by parent row, in event order, with only the columns the fit
   * reads (modelled ones and the primary key, a grandchild's parent key): the foreign key,
   * identifiers and free text of an event table would otherwise be held as one string per event.
   * Each column is prepared, put in event order and forgotten by the handed table in turn.
   */
  #prepareChild(
    spec: RelationalTableSchema,
    schema: DatasetSchema,
    table: HandedTable,
  ): { prepared: PreparedTable; parentRow: Int32Array } {
    const { foreignKey, order } = spec.parent!;
    const parentName = spec.parent!.table;
    const source = `table "${spec.name}"`;
    checkColumnsPresent(table, schema.columns, source);
    const parentOf = parentRowsOf(table.getChild(foreignKey)!, this.#rowOfKey.get(parentName)!);
    const kept = (c: ColumnSpec) => roleOf(c) === 'modelled' || c.name === spec.primaryKey;
    // Every column's values are checked against its kind, in the schema's order; the columns not
    // kept whose every value fits (identifiers, free text) are not read.
    const issues: DoppelIssue[] = [];
    const columns: PreparedColumn[] = [];
    let orderColumn: PreparedColumn | undefined;
    for (const column of schema.columns) {
      const vector = table.take(column.name);
      if (vector === null || (!kept(column) && column.name !== order && !canMisfit(column))) continue;
      const prepared = prepareColumn(vector, column, issues);
      if (kept(column)) columns.push(prepared);
      if (column.name === order) orderColumn = prepared;
    }
    throwIssues(issues, source);
    let missing = 0;
    let orphans = 0;
    // Kept rows and their parent rows, in file order.
    const rows = new Int32Array(parentOf.length);
    const parents = new Int32Array(parentOf.length);
    let count = 0;
    for (let row = 0; row < parentOf.length; row++) {
      const p = parentOf[row]!;
      if (p === MISSING) missing++;
      else if (p === ORPHAN) orphans++;
      // A parent dropped by consent takes its rows with it.
      else if (p !== DROPPED) {
        rows[count] = row;
        parents[count++] = p;
      }
    }
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
        `${orphans} row(s) have a foreign key with no row in parent table "${parentName}" (column "${this.tree.byName.get(parentName)?.primaryKey}")`,
      );
    const orderValues = order === null ? null : orderNumbers(orderColumn, spec.name, order);
    const sequence = eventSequence(
      parents.subarray(0, count),
      rows.subarray(0, count),
      this.#byName.get(parentName)!.prepared.rowCount,
      orderValues,
    );
    if (orderValues !== null && order !== null)
      checkOrder(sequence, rows, parents, orderValues, spec.name, order);
    const selection = Int32Array.from(sequence, (i) => rows[i]!);
    // One column at a time, so the file-order copy of each is garbage before the next is copied.
    for (let c = 0; c < columns.length; c++) columns[c] = selectColumnRows(columns[c]!, selection);
    return {
      prepared: { rowCount: count, rowsRead: table.numRows, rowsDroppedByConsent: 0, columns },
      parentRow: Int32Array.from(sequence, (i) => parents[i]!),
    };
  }
}

function orderNumbers(prepared_: PreparedColumn | undefined, table: string, column: string): Float64Array {
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
