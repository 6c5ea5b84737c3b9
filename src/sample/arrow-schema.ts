/**
 * The Arrow schema of sampled output, derived from the model alone: never inferred from sampled
 * data, so a chunk that happens to hold no nulls, or no row of some category, still gets the same
 * schema, and every record batch can share one dictionary per categorical column (the IPC file
 * format allows no dictionary replacement between batches).
 */
import {
  Bool,
  type DataType,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Schema,
  TimestampMillisecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { assertNever } from '../assert-never.js';
import type { CategoricalColumnModel, ColumnModel, Model } from '../model/model-format.js';
import { categoryIndexBytes, isWideInteger } from './column-types.js';

/** The schema plus, per column, the dictionary shared by every batch (null for non-categoricals). */
export interface ArrowLayout {
  readonly schema: Schema;
  readonly dictionaries: readonly (Vector<Utf8> | null)[];
}

function indexType(categoryCount: number): Int8 | Int16 | Int32 {
  switch (categoryIndexBytes(categoryCount)) {
    case 1:
      return new Int8();
    case 2:
      return new Int16();
    case 4:
      return new Int32();
  }
}

function arrowTypeOf(column: ColumnModel, dictionaryId: number): DataType {
  switch (column.kind) {
    case 'numeric':
      return new Float64();
    case 'integer':
      return isWideInteger(column.cdf) ? new Int64() : new Int32();
    case 'categorical':
      return new Dictionary(new Utf8(), indexType(column.categories.length), dictionaryId, column.ordered);
    case 'boolean':
      return new Bool();
    case 'datetime':
      return column.unit === 'date' ? new DateDay() : new TimestampMillisecond();
    case 'identifier':
      return column.generator === 'sequence' ? new Int64() : new Utf8();
    case 'personal':
      return new Utf8();
    default:
      return assertNever(column);
  }
}

function isNullable(column: ColumnModel): boolean {
  return 'missingRate' in column && column.missingRate > 0;
}

function dictionaryOf(column: CategoricalColumnModel): Vector<Utf8> {
  return vectorFromArray(column.categories, new Utf8());
}

/**
 * The output schema and shared dictionaries of a model: one field per model column, in order;
 * nullable exactly when the column's missing rate is above zero; dictionary ids 0, 1, 2, … in
 * column order.
 */
export function arrowLayoutFromModel(model: Model): ArrowLayout {
  let nextDictionaryId = 0;
  const fields: Field[] = [];
  const dictionaries: (Vector<Utf8> | null)[] = [];
  for (const column of model.columns) {
    const isCategorical = column.kind === 'categorical';
    fields.push(
      new Field(column.name, arrowTypeOf(column, isCategorical ? nextDictionaryId : -1), isNullable(column)),
    );
    dictionaries.push(isCategorical ? dictionaryOf(column) : null);
    if (isCategorical) nextDictionaryId++;
  }
  return { schema: new Schema(fields), dictionaries };
}
