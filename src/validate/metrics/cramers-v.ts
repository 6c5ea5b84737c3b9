import type { ContingencyTable } from './contingency-table.js';
import { pairwiseSum } from './pairwise-sum.js';

/** Above this many grid cells χ² is summed over the observed cells only. */
const GRID_LIMIT = 1 << 22;

/**
 * Cramér's V of the real side of a contingency table, as SDMetrics' ContingencySimilarity computes
 * its `real_association` (metrics.md §1.4): `scipy.stats.contingency.association(method='cramer')`
 * on the real counts unstacked to a grid whose rows are the values of the first column present in
 * the real data (missing included) and whose columns are those of the second:
 * V = sqrt(χ² / n / (min(rows, cols) − 1)), χ² = Σ (observed − expected)² / expected over the whole
 * grid, expected = row total · column total / n, without Yates' correction. O(rows · cols).
 * @returns NaN when the real side is empty or has fewer than 2 rows or columns (SDMetrics then
 *   reports NaN).
 */
export function cramersV(table: ContingencyTable): number {
  const { levelsA, levelsB, cells, real } = table;
  const rowTotals = new Float64Array(levelsA);
  const columnTotals = new Float64Array(levelsB);
  let n = 0;
  for (let k = 0; k < cells.length; k++) {
    const count = real[k]!;
    if (count === 0) continue;
    const cell = cells[k]!;
    rowTotals[Math.floor(cell / levelsB)]! += count;
    columnTotals[cell % levelsB]! += count;
    n += count;
  }
  const rows: number[] = [];
  const columns: number[] = [];
  for (let a = 0; a < levelsA; a++) if (rowTotals[a]! > 0) rows.push(a);
  for (let b = 0; b < levelsB; b++) if (columnTotals[b]! > 0) columns.push(b);
  if (n === 0 || rows.length < 2 || columns.length < 2) return Number.NaN;
  const observed = new Map<number, number>();
  for (let k = 0; k < cells.length; k++) if (real[k]! > 0) observed.set(cells[k]!, real[k]!);
  let terms: Float64Array;
  if (rows.length * columns.length <= GRID_LIMIT) {
    terms = new Float64Array(rows.length * columns.length);
    let t = 0;
    for (const a of rows) {
      for (const b of columns) {
        const expected = (rowTotals[a]! * columnTotals[b]!) / n;
        const diff = (observed.get(a * levelsB + b) ?? 0) - expected;
        terms[t++] = (diff * diff) / expected;
      }
    }
  } else {
    // Too many empty cells to visit: Σ (o − e)² / e = Σ_{o > 0} o² / e − n, since Σ o = Σ e = n.
    terms = new Float64Array(observed.size + 1);
    let t = 0;
    for (const [cell, o] of observed) {
      const expected = (rowTotals[Math.floor(cell / levelsB)]! * columnTotals[cell % levelsB]!) / n;
      terms[t++] = (o * o) / expected;
    }
    terms[t] = -n;
  }
  const chi2 = pairwiseSum(terms);
  return Math.sqrt(chi2 / n / (Math.min(rows.length, columns.length) - 1));
}
