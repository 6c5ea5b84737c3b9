/**
 * The boundary between raw tables and the statistics: takes an Arrow table and a dataset schema and
 * returns exactly the schema's columns as typed arrays, with the consent rule applied. Nothing else
 * of the table is ever read, which is how data minimisation is enforced in code.
 */

import { type Data, DataType, Precision, Type, Vector } from 'apache-arrow';
import { DoppelError, type DoppelIssue } from '../errors.js';
import { isNumericDate } from '../io/numeric-dates.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from './dataset-schema.js';

/** A column ready for statistics. Numbers use NaN for missing; labels use null. */
export type PreparedColumn =
  | { readonly type: 'number'; readonly spec: ColumnSpec; readonly values: Float64Array }
  | { readonly type: 'label'; readonly spec: ColumnSpec; readonly values: readonly (string | null)[] };

export interface PreparedTable {
  readonly rowCount: number;
  readonly rowsRead: number;
  readonly rowsDroppedByConsent: number;
  readonly columns: readonly PreparedColumn[];
}

export interface PrepareOptions {
  /** `modelled` reads only the columns that enter the model (fit); `all` also reads keys (validate). */
  readonly columns: 'modelled' | 'all';
  /** Apply the schema's consent rule (real data); synthetic data has no consent column. */
  readonly applyConsent: boolean;
  /** How messages call the table, e.g. `data file samples/telco.csv` (default: `the data`). */
  readonly source?: string;
}

/** Reads each value of a vector as a JS value, chunk by chunk (bigints become numbers). */
function cellsOf(vector: Vector): unknown[] {
  const out = new Array<unknown>(vector.length);
  let offset = 0;
  for (const data of vector.data as Data[]) {
    if (DataType.isDictionary(data.type)) {
      const dictionary = data.dictionary as Vector;
      const labels = dictionary.toArray() as unknown[];
      const indices = data.values as ArrayLike<number>;
      for (let i = 0; i < data.length; i++)
        out[offset + i] = data.getValid(i) ? labels[Number(indices[i])] : null;
    } else {
      // A vector of the chunk alone: the whole vector's `get` finds the chunk of each row anew.
      const chunk = vector.data.length === 1 ? vector : new Vector([data]);
      for (let i = 0; i < data.length; i++) out[offset + i] = data.getValid(i) ? chunk.get(i) : null;
    }
    offset += data.length;
  }
  return out.map((cell) => (typeof cell === 'bigint' ? Number(cell) : cell));
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** Normalises a boolean-like cell to 'true' / 'false'; undefined if it is not boolean-like. */
export function booleanLabel(cell: unknown): 'true' | 'false' | undefined {
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return cell === 1 ? 'true' : cell === 0 ? 'false' : undefined;
  if (typeof cell === 'string') {
    const word = cell.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return 'true';
    if (FALSE_WORDS.has(word)) return 'false';
  }
  return undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/;

/** Epoch milliseconds of a datetime cell; ISO text without a zone is read as UTC. */
export function epochMillis(cell: unknown): number {
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === 'number') return Math.abs(cell) < 1e11 ? cell * 1000 : cell; // epoch seconds or ms
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (ISO_DATE.test(text)) return Date.parse(`${text}T00:00:00Z`);
    const local = ISO_LOCAL.exec(text);
    if (local) return Date.parse(`${local[1]}T${local[2]}Z`);
    // Date.parse reads 03/04/2024 month-first whatever the file meant; the reader turned numeric
    // dates of a settled order into ISO text, so one still here is of unknown order: not a date.
    if (isNumericDate(text)) return Number.NaN;
    return Date.parse(text);
  }
  return Number.NaN;
}

function badValues(issues: DoppelIssue[], spec: ColumnSpec, what: string, count: number): void {
  issues.push({
    path: [spec.name],
    message: `${count} value(s) are not ${what}; fix the data or change the column's kind`,
  });
}

function isTemporal(type: DataType): boolean {
  return type.typeId === Type.Timestamp || type.typeId === Type.Date;
}

/**
 * A column of plain numbers (Arrow Int or Float, no dictionary) as a Float64Array, missing as NaN,
 * with the counts prepareColumn's number case takes from the same cells; null for any other type.
 * Straight from the Arrow buffers: where cellsOf made a boxed JS number per cell, eight times the
 * column's bytes on an event table of millions of rows (a hot loop).
 */
function plainNumbers(
  vector: Vector,
  integer: boolean,
): { values: Float64Array; notNumber: number; notInteger: number } | null {
  const { typeId } = vector.type as DataType;
  if (typeId !== Type.Int && typeId !== Type.Float) return null;
  // Half floats are stored as their bits (Uint16Array): those go through `get`.
  if (
    typeId === Type.Float &&
    (vector.type as unknown as { precision: Precision }).precision === Precision.HALF
  )
    return null;
  const values = new Float64Array(vector.length);
  let notNumber = 0;
  let notInteger = 0;
  let offset = 0;
  for (const data of vector.data as Data[]) {
    const raw = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        values[offset + i] = Number.NaN;
        continue;
      }
      const x = Number(raw[i]);
      if (!Number.isFinite(x)) notNumber++;
      else if (integer && !Number.isInteger(x)) notInteger++;
      values[offset + i] = x;
    }
    offset += data.length;
  }
  return { values, notNumber, notInteger };
}

export function prepareColumn(vector: Vector, spec: ColumnSpec, issues: DoppelIssue[]): PreparedColumn {
  if (spec.kind === 'numeric' || spec.kind === 'integer') {
    const plain = plainNumbers(vector, spec.kind === 'integer');
    if (plain !== null) {
      if (plain.notNumber > 0) badValues(issues, spec, 'numbers', plain.notNumber);
      if (plain.notInteger > 0) badValues(issues, spec, 'integers', plain.notInteger);
      return { type: 'number', spec, values: plain.values };
    }
  }
  const cells = cellsOf(vector);
  const n = cells.length;
  const bad = (what: string, count: number) => badValues(issues, spec, what, count);
  switch (spec.kind) {
    case 'numeric':
    case 'integer': {
      const values = new Float64Array(n);
      let notNumber = 0;
      let notInteger = 0;
      for (let i = 0; i < n; i++) {
        const cell = cells[i];
        if (cell === null || cell === undefined) {
          values[i] = Number.NaN;
          continue;
        }
        const x =
          typeof cell === 'number' ? cell : typeof cell === 'string' ? Number(cell.trim()) : Number.NaN;
        if (!Number.isFinite(x) || (typeof cell === 'string' && cell.trim() === '')) notNumber++;
        else if (spec.kind === 'integer' && !Number.isInteger(x)) notInteger++;
        values[i] = x;
      }
      if (notNumber > 0) bad('numbers', notNumber);
      if (notInteger > 0) bad('integers', notInteger);
      return { type: 'number', spec, values };
    }
    case 'datetime': {
      const values = new Float64Array(n);
      let invalid = 0;
      const temporal = isTemporal(vector.type);
      for (let i = 0; i < n; i++) {
        const cell = cells[i];
        if (cell === null || cell === undefined) {
          values[i] = Number.NaN;
          continue;
        }
        const ms = temporal && typeof cell === 'number' ? cell : epochMillis(cell);
        if (!Number.isFinite(ms)) invalid++;
        values[i] = ms;
      }
      if (invalid > 0) bad('dates or times', invalid);
      return { type: 'number', spec, values };
    }
    case 'boolean': {
      let invalid = 0;
      const values = cells.map((cell) => {
        if (cell === null || cell === undefined) return null;
        const label = booleanLabel(cell);
        if (label === undefined) invalid++;
        return label ?? null;
      });
      if (invalid > 0) bad('booleans (true/false, yes/no, 1/0)', invalid);
      return { type: 'label', spec, values };
    }
    case 'categorical':
    case 'identifier':
    case 'personal':
    case 'text': {
      const values = cells.map((cell) =>
        cell === null || cell === undefined ? null : cell instanceof Date ? cell.toISOString() : String(cell),
      );
      if (spec.kind === 'categorical' && spec.categories) {
        const allowed = new Set(spec.categories);
        const outside = values.filter((v) => v !== null && !allowed.has(v)).length;
        if (outside > 0) bad('in the schema’s category list', outside);
      }
      return { type: 'label', spec, values };
    }
  }
}

/** What preparing reads of a table: an Arrow Table, or its columns handed over one by one. */
export interface ColumnSource {
  readonly numRows: number;
  getChild(name: string): Vector | null;
}

/** @throws DoppelError `schema-mismatch` naming every column of `specs` the table lacks. */
export function checkColumnsPresent(
  table: ColumnSource,
  specs: readonly ColumnSpec[],
  source = 'the data',
): void {
  const missing = specs.filter((spec) => !table.getChild(spec.name));
  if (missing.length > 0) {
    throw new DoppelError(
      'schema-mismatch',
      `${source} lacks ${missing.length} column(s) the schema names: ${missing.map((c) => `"${c.name}"`).join(', ')}; check that the schema belongs to this file`,
      missing.map((c) => ({ path: [c.name], message: 'column not found in the data' })),
    );
  }
}

/** @throws DoppelError `schema-mismatch` with the values that do not fit their columns' kinds, if any. */
export function throwIssues(issues: readonly DoppelIssue[], source = 'the data'): void {
  if (issues.length > 0)
    throw new DoppelError('schema-mismatch', `${source} does not match the schema`, [...issues]);
}

/** Indices of rows whose consent cell is one of the consenting values. */
export function consentingRows(table: ColumnSource, schema: DatasetSchema): number[] | null {
  if (!schema.consent) return null;
  const vector = table.getChild(schema.consent.column);
  if (!vector) {
    throw new DoppelError('schema-mismatch', `the data has no consent column "${schema.consent.column}"`, [
      { path: ['consent', 'column'], message: 'column not found in the data' },
    ]);
  }
  const accepted = new Set(schema.consent.values.map((v) => String(v).trim().toLowerCase()));
  const rows: number[] = [];
  cellsOf(vector).forEach((cell, i) => {
    if (cell !== null && cell !== undefined && accepted.has(String(cell).trim().toLowerCase())) rows.push(i);
  });
  return rows;
}

function takeRows(column: PreparedColumn, rows: readonly number[]): PreparedColumn {
  if (column.type === 'number') {
    const values = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      values[i] = column.values[r]!;
    });
    return { ...column, values };
  }
  return { ...column, values: rows.map((r) => column.values[r] ?? null) };
}

/**
 * Selects, types and filters the schema's columns of a table.
 * @throws DoppelError `schema-mismatch` naming every missing column or column of the wrong kind.
 */
export function prepareTable(
  table: ColumnSource,
  schema: DatasetSchema,
  options: PrepareOptions,
): PreparedTable {
  const specs = schema.columns.filter((c) => options.columns === 'all' || roleOf(c) === 'modelled');
  checkColumnsPresent(table, specs, options.source);
  const issues: DoppelIssue[] = [];
  let columns = specs.map((spec) => prepareColumn(table.getChild(spec.name)!, spec, issues));
  throwIssues(issues, options.source);
  const rows = options.applyConsent ? consentingRows(table, schema) : null;
  if (rows) columns = columns.map((column) => takeRows(column, rows));
  return {
    rowCount: rows ? rows.length : table.numRows,
    rowsRead: table.numRows,
    rowsDroppedByConsent: rows ? table.numRows - rows.length : 0,
    columns,
  };
}

/** A new prepared table holding the given rows (in the given order) of every column. */
export function selectRows(table: PreparedTable, rows: ArrayLike<number>): PreparedTable {
  const columns = table.columns.map((column) => selectColumnRows(column, rows));
  return { rowCount: rows.length, rowsRead: rows.length, rowsDroppedByConsent: 0, columns };
}

/** A new column holding the given rows (in the given order) of one column. */
export function selectColumnRows(column: PreparedColumn, rows: ArrayLike<number>): PreparedColumn {
  const n = rows.length;
  if (column.type === 'number') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = column.values[rows[i]!]!;
    return { ...column, values };
  }
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) values[i] = column.values[rows[i]!] ?? null;
  return { ...column, values };
}

/** Rows [start, end) of a table. */
export function sliceRows(table: PreparedTable, start: number, end: number): PreparedTable {
  const rows = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < rows.length; i++) rows[i] = start + i;
  return selectRows(table, rows);
}
