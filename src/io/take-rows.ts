import { makeVector, Table, type Vector, vectorFromArray } from 'apache-arrow';

/** A new table holding the given rows of `table`, in the given order, with the same column types. */
export function takeRows(table: Table, rows: readonly number[]): Table {
  const columns: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const source = table.getChild(field.name)!;
    const values = rows.map((row) => source.get(row));
    columns[field.name] =
      values.length === 0 ? makeVector(source.data[0]!.slice(0, 0)) : vectorFromArray(values, field.type);
  }
  return new Table(columns);
}
