/**
 * The first pass of a fit over batches or partitions: each modelled column's exact counts
 * (categories, booleans, missing values) and numeric values as {@link ValueCells}, for the whole
 * table and for each group of the schema's `model.stratifyBy`. Everything is a sum, so partials
 * from any split of the rows add up to the statistics of all of them.
 */
import { type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import { type CodedBatch, type CodedColumn, selectCodedRows } from './coded-batch.js';
import { cellsFromValues, EMPTY_CELLS, mergeCells, type ValueCells } from './value-cells.js';

/** One modelled column's mergeable statistics over a set of rows. */
export type ColumnMarginal =
  | { readonly type: 'number'; readonly name: string; readonly missing: number; readonly cells: ValueCells }
  | {
      readonly type: 'label';
      readonly name: string;
      readonly missing: number;
      /** Rows per label (null-prototype-free: a Map, labels are data). */
      readonly counts: ReadonlyMap<string, number>;
    };

/** The statistics of one set of rows (the table, or one group of the stratum). */
export interface ScopeMarginals {
  readonly rows: number;
  /** In the schema's order of modelled columns. */
  readonly columns: readonly ColumnMarginal[];
}

export interface TableMarginals {
  readonly rowsRead: number;
  readonly rowsDroppedByConsent: number;
  readonly whole: ScopeMarginals;
  /** Per label of `model.stratifyBy` (rows where it is present), or null without one. */
  readonly groups: { readonly column: string; readonly byLabel: ReadonlyMap<string, ScopeMarginals> } | null;
}

/** The stratum column a partial fit keeps groups for: only one the schema names (see README). */
export function namedStratum(schema: DatasetSchema): string | null {
  return schema.model?.stratifyBy ?? null;
}

/** Statistics of no rows, shaped for the schema. */
export function emptyScope(schema: DatasetSchema): ScopeMarginals {
  return {
    rows: 0,
    columns: schema.columns
      .filter((spec) => roleOf(spec) === 'modelled')
      .map((spec) =>
        spec.kind === 'categorical' || spec.kind === 'boolean'
          ? { type: 'label' as const, name: spec.name, missing: 0, counts: new Map<string, number>() }
          : { type: 'number' as const, name: spec.name, missing: 0, cells: EMPTY_CELLS },
      ),
  };
}

export function emptyMarginals(schema: DatasetSchema): TableMarginals {
  const column = namedStratum(schema);
  return {
    rowsRead: 0,
    rowsDroppedByConsent: 0,
    whole: emptyScope(schema),
    groups: column === null ? null : { column, byLabel: new Map() },
  };
}

/** The statistics of one coded batch (consent applied), by the schema's modelled columns. */
export function scopeOfBatch(schema: DatasetSchema, batch: CodedBatch): ScopeMarginals {
  const byName = new Map(batch.columns.map((column) => [column.spec.name, column]));
  return {
    rows: batch.rowCount,
    columns: emptyScope(schema).columns.map((empty) => {
      const column = byName.get(empty.name);
      if (!column) throw new Error(`prepared batch lacks modelled column "${empty.name}"`);
      return columnOfBatch(column);
    }),
  };
}

function columnOfBatch(column: CodedColumn): ColumnMarginal {
  const name = column.spec.name;
  if (column.type === 'number') {
    const cells = cellsFromValues(column.values);
    let present = 0;
    for (const c of cells.count) present += c;
    return { type: 'number', name, missing: column.values.length - present, cells };
  }
  const perCode = new Float64Array(column.dictionary.size);
  let missing = 0;
  for (const code of column.codes) {
    if (code < 0) missing++;
    else perCode[code]!++;
  }
  const counts = new Map<string, number>();
  perCode.forEach((n, code) => {
    if (n > 0) counts.set(column.dictionary.labels[code]!, n);
  });
  return { type: 'label', name, missing, counts };
}

/** The rows of each present label of a label column. */
export function rowsByLabel(column: CodedColumn): Map<string, Int32Array> {
  if (column.type !== 'label') throw new Error(`column "${column.spec.name}" is not a label column`);
  const perCode = new Int32Array(column.dictionary.size);
  for (const code of column.codes) if (code >= 0) perCode[code]!++;
  const rows = Array.from(perCode, (n) => new Int32Array(n));
  const filled = new Int32Array(perCode.length);
  column.codes.forEach((code, r) => {
    if (code >= 0) rows[code]![filled[code]!++] = r;
  });
  const byLabel = new Map<string, Int32Array>();
  perCode.forEach((n, code) => {
    if (n > 0) byLabel.set(column.dictionary.labels[code]!, rows[code]!);
  });
  return byLabel;
}

/** Adds one coded batch's statistics (whole table and stratum groups). */
export function addBatch(schema: DatasetSchema, into: TableMarginals, batch: CodedBatch): TableMarginals {
  const groups =
    into.groups === null
      ? null
      : {
          column: into.groups.column,
          byLabel: new Map(
            [...rowsByLabel(stratumColumn(batch, into.groups.column))].map(
              ([label, rows]) => [label, scopeOfBatch(schema, selectCodedRows(batch, rows))] as const,
            ),
          ),
        };
  return mergeMarginals(into, {
    rowsRead: batch.rowsRead,
    rowsDroppedByConsent: batch.rowsDroppedByConsent,
    whole: scopeOfBatch(schema, batch),
    groups,
  });
}

export function stratumColumn(batch: CodedBatch, name: string): CodedColumn {
  const column = batch.columns.find((c) => c.spec.name === name);
  if (!column) throw new Error(`prepared batch lacks the stratum column "${name}"`);
  return column;
}

/** The statistics of two disjoint sets of rows together. Commutative and associative. */
export function mergeMarginals(a: TableMarginals, b: TableMarginals): TableMarginals {
  let groups: TableMarginals['groups'] = null;
  if (a.groups !== null && b.groups !== null) {
    const byLabel = new Map(a.groups.byLabel);
    for (const [label, scope] of b.groups.byLabel) {
      const other = byLabel.get(label);
      byLabel.set(label, other === undefined ? scope : mergeScopes(other, scope));
    }
    groups = { column: a.groups.column, byLabel };
  }
  return {
    rowsRead: a.rowsRead + b.rowsRead,
    rowsDroppedByConsent: a.rowsDroppedByConsent + b.rowsDroppedByConsent,
    whole: mergeScopes(a.whole, b.whole),
    groups,
  };
}

export function mergeScopes(a: ScopeMarginals, b: ScopeMarginals): ScopeMarginals {
  return {
    rows: a.rows + b.rows,
    columns: a.columns.map((x, i) => {
      const y = b.columns[i]!;
      if (x.type === 'number' && y.type === 'number')
        return { ...x, missing: x.missing + y.missing, cells: mergeCells(x.cells, y.cells) };
      if (x.type === 'label' && y.type === 'label') {
        const counts = new Map(x.counts);
        for (const [label, n] of y.counts) counts.set(label, (counts.get(label) ?? 0) + n);
        return { ...x, missing: x.missing + y.missing, counts };
      }
      throw new Error(`column "${x.name}" has different statistics in the two partials`);
    }),
  };
}
