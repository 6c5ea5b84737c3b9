import type { PreparedTable } from '../../src/schema/prepare-table.js';

/** The numbers of a prepared column (NaN = missing; datetimes as epoch ms). */
export function numbersOf(table: PreparedTable, name: string): Float64Array {
  const column = table.columns.find((c) => c.spec.name === name);
  if (column?.type !== 'number') throw new Error(`no number column ${name}`);
  return column.values;
}

/** The labels of a prepared column (null = missing). */
export function labelsOf(table: PreparedTable, name: string): readonly (string | null)[] {
  const column = table.columns.find((c) => c.spec.name === name);
  if (column?.type !== 'label') throw new Error(`no label column ${name}`);
  return column.values;
}
