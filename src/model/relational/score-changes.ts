/**
 * Evolving columns whose changes are drawn in normal-score space rather than in the column's units.
 * A Gaussian copula over a change and the previous value carries monotone dependence, not a spread
 * that grows with the level: drawn as absolute changes, a column whose changes are small at low
 * levels and large at high ones (bilirubin: mean |change| 0.15 in the bottom quarter, 3.8 in the
 * top) got low levels that jump and high levels that hardly move, so its histories drifted up and
 * its marginal with them (PBC KSComplement 0.73-0.81 against the holdout's 0.88-0.97), and
 * consecutive values came out too persistent (lag-1 0.90-0.96 against 0.83-0.86).
 *
 * In score space, z = Φ⁻¹(F(x)) with F the level's marginal, a step of one size moves a value a
 * little where values are dense and a lot in a sparse tail, which is how such columns change; and
 * the next value is F⁻¹(Φ(z_prev + Δz)), so every value stays inside the marginal's (k-private)
 * range with its shape: no clamping at the ends and no compounding growth piled on the top (what
 * relative changes did, commit 1081f55, reverted: 1% of sampled bilirubin at the column's top).
 * Counters such as years or experience, whose changes are one exact step at every level, stay in
 * their units: a step of one year is not one score step at every level.
 */

import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { normalQuantile } from '../../stats/normal.js';
import type { BatchedColumn } from '../partial/batched-table.js';

/** Prefix of a child's copula column holding an evolving column's change of normal score. */
export const SCORE_DELTA = 'scoreDelta:';

/**
 * Scores are drawn in score space when the changes' spread is this much more even across levels
 * there than in the column's units: the ratio of the spreads (median absolute deviations) above and
 * below the median previous level, on a log scale, must shrink by more than ln 1.25.
 */
const EVENNESS_MARGIN = Math.log(1.25);

/** The median of values (sorts a copy). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How unevenly changes spread across levels: |ln(upper / lower)| for the median absolute deviations
 * of the changes from the upper and lower halves of previous levels; NaN when either is 0 (a counter
 * whose changes are all one step). Median absolute deviations, because a standard deviation follows
 * a few jumps rather than the bulk of the changes.
 */
function levelImbalance(previous: readonly number[], changes: readonly number[]): number {
  const order = previous.map((_, i) => i).sort((a, b) => previous[a]! - previous[b]!);
  const half = order.length >> 1;
  const spread = (rows: readonly number[]) => {
    const values = rows.map((i) => changes[i]!);
    const centre = median(values);
    return median(values.map((v) => Math.abs(v - centre)));
  };
  const lower = spread(order.slice(0, half));
  const upper = spread(order.slice(order.length - half));
  return lower > 0 && upper > 0 ? Math.abs(Math.log(upper / lower)) : Number.NaN;
}

/**
 * The normal score of each x under the empirical marginal of `sorted`: Φ⁻¹ of the share of values
 * below x plus half of those equal to it (the middle of x's mass, as the sampler's score table reads
 * a knot), kept within half a value of either end so a value outside the range scores as its end.
 * The sampler reads scores under the fitted level marginal with the same bound
 * ({@link scoreBound}). O(x · log n).
 */
export function empiricalScores(sorted: Float64Array, xs: ArrayLike<number>): Float64Array {
  const n = sorted.length;
  const below = (x: number, strict: boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sorted[mid]! < x : sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bound = scoreBound(n);
  return Float64Array.from(xs, (x) => {
    const less = below(x, true);
    const equal = below(x, false) - less;
    const z = normalQuantile(Math.min(1 - 0.5 / n, Math.max(0.5 / n, (less + equal / 2) / n)));
    return Math.max(-bound, Math.min(bound, z));
  });
}

/** The largest score a value takes: that of the middle of the last of n equal shares. */
export function scoreBound(n: number): number {
  return normalQuantile(1 - 0.5 / Math.max(1, n));
}

/** The previous and next values of a column at each row with a previous event (rows all have one). */
function pairsOf(column: PreparedColumn, rows: ArrayLike<number>): { before: number[]; after: number[] } {
  const values = column.values as Float64Array;
  return { before: Array.from(rows, (r) => values[r - 1]!), after: Array.from(rows, (r) => values[r]!) };
}

/**
 * Of the evolving columns (other than the table's timed order column, whose gaps stay in its units),
 * those whose changes spread more evenly across levels in score space than in the column's units
 * ({@link EVENNESS_MARGIN}); `rows` are the events with a previous one. O(rows · columns · log rows).
 */
export function scoreChangeColumns(
  child: PreparedTable,
  rows: ArrayLike<number>,
  evolving: readonly string[],
  order: string | null,
): string[] {
  return evolving.filter((name) => {
    if (name === order) return false;
    const column = child.columns.find((c) => c.spec.name === name);
    if (column?.type !== 'number' || rows.length < 4) return false;
    const { before, after } = pairsOf(column, rows);
    const inUnits = levelImbalance(
      before,
      after.map((x, i) => x - before[i]!),
    );
    const sorted = Float64Array.from(after).sort();
    const zBefore = empiricalScores(sorted, before);
    const zAfter = empiricalScores(sorted, after);
    const inScores = levelImbalance(
      before,
      Array.from(zAfter, (z, i) => z - zBefore[i]!),
    );
    // Undefined where most changes at some level are one step: a counter (years, experience) stays in
    // its units, and so does a column that mostly stays put between moves (a stage, a grade of
    // severity; in scores, PBC's stage and edema cost as much as they gained: protocol ratios
    // 1.007/0.989/1.012/1.013/0.982 in units, 1.005/0.987/1.012/1.014/0.979 in scores).
    return Number.isFinite(inUnits) && Number.isFinite(inScores) && inUnits - inScores > EVENNESS_MARGIN;
  });
}

/**
 * An evolving column's change of normal score from each row's previous event, the scores read under
 * the empirical marginal of the rows' own values (the values the level's marginal is fitted on),
 * computed for a range of rows when read; the sorted values are held whole.
 */
export function scoreChangeColumn(column: PreparedColumn, rows: Int32Array): BatchedColumn {
  if (column.type !== 'number') throw new Error(`scoreChangeColumn: "${column.spec.name}" is not numeric`);
  const values = column.values;
  const sorted = Float64Array.from(rows, (r) => values[r]!).sort();
  return {
    type: 'number',
    spec: { name: `${SCORE_DELTA}${column.spec.name}`, kind: 'numeric' },
    read: (from, to) => {
      const { before, after } = pairsOf(column, rows.subarray(from, to));
      const zBefore = empiricalScores(sorted, before);
      const zAfter = empiricalScores(sorted, after);
      return Float64Array.from(zAfter, (z, i) => z - zBefore[i]!);
    },
  };
}
