import { makeVector, type Table, vectorFromArray } from 'apache-arrow';
import { tableFromNamedVectors } from './table-from-columns.js';

/** A new table holding the given rows of `table`, in the given order, with the same column types. */
export function takeRows(table: Table, rows: readonly number[]): Table {
  const fields = table.schema.fields;
  const vectors = fields.map((field) => {
    const source = table.getChild(field.name)!;
    const values = rows.map((row) => source.get(row));
    return values.length === 0
      ? makeVector(source.data[0]!.slice(0, 0))
      : vectorFromArray(values, field.type);
  });
  return tableFromNamedVectors(
    fields.map((field) => field.name),
    vectors,
  );
}
