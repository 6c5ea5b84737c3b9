/** An Arrow table as plain data for comparing readers: names, types, null counts and every value. */
import { DataType, type Table } from 'apache-arrow';

/**
 * A table as plain data (Object.is keeps -0 apart). A dictionary column is typed as its values'
 * type: a dictionary of Utf8 and a plain Utf8 column holding the same strings compare equal.
 */
export function tableContents(table: Table): unknown {
  return table.schema.fields.map((field, c) => {
    const vector = table.getChildAt(c)!;
    const values = Array.from({ length: vector.length }, (_, i) => {
      const value = vector.get(i) as unknown;
      return Object.is(value, -0) ? '-0' : value;
    });
    const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
    return { name: field.name, type: String(type), nullCount: vector.nullCount, values };
  });
}
