/**
 * Per category of each categorical or yes/no column, how the other copula dimensions behave on that
 * category's rows: what a condition on the category needs beyond the correlation.
 *
 * A Gaussian copula sees a category only as an interval of its column's score, and the other
 * columns only through a linear regression on that score. A category in the middle of the order
 * (telco's "Electronic check" among four payment methods) is then given roughly the other columns'
 * average behaviour although its customers differ (78% on month-to-month contracts against 69%
 * sampled). Unconditioned sampling barely notices (its neighbours compensate), but a condition
 * that keeps only that category shows it whole. With these statistics the conditioned sampler
 * (src/sample/conditions/category-shift.ts) gives each other dimension the category's own
 * behaviour: the shares of a discrete one's outcomes (categories, yes/no, missing), the mean and
 * spread of a continuous one's scores.
 */
import { normalCdf } from '../stats/normal.js';
import { makeRandom } from '../stats/random.js';
import { sampleWithoutReplacement } from '../stats/random-rows.js';
import type { ColumnModel, CopulaDimension } from './model-format.js';

/** The subsample's random stream (beside the fit's per-column streams, which are even). */
const SUBSAMPLE_STREAM = 0x63_6d_65_61;
/** A category needs this many rows for its statistics (a mean of fewer moves by ±0.14 in scores). */
export const MIN_CATEGORY_ROWS = 50;
/** Stored to this many decimals: the statistics' own sampling error is ~0.01 at the smallest groups. */
const DECIMALS = 4;
/**
 * The statistics read at most about this many (row, conditioning column, dimension) cells: a
 * seeded subsample of rows beyond it (never under {@link MIN_SUBSAMPLE_ROWS}). On 1M telco-shaped
 * rows (17 categorical columns, 22 dimensions; a machine at load 12 on 2 cores) all rows took 19 s
 * here, the ~107,000-row subsample 2 s; it leaves a share's standard error under 0.002 (under 0.02
 * within a category of 1% of the rows).
 * Counting on a subsample keeps the k rule: a cell held by k subsampled rows is held by k rows.
 */
const MAX_CELLS = 4e7;
const MIN_SUBSAMPLE_ROWS = 20_000;

/** One conditioning column's statistics, per category (copula order; false, true for yes/no). */
export interface CategoryMeans {
  /** The column's value dimension. */
  readonly dimension: number;
  /** Per category, the mean score of each dimension; null for a category under {@link MIN_CATEGORY_ROWS} rows (or a dimension with as few values there). */
  readonly means: ((number | null)[] | null)[];
  /** The standard deviations beside `means`, likewise. */
  readonly deviations: ((number | null)[] | null)[];
  /**
   * Per category, per discrete dimension (a categorical or yes/no value, a missing indicator) the
   * shares of its outcomes in its own copula order (false/present first); null for a continuous
   * dimension, or where an outcome is held by fewer than k of the category's rows (the k rule:
   * no group of fewer than k customers is described).
   */
  readonly shares: ((number[] | null)[] | null)[];
}

/** The upper ends of a dimension's outcome intervals on [0, 1] (the last is 1); null: continuous. */
export function outcomeEnds(column: ColumnModel, part: CopulaDimension['part']): number[] | null {
  if (part === 'missing') return 'missingRate' in column ? [1 - column.missingRate, 1] : null;
  if (column.kind === 'boolean') return [1 - column.trueProbability, 1];
  if (column.kind !== 'categorical') return null;
  let cumulative = 0;
  return column.probabilities.map((p, k) => (k === column.probabilities.length - 1 ? 1 : (cumulative += p)));
}

/** Each row's outcome (the interval its score lies in), −1 where the score is NaN (a fixed cell). */
function outcomesOf(scores: Float64Array, ends: readonly number[]): Int32Array {
  return Int32Array.from(scores, (z) => {
    if (Number.isNaN(z)) return -1;
    const u = normalCdf(z);
    const k = ends.findIndex((end) => u < end);
    return k < 0 ? ends.length - 1 : k;
  });
}

/**
 * The rows {@link categoryMeans} reads of `rowCount` (ascending), or null for all of them: a seeded
 * subsample when there would be more than about {@link MAX_CELLS} cells. A fit that never holds
 * every row's scores keeps these rows' only.
 */
export function categoryMeansRows(
  columns: readonly ColumnModel[],
  dimensions: readonly CopulaDimension[],
  rowCount: number,
  seed: number,
): Int32Array | null {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const conditioning = dimensions.filter(
    (d) => d.part === 'value' && ['categorical', 'boolean'].includes(byName.get(d.column)?.kind ?? ''),
  ).length;
  const limit = Math.max(
    MIN_SUBSAMPLE_ROWS,
    Math.floor(MAX_CELLS / Math.max(1, conditioning * dimensions.length)),
  );
  return rowCount <= limit
    ? null
    : sampleWithoutReplacement(makeRandom(seed, SUBSAMPLE_STREAM), rowCount, limit).subarray(0, limit).sort();
}

/**
 * The statistics of every categorical and yes/no column with at least two categories, one of which
 * has {@link MIN_CATEGORY_ROWS} rows. A row's category is read from its score (the interval it lies
 * in), so merged or rule-fixed cells count where the copula saw them. O(n d · columns) on at most
 * about {@link MAX_CELLS} cells (a seeded subsample of rows beyond).
 * @param scores each dimension's normal scores, in `dimensions` order.
 * @param minCount k: an outcome share rests on at least k rows or is not stored.
 * @param seed the fit's seed (the subsample's).
 */
export function categoryMeans(
  columns: readonly ColumnModel[],
  dimensions: readonly CopulaDimension[],
  allScores: readonly Float64Array[],
  minCount: number,
  seed: number,
): CategoryMeans[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const picked = categoryMeansRows(columns, dimensions, allScores[0]?.length ?? 0, seed);
  const scores = picked === null ? allScores : allScores.map((s) => Float64Array.from(picked, (r) => s[r]!));
  const ends = dimensions.map((dimension) => {
    const column = byName.get(dimension.column);
    return column === undefined ? null : outcomeEnds(column, dimension.part);
  });
  const outcomes = ends.map((e, j) => (e === null ? null : outcomesOf(scores[j]!, e)));
  const out: CategoryMeans[] = [];
  dimensions.forEach((dimension, j) => {
    const column = byName.get(dimension.column);
    const categoryOf = outcomes[j];
    if (dimension.part !== 'value' || categoryOf === null || categoryOf === undefined) return;
    if (column?.kind !== 'categorical' && column?.kind !== 'boolean') return;
    const categories = ends[j]!.length;
    const counts = new Float64Array(categories);
    for (const k of categoryOf) if (k >= 0) counts[k]!++;
    if (categories < 2 || ![...counts].some((n) => n >= MIN_CATEGORY_ROWS)) return;
    const sums = scores.map(() => new Float64Array(categories));
    const squares = scores.map(() => new Float64Array(categories));
    const present = scores.map(() => new Float64Array(categories));
    const tallies = outcomes.map((o, i) =>
      o === null ? null : new Float64Array(categories * ends[i]!.length),
    );
    // The fit's second hot loop after the correlation (rows × dimensions per conditioning column):
    // per-dimension arrays hoisted out of the row loop.
    scores.forEach((other, i) => {
      const sum = sums[i]!;
      const square = squares[i]!;
      const count = present[i]!;
      for (let r = 0; r < other.length; r++) {
        const k = categoryOf[r]!;
        const z = other[r]!;
        if (k < 0 || Number.isNaN(z)) continue;
        sum[k]! += z;
        square[k]! += z * z;
        count[k]!++;
      }
      const outcome = outcomes[i];
      const tally = tallies[i];
      if (!outcome || !tally) return;
      const width = ends[i]!.length;
      for (let r = 0; r < other.length; r++) {
        const k = categoryOf[r]!;
        const o = outcome[r]!;
        if (k >= 0 && o >= 0) tally[k * width + o]!++;
      }
    });
    out.push(categoryStatistics(j, { counts, present, sums, squares, tallies }, ends, minCount));
  });
  return out;
}

/** Per category of one dimension, weighted tallies of every copula dimension's scores and outcomes. */
export interface CategoryTallies {
  /** Rows per category. */
  readonly counts: Float64Array;
  /** Per dimension, per category: rows with a score, their sum and sum of squares. */
  readonly present: readonly Float64Array[];
  readonly sums: readonly Float64Array[];
  readonly squares: readonly Float64Array[];
  /** Per discrete dimension, per category × outcome: rows (null for a continuous dimension). */
  readonly tallies: readonly (Float64Array | null)[];
}

const round = (x: number) => Math.round(x * 10 ** DECIMALS) / 10 ** DECIMALS;

/**
 * The stored statistics of `dimension`'s categories from their tallies, shared by the row fit and
 * the fit from partial sums: a category under MIN_CATEGORY_ROWS rows (or a dimension with as few
 * scores there) gets null; outcome shares only where every outcome held is held by k or more rows.
 */
export function categoryStatistics(
  dimension: number,
  { counts, present, sums, squares, tallies }: CategoryTallies,
  ends: readonly (readonly number[] | null)[],
  minCount: number,
): CategoryMeans {
  const perCategory = <T>(value: (i: number, k: number, m: number) => T | null) =>
    Array.from(counts, (n, k) =>
      n < MIN_CATEGORY_ROWS
        ? null
        : present.map((rows, i) => {
            const m = rows[k]!;
            return m < MIN_CATEGORY_ROWS ? null : value(i, k, m);
          }),
    );
  const mean = (i: number, k: number, m: number) => sums[i]![k]! / m;
  return {
    dimension,
    means: perCategory((i, k, m) => round(mean(i, k, m))),
    // Sample standard deviation (n − 1): a dimension constant in the category gives 0.
    deviations: perCategory((i, k, m) =>
      round(Math.sqrt(Math.max(0, (squares[i]![k]! - m * mean(i, k, m) ** 2) / (m - 1)))),
    ),
    shares: perCategory((i, k, m) => {
      const tally = tallies[i];
      if (!tally || i === dimension) return null;
      const width = ends[i]!.length;
      const cells = Array.from(tally.subarray(k * width, (k + 1) * width));
      return cells.some((cell) => cell > 0 && cell < minCount) ? null : cells.map((cell) => round(cell / m));
    }),
  };
}
