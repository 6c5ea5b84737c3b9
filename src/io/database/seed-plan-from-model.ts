/**
 * The seed plan of a single-table model: one table named after the dataset, one column per model
 * column, typed from its kind, NOT NULL where the model never leaves it missing, and a primary key:
 * the model's identifier column, or an added row number when it has none (telco's customers are not
 * keyed once the real ids are dropped).
 */
import { Field, Int32, Int64, makeData, RecordBatch, Schema, Struct } from 'apache-arrow';
import { assertNever } from '../../assert-never.js';
import type { ColumnModel, Model } from '../../model/model-format.js';
import { arrowLayoutFromModel } from '../../sample/arrow-schema.js';
import { sampleBatches } from '../../sample/sample-batches.js';
import type { SeedColumn, SeedPlan, SeedTable, SqlType } from './seed-plan.js';

export interface ModelPlanOptions {
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  /** The table's name (default: the model's dataset name). */
  readonly table?: string;
}

function sqlTypeOf(column: ColumnModel, arrowType: Field['type']): SqlType {
  switch (column.kind) {
    case 'numeric':
      return 'double';
    case 'integer':
      return arrowType instanceof Int64 ? 'bigint' : 'integer';
    case 'categorical':
    case 'personal':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return column.unit === 'date' ? 'date' : 'timestamp';
    case 'identifier':
      return column.generator === 'sequence' ? 'bigint' : 'text';
    default:
      return assertNever(column);
  }
}

export function seedColumnOf(column: ColumnModel, field: Field): SeedColumn {
  const canBeMissing = 'missingRate' in column && column.missingRate > 0;
  return {
    name: column.name,
    type: sqlTypeOf(column, field.type),
    notNull: !canBeMissing,
    distinct: column.kind === 'identifier' || (column.kind === 'personal' && column.unique),
  };
}

/** A name for the added row number that no model column has. */
function rowNumberName(model: Model): string {
  const taken = new Set(model.columns.map((column) => column.name));
  let name = 'id';
  while (taken.has(name)) name = `doppel_${name}`;
  return name;
}

/** Prepends a 1-based row number column to each batch (rows are numbered across batches). */
async function* withRowNumbers(
  batches: AsyncIterable<RecordBatch>,
  field: Field,
): AsyncGenerator<RecordBatch> {
  let next = 1;
  for await (const batch of batches) {
    const ids = new Int32Array(batch.numRows);
    for (let i = 0; i < ids.length; i++) ids[i] = next + i;
    next += batch.numRows;
    const fields = [field, ...batch.schema.fields];
    const children = [makeData({ type: new Int32(), length: ids.length, data: ids }), ...batch.data.children];
    yield new RecordBatch(
      new Schema(fields),
      makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }),
    );
  }
}

/**
 * The one-table plan of a model: `rows` rows sampled with `seed` by `workers` threads (the rows do
 * not depend on the worker count).
 * @example seedPlanFromModel(telco, { rows: 1000, seed: 1, workers: 2 }).tables[0].primaryKey // ['id']
 */
export function seedPlanFromModel(model: Model, options: ModelPlanOptions): SeedPlan {
  const { schema } = arrowLayoutFromModel(model);
  const columns = model.columns.map((column, i) => seedColumnOf(column, schema.fields[i] as Field));
  const sample = () => sampleBatches(model, options);
  const identifier = model.columns.find((column) => column.kind === 'identifier');
  const uniques = model.columns
    .filter((column) => column.kind === 'personal' && column.unique)
    .map((column) => [column.name]);
  let table: SeedTable;
  if (identifier !== undefined) {
    table = {
      name: options.table ?? model.dataset.name,
      columns,
      primaryKey: [identifier.name],
      uniques,
      foreignKeys: [],
      rows: options.rows,
      batches: sample,
    };
  } else {
    const name = rowNumberName(model);
    const field = new Field(name, new Int32(), false);
    table = {
      name: options.table ?? model.dataset.name,
      columns: [{ name, type: 'integer', notNull: true, distinct: true }, ...columns],
      primaryKey: [name],
      uniques,
      foreignKeys: [],
      rows: options.rows,
      batches: () => withRowNumbers(sample(), field),
    };
  }
  return { tables: [table] };
}
