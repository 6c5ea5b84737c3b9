/**
 * `doppel infer` on several files: each table's columns as the single-table inference sees them,
 * then the keys that relate them, decided from the values only: a primary key is a column whose values
 * are present and unique; a foreign key is a column of another table whose values all appear in that
 * key and repeat (many rows to one parent). Names never decide a key.
 */
import type { Table, Vector } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { ColumnSpec } from './dataset-schema.js';
import { inferSchema } from './infer-schema.js';
import { parseRelationalSchema } from './load-relational-schema.js';
import type { RelationalSchema, RelationalTableSchema } from './relational-schema.js';

export interface InferTableInput {
  readonly name: string;
  /** The file, as the schema will name it (relative to the schema). */
  readonly path: string;
  readonly table: Table;
}

/** A parent must have this share of its keys referenced, so that a few small codes that happen to be keys elsewhere are not taken for a link. */
const MIN_COVERAGE = 0.1;

interface ColumnValues {
  readonly name: string;
  readonly keys: (string | null)[];
  readonly distinct: Set<string>;
  readonly present: number;
  /** Whole numbers or text: a key, unlike a measurement with decimals. */
  readonly keyLike: boolean;
}

function valuesOf(name: string, vector: Vector): ColumnValues {
  const keys = new Array<string | null>(vector.length);
  const distinct = new Set<string>();
  let present = 0;
  let keyLike = true;
  for (let i = 0; i < vector.length; i++) {
    const cell: unknown = vector.get(i);
    if (cell === null || cell === undefined) {
      keys[i] = null;
      continue;
    }
    if (typeof cell === 'number' && !Number.isInteger(cell)) keyLike = false;
    if (typeof cell === 'boolean') keyLike = false;
    const key = typeof cell === 'bigint' ? cell.toString() : String(cell);
    keys[i] = key;
    distinct.add(key);
    present++;
  }
  return { name, keys, distinct, present, keyLike };
}

interface Link {
  readonly child: string;
  readonly foreignKey: string;
  readonly parent: string;
  readonly primaryKey: string;
  readonly coverage: number;
  readonly repeats: number;
}

/**
 * Proposes a relational schema: per table its inferred columns, the primary key of each table that
 * is referenced, each child's foreign key to its parent (the best-covered link when several
 * qualify) and the order of its rows ({@link orderColumn}), each key with the reason in its comment.
 * @throws DoppelError `malformed-input` for fewer than two tables or repeated table names.
 */
export function inferRelationalSchema(inputs: readonly InferTableInput[], name: string): RelationalSchema {
  if (inputs.length < 2)
    throw new DoppelError(
      'usage',
      'relational inference needs at least two tables (files, or a folder holding them)',
    );
  const names = new Set<string>();
  for (const input of inputs) {
    if (names.has(input.name))
      throw new DoppelError('malformed-input', `two files give the table name "${input.name}"; rename one`);
    names.add(input.name);
  }
  const columns = new Map(
    inputs.map((input) => [
      input.name,
      input.table.schema.fields.map((field, i) => valuesOf(field.name, input.table.getChildAt(i)!)),
    ]),
  );
  const unique = (c: ColumnValues, rows: number) =>
    c.keyLike && c.present === rows && c.distinct.size === rows;
  const links: Link[] = [];
  for (const child of inputs) {
    for (const column of columns.get(child.name)!) {
      if (!column.keyLike || column.present === 0 || column.present !== child.table.numRows) continue;
      // Many-to-one: some parent has several rows here.
      if (column.distinct.size === column.present) continue;
      for (const parent of inputs) {
        if (parent === child) continue;
        for (const key of columns.get(parent.name)!) {
          if (!unique(key, parent.table.numRows)) continue;
          let inside = true;
          for (const v of column.distinct) {
            if (!key.distinct.has(v)) {
              inside = false;
              break;
            }
          }
          const coverage = column.distinct.size / key.distinct.size;
          if (inside && coverage >= MIN_COVERAGE && column.distinct.size >= 2)
            links.push({
              child: child.name,
              foreignKey: column.name,
              parent: parent.name,
              primaryKey: key.name,
              coverage,
              repeats: column.present / column.distinct.size,
            });
        }
      }
    }
  }
  // One parent per table: the link covering most of its parent's keys.
  const chosen = new Map<string, Link>();
  for (const link of links) {
    const best = chosen.get(link.child);
    if (!best || link.coverage > best.coverage) chosen.set(link.child, link);
  }
  // A pair of tables pointing at each other would be a cycle: keep the link with more repeats.
  for (const link of [...chosen.values()]) {
    const back = chosen.get(link.parent);
    if (back && back.parent === link.child && back.repeats >= link.repeats) chosen.delete(link.child);
  }
  const primaryKeyOf = new Map<string, string>();
  for (const link of chosen.values()) primaryKeyOf.set(link.parent, link.primaryKey);

  const tables = inputs.map((input): RelationalTableSchema => {
    const single = inferSchema(input.table, { name: input.name });
    const link = chosen.get(input.name);
    const primaryKey = primaryKeyOf.get(input.name);
    const order = link ? orderColumn(input, columns.get(input.name)!, link, single.columns) : null;
    const keyReason = new Map<string, string>();
    if (primaryKey)
      keyReason.set(
        primaryKey,
        `Primary key of "${input.name}": its ${input.table.numRows} values are all present and distinct, and rows of ${[
          ...chosen.values(),
        ]
          .filter((l) => l.parent === input.name)
          .map((l) => `"${l.child}"`)
          .join(', ')} refer to them.`,
      );
    if (link)
      keyReason.set(
        link.foreignKey,
        `Foreign key to "${link.parent}"."${link.primaryKey}": every value is one of that table's keys, ${(link.coverage * 100).toFixed(0)}% of them appear here, ${link.repeats.toFixed(1)} rows per parent on average (many to one). Synthetic rows get their synthetic parent's key.`,
      );
    const specs = single.columns.map((spec): ColumnSpec => {
      const reason = keyReason.get(spec.name);
      if (!reason) return spec;
      return { name: spec.name, kind: 'identifier', generator: 'sequence', comment: reason };
    });
    const { name: _name, ...rest } = single;
    return {
      name: input.name,
      path: input.path,
      ...(primaryKey ? { primaryKey } : {}),
      ...(link ? { parent: { table: link.parent, foreignKey: link.foreignKey, order } } : {}),
      ...rest,
      columns: specs,
      ...(single.target && keyReason.has(single.target) ? { target: undefined } : {}),
    };
  });
  const schema: RelationalSchema = {
    name,
    description: `Inferred by doppel infer from ${inputs.length} tables; keys and links were decided from the values. Review every comment before fitting.`,
    tables: tables.map((t) => JSON.parse(JSON.stringify(t)) as RelationalTableSchema),
  };
  // Say now if the values do not form one tree (several roots, or none).
  parseRelationalSchema(schema, 'the inferred schema');
  return schema;
}

/**
 * The column that orders a child's rows within each parent: the first date/time or whole-number
 * column that rises strictly with the file's row order within every parent (so the file is already in
 * its order and no two events of a parent tie), else the first decimal column that does (a time in
 * fractional years or days); null (the file's row order) when none does.
 */
function orderColumn(
  input: InferTableInput,
  values: readonly ColumnValues[],
  link: Link,
  specs: readonly ColumnSpec[],
): string | null {
  const parentOf = values.find((c) => c.name === link.foreignKey)!.keys;
  const candidates = [
    ...specs.filter((spec) => spec.kind === 'datetime' || spec.kind === 'integer'),
    ...specs.filter((spec) => spec.kind === 'numeric'),
  ];
  for (const spec of candidates) {
    if (spec.name === link.foreignKey) continue;
    const vector = input.table.getChild(spec.name)!;
    const last = new Map<string, number>();
    let ok = true;
    for (let i = 0; i < vector.length && ok; i++) {
      const cell: unknown = vector.get(i);
      const x =
        cell instanceof Date ? cell.getTime() : typeof cell === 'bigint' ? Number(cell) : Number(cell);
      if (cell === null || cell === undefined || !Number.isFinite(x)) ok = false;
      else {
        const p = parentOf[i]!;
        const before = last.get(p);
        if (before !== undefined && !(x > before)) ok = false;
        last.set(p, x);
      }
    }
    if (ok) return spec.name;
  }
  return null;
}
