/**
 * The tables an Anonymeter attack works on: the chosen columns only, optionally without duplicate
 * rows (`DataFrame.drop_duplicates()`, first occurrence kept).
 */
import { type PreparedTable, selectRows } from '../../schema/prepare-table.js';
import { alignedColumns, cellKey, isComparableKind } from '../table-columns.js';

/**
 * The named comparable columns of a table, as a table of its own.
 * @throws DoppelError `schema-mismatch` for a missing column.
 */
export function attackFrame(table: PreparedTable, columns: readonly string[], role: string): PreparedTable {
  const picked = alignedColumns([{ table, role }], columns)
    .map(([c]) => c!)
    .filter((c) => isComparableKind(c.spec.kind));
  return { ...table, columns: picked };
}

/** The table without repeated rows (missing equals missing), first occurrences in order. */
export function dropDuplicateRows(table: PreparedTable): PreparedTable {
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const key = JSON.stringify(table.columns.map((c) => cellKey(c, row)));
    if (seen.has(key)) continue;
    seen.add(key);
    keep.push(row);
  }
  return keep.length === table.rowCount ? table : selectRows(table, keep);
}
