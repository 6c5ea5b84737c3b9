/**
 * The contribution bound of a private relational fit: each parent row keeps at most `cap` of its
 * child rows (the first ones, in event order), and rows under a dropped row go with it. A customer
 * then owns at most cap^depth rows of a table at depth `depth`, whatever their real history, which is
 * what the noise of that table's statistics is calibrated to.
 */
import type { PreparedRelational } from '../../schema/prepare-relational.js';

/** Events per parent row used by a private relational fit when the options do not say. */
export const DEFAULT_EVENTS_PER_PARENT = 20;

/**
 * Per table, whether each row is used under the cap: at most `cap` rows per parent row (the first
 * `cap` in event order: a contiguous stretch keeps consecutive pairs real) whose parent row is
 * itself used; every root row is. Which rows stay depends on each customer's own rows only, so two
 * datasets that differ by one customer still differ by that customer alone.
 * O(total rows).
 */
export function rowsUnderCap(data: PreparedRelational, cap: number): Map<string, Uint8Array> {
  const used = new Map<string, Uint8Array>();
  for (const table of data.tables) {
    const out = new Uint8Array(table.prepared.rowCount);
    if (table.parentRow === null) {
      out.fill(1);
      used.set(table.spec.name, out);
      continue;
    }
    const parentUsed = used.get(table.spec.parent!.table)!;
    let rank = 0;
    table.parentRow.forEach((parent, row) => {
      rank = row > 0 && table.parentRow![row - 1] === parent ? rank + 1 : 0;
      out[row] = parentUsed[parent] === 1 && rank < cap ? 1 : 0;
    });
    used.set(table.spec.name, out);
  }
  return used;
}

/** How many rows of each table one customer can own under {@link rowsUnderCap}: cap^depth. */
export function rowsPerCustomer(data: PreparedRelational, cap: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const table of data.tables)
    out.set(table.spec.name, table.spec.parent ? out.get(table.spec.parent.table)! * cap : 1);
  return out;
}
