/**
 * The category statistics of category-means.ts (what a single-category condition needs beyond the
 * correlation) from the merged second-pass sums instead of rows: per category of a nominal or yes/no
 * column, a numeric dimension's count, Σ E[Z] and Σ E[Z²] are the code-against-number block of the
 * pair sums, and a discrete dimension's outcome shares are the code-against-code table. Sums add,
 * so partials of any split give the statistics of the whole table (no subsample: every row counts),
 * and the k rule holds as in the row fit (a share held by fewer than k rows is not stored).
 */
import { type CategoryMeans, categoryStatistics, MIN_CATEGORY_ROWS, outcomeEnds } from '../category-means.js';
import type { CopulaDimension, ModelledColumnModel } from '../model-format.js';
import type { ScopeMarginals } from './partial-marginals.js';
import { type PlanDimension, type ScopePlan, truncatedNormalMoments } from './score-plan.js';

/** Per plan code of a code dimension, its outcome in the model's copula order (−1: in none). */
function outcomeOfCode(d: Extract<PlanDimension, { type: 'code' }>, model: ModelledColumnModel): Int32Array {
  const out = new Int32Array(d.codes).fill(-1);
  if (d.part === 'missing') return Int32Array.of(0, 1);
  if (model.kind === 'boolean') {
    // A value held by fewer than k rows counts as the other one (booleanFromCounts).
    const p = model.trueProbability;
    return p === 1 ? Int32Array.of(1, 1) : p === 0 ? Int32Array.of(0, 0) : Int32Array.of(0, 1);
  }
  if (model.kind !== 'categorical') return out;
  const slot = new Map(model.categories.map((c, i) => [c, i]));
  d.keptLabels.forEach((label, code) => {
    out[code] = slot.get(label) ?? -1;
  });
  if (model.suppressed.otherLabel !== null) out[d.keptLabels.length] = model.categories.length - 1;
  return out;
}

/** Rows per plan code of a nominal or yes/no value dimension, from its first-pass label counts. */
function codeCounts(
  d: Extract<PlanDimension, { type: 'code' }>,
  marginal: ScopeMarginals['columns'][number],
) {
  const counts = new Float64Array(d.codes);
  if (marginal.type !== 'label') return counts;
  for (const [label, n] of marginal.counts) {
    const code = d.codeOfLabel === null ? (label === 'true' ? 1 : 0) : d.codeOfLabel.get(label);
    if (code !== undefined) counts[code]! += n;
  }
  return counts;
}

/**
 * The statistics of every nominal or yes/no column with at least two categories, one of which has
 * {@link MIN_CATEGORY_ROWS} rows, as categoryMeans (category-means.ts) computes them from rows.
 * O(d² · codes²).
 */
export function categoryMeansFromSums(
  scope: ScopeMarginals,
  plan: ScopePlan,
  sums: Float64Array,
  modelled: readonly ModelledColumnModel[],
  dimensions: readonly CopulaDimension[],
  minCount: number,
): CategoryMeans[] {
  const dims = plan.dimensions;
  const byName = new Map(modelled.map((m) => [m.name, m]));
  const marginals = new Map(scope.columns.map((m) => [m.name, m]));
  const pairAt = (a: number, b: number) => plan.offsets[(a * (a - 1)) / 2 + b]!;
  const ends = dimensions.map((d) => outcomeEnds(byName.get(d.column)!, d.part));
  const outcomeOf = dims.map((d) => (d.type === 'code' ? outcomeOfCode(d, byName.get(d.column)!) : null));
  // Per outcome of a discrete dimension, E[Z] and E[Z²] of its interval of scores.
  const moments = ends.map((e) =>
    e === null
      ? null
      : e.map((end, o) => {
          const lo = o === 0 ? 0 : e[o - 1]!;
          return end > lo ? truncatedNormalMoments(lo, end) : { mean: Number.NaN, square: Number.NaN };
        }),
  );
  const out: CategoryMeans[] = [];
  dims.forEach((dj, j) => {
    const column = byName.get(dj.column);
    if (dj.type !== 'code' || dj.part !== 'value') return;
    if (column?.kind !== 'categorical' && column?.kind !== 'boolean') return;
    const categories = ends[j]!.length;
    const counts = new Float64Array(categories);
    const perCode = codeCounts(dj, marginals.get(dj.column)!);
    const outcomeJ = outcomeOf[j]!;
    perCode.forEach((n, code) => {
      if (outcomeJ[code]! >= 0) counts[outcomeJ[code]!]! += n;
    });
    if (categories < 2 || ![...counts].some((n) => n >= MIN_CATEGORY_ROWS)) return;
    // Per other dimension i and category k: rows, Σ score, Σ score², and a discrete one's outcome tally.
    const present = dims.map(() => new Float64Array(categories));
    const sum = dims.map(() => new Float64Array(categories));
    const square = dims.map(() => new Float64Array(categories));
    const tallies = dims.map((_, i) =>
      ends[i] === null ? null : new Float64Array(categories * ends[i]!.length),
    );
    dims.forEach((di, i) => {
      if (i === j) {
        for (let k = 0; k < categories; k++) {
          const m = moments[j]![k]!;
          present[i]![k] = counts[k]!;
          sum[i]![k] = counts[k]! * m.mean;
          square[i]![k] = counts[k]! * m.square;
        }
        return;
      }
      const at = i > j ? pairAt(i, j) : pairAt(j, i);
      if (di.type === 'number') {
        for (let code = 0; code < dj.codes; code++) {
          const k = outcomeJ[code]!;
          if (k < 0) continue;
          present[i]![k]! += sums[at + 3 * code]!;
          sum[i]![k]! += sums[at + 3 * code + 1]!;
          square[i]![k]! += sums[at + 3 * code + 2]!;
        }
        return;
      }
      const outcomeI = outcomeOf[i]!;
      const width = ends[i]!.length;
      for (let cj = 0; cj < dj.codes; cj++)
        for (let ci = 0; ci < di.codes; ci++) {
          const k = outcomeJ[cj]!;
          const o = outcomeI[ci]!;
          // The pair (a, b), b < a, holds a's code · b's codes + b's code.
          const n = i > j ? sums[at + ci * dj.codes + cj]! : sums[at + cj * di.codes + ci]!;
          if (k < 0 || o < 0 || n === 0) continue;
          const m = moments[i]![o]!;
          present[i]![k]! += n;
          sum[i]![k]! += n * m.mean;
          square[i]![k]! += n * m.square;
          tallies[i]![k * width + o]! += n;
        }
    });
    out.push(categoryStatistics(j, { counts, present, sums: sum, squares: square, tallies }, ends, minCount));
  });
  return out;
}
