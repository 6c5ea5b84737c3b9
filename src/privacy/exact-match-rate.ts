/**
 * Exact-match rate: the share of synthetic rows identical to some real row on every compared
 * column (labels equal, numbers equal, missing meets missing). The strict counterpart of
 * NewRowSynthesis (which allows 1% numeric tolerance) and the "identical match share" of MOSTLY AI's
 * QA report (metrics.md §4.1). O(n + m) with a hash set of real rows.
 */
import type { PreparedTable } from '../schema/prepare-table.js';
import { alignedColumns, cellKey, isComparableKind } from './table-columns.js';

export interface ExactMatchResult {
  /** Share of synthetic rows that copy a real row: 0 is best. */
  readonly rate: number;
  readonly matchedRows: number;
  readonly rows: number;
}

/**
 * Share of `synthetic` rows that equal a row of `real` on the comparable named columns.
 * @throws DoppelError `schema-mismatch` for a missing column or kinds that disagree.
 * @example exactMatchRate(train, train, columns) // { rate: 1, matchedRows: n, rows: n }
 */
export function exactMatchRate(
  real: PreparedTable,
  synthetic: PreparedTable,
  columns: readonly string[],
): ExactMatchResult {
  const pairs = alignedColumns(
    [
      { table: real, role: 'real data' },
      { table: synthetic, role: 'synthetic data' },
    ],
    columns,
  ).filter(([r]) => isComparableKind(r!.spec.kind));
  const rowKey = (side: 0 | 1, row: number) => JSON.stringify(pairs.map((pair) => cellKey(pair[side]!, row)));
  const seen = new Set<string>();
  for (let r = 0; r < real.rowCount; r++) seen.add(rowKey(0, r));
  let matched = 0;
  for (let s = 0; s < synthetic.rowCount; s++) if (seen.has(rowKey(1, s))) matched++;
  return {
    rate: synthetic.rowCount === 0 ? 0 : matched / synthetic.rowCount,
    matchedRows: matched,
    rows: synthetic.rowCount,
  };
}
