/**
 * The shift of the free dimensions' conditional mean when a condition keeps some categories of one
 * nominal or yes/no column: from the copula's regression on the column's score to the categories'
 * own mean scores, which the fit stores (src/model/category-means.ts, where the why is). The draw
 * stays z_F = A z_C + offset + noise with the Schur complement's noise, so the condition is met
 * exactly as before and only the centre of the other columns moves; with one category kept,
 * E[z_F] is that category's mean over the real rows.
 */
import type { ColumnModel, Model } from '../../model/model-format.js';
import { normalCdf, normalQuantile } from '../../stats/normal.js';
import type { PreparedCopula } from '../prepare-sampler.js';
import type { ColumnCondition } from './column-conditions.js';
import type { ScoreCondition } from './conditioned-copula.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const density = (z: number) => (Number.isFinite(z) ? INV_SQRT_2PI * Math.exp((-z * z) / 2) : 0);

/** A category's score interval [low, high) in a prepared copula. */
interface Interval {
  readonly category: number;
  readonly low: number;
  readonly high: number;
}

/** The score intervals of the categories a condition keeps (copula order), or null for another column kind. */
function keptIntervals(
  column: PreparedCopula['columns'][number],
  model: ColumnModel,
  allowed: ReadonlySet<string>,
): Interval[] | null {
  if (column?.kind === 'boolean' && model.kind === 'boolean') {
    const t = column.threshold;
    return [
      { category: 0, low: Number.NEGATIVE_INFINITY, high: t },
      { category: 1, low: t, high: Number.POSITIVE_INFINITY },
    ].filter((interval) => allowed.has(interval.category === 1 ? 'true' : 'false'));
  }
  if (column?.kind !== 'categorical' || model.kind !== 'categorical') return null;
  const t = column.thresholds;
  const out: Interval[] = [];
  model.categories.forEach((label, k) => {
    if (!allowed.has(label) || !((model.probabilities[k] as number) > 0)) return;
    const low = k === 0 ? Number.NEGATIVE_INFINITY : (t[k - 1] as number);
    const high = k >= t.length ? Number.POSITIVE_INFINITY : (t[k] as number);
    if (low < high) out.push({ category: k, low, high });
  });
  return out;
}

/**
 * Per free dimension i, a continuous one's score is offset + scale · (A z_C + noise). A discrete
 * one's draw y = A z_C + noise is cut at `cuts[cutStart[i] .. cutStart[i + 1])` (its outcomes'
 * conditional shares, in the units of y), and outcome b's score is `targets[cutStart[i] + i + b]`,
 * a point inside the interval of the sampler's thresholds that gives outcome b: only the interval
 * of a discrete dimension's score matters to what the sampler writes.
 */
export interface CategoryShift {
  readonly offset: Float64Array;
  readonly scale: Float64Array;
  readonly cutStart: Int32Array;
  readonly cuts: Float64Array;
  readonly targets: Float64Array;
}

/** A free dimension's outcome thresholds in the prepared copula (null: continuous). */
function outcomeThresholds(
  prepared: PreparedCopula['columns'][number],
  model: ColumnModel | undefined,
  part: 'value' | 'missing',
): Float64Array | null {
  if (prepared === null || prepared === undefined || model === undefined) return null;
  if (prepared.kind === 'identifier' || prepared.kind === 'personal') return null;
  if (part === 'missing')
    return prepared.missing === null ? null : Float64Array.of(prepared.missing.threshold);
  if (prepared.kind === 'boolean') return Float64Array.of(prepared.threshold);
  if (prepared.kind === 'categorical' && model.kind === 'categorical')
    return prepared.thresholds.slice(0, model.categories.length - 1);
  return null;
}

/**
 * The shift that gives each free dimension the kept categories' own behaviour (their mixture by the
 * categories' masses): a discrete dimension its outcome shares, a continuous one its mean and
 * spread. Null when the condition is not one on categories of a single column with stored
 * statistics, the only conditioned dimension of this copula (then the copula's regression alone
 * serves, as for ranges and several conditioned dimensions). The draw A z_C + noise has, given the kept intervals, mean a E[z_C] and variance
 * a² Var(z_C) + s² (s² the Schur complement's diagonal); it is standardised by these, then put on
 * the categories' scale or cut at their shares, so the copula's conditional dependence stays.
 * @param modelCopula the copula as the model file holds it (its dimension numbering).
 * @param models the copula's own column models by name.
 */
export function categoryShift(
  condition: ScoreCondition,
  copula: PreparedCopula,
  modelCopula: Model['copula'],
  outputColumns: readonly ColumnModel[],
  models: ReadonlyMap<string, ColumnModel>,
  conditions: readonly ColumnCondition[],
): CategoryShift | null {
  const stored = modelCopula.categoryMeans;
  if (stored === undefined || condition.conditioned.length !== 1) return null;
  // The one condition that constrains this copula: the others (a business rule's leader term, the
  // mixture's own column) hold whatever its scores are, here.
  const at = (c: ColumnCondition) => outputColumns.findIndex((column) => column.name === c.column);
  const only = conditions.find((c) => {
    const prepared = copula.columns[at(c)];
    return (
      (prepared?.kind === 'categorical' || prepared?.kind === 'boolean') &&
      prepared.dimension === condition.conditioned[0]
    );
  });
  // (A category implies a value: 'present' constrains nothing more where the column has no missing
  // dimension, and where it has one, that dimension is a second conditioned one.)
  if (only === undefined || only.allowed === null || only.range !== null || only.missing === 'null')
    return null;
  const column = copula.columns[at(only)];
  const model = models.get(only.column);
  if (column === null || column === undefined || model === undefined) return null;
  if (column.kind !== 'categorical' && column.kind !== 'boolean') return null;
  // The prepared copula drops constant parts and renumbers the rest: back to the file's numbering,
  // and to each dimension's outcome thresholds.
  const fileDimension = new Map(modelCopula.dimensions.map((d, j) => [`${d.part}\u0000${d.column}`, j]));
  const fileIndex = new Int32Array(copula.dimensions).fill(-1);
  const thresholds: (Float64Array | null)[] = new Array(copula.dimensions).fill(null);
  copula.columns.forEach((prepared, k) => {
    if (prepared === null || prepared.kind === 'identifier' || prepared.kind === 'personal') return;
    const name = outputColumns[k]?.name ?? '';
    if (prepared.dimension >= 0) {
      fileIndex[prepared.dimension] = fileDimension.get(`value\u0000${name}`) ?? -1;
      thresholds[prepared.dimension] = outcomeThresholds(prepared, models.get(name), 'value');
    }
    if (prepared.missing !== null && prepared.missing.dimension >= 0) {
      fileIndex[prepared.missing.dimension] = fileDimension.get(`missing\u0000${name}`) ?? -1;
      thresholds[prepared.missing.dimension] = outcomeThresholds(prepared, models.get(name), 'missing');
    }
  });
  const own = stored.find((entry) => entry.dimension === fileIndex[column.dimension]);
  const kept = keptIntervals(column, model, only.allowed);
  if (own === undefined || kept === null || kept.length === 0) return null;
  const weights = kept.map(({ low, high }) => normalCdf(high) - normalCdf(low));
  const mass = weights.reduce((a, b) => a + b, 0);
  if (!(mass > 0) || kept.some(({ category }) => !own.means[category])) return null;
  // Moments of z_C ~ N(0, 1) restricted to the kept intervals: E z = Σ (φ(a) − φ(b)) / mass,
  // E z² = 1 + Σ (a φ(a) − b φ(b)) / mass (an infinite end contributes 0).
  const tail = (z: number) => (Number.isFinite(z) ? z * density(z) : 0);
  const conditionedMean = kept.reduce((s, { low, high }) => s + density(low) - density(high), 0) / mass;
  const conditionedVariance =
    1 + kept.reduce((s, { low, high }) => s + tail(low) - tail(high), 0) / mass - conditionedMean ** 2;
  const { free, regression, freeCholesky } = condition;
  const f = free.length;
  const offset = new Float64Array(f);
  const scale = new Float64Array(f).fill(1);
  const cutStart = new Int32Array(f + 1);
  const cuts: number[] = [];
  const targets: number[] = [];
  // The kept categories' statistic of dimension j, mixed by their masses; null if one lacks it.
  const mixed = <T>(of: (category: number) => T | null | undefined, add: (w: number, x: T) => void) =>
    kept.every(({ category }, n) => {
      const x = of(category);
      if (x === null || x === undefined) return false;
      add((weights[n] as number) / mass, x);
      return true;
    });
  for (let i = 0; i < f; i++) {
    // Each dimension before i holds one target more than its cuts (a continuous one a placeholder).
    while (targets.length < cuts.length + i) targets.push(0);
    cutStart[i] = cuts.length;
    const j = fileIndex[free[i] as number] as number;
    const a = regression[i] as number;
    let noise = 0;
    for (let k = 0; k <= i; k++) noise += (freeCholesky[i * f + k] as number) ** 2;
    const drawSd = Math.sqrt(a * a * Math.max(0, conditionedVariance) + noise);
    if (j < 0 || !(drawSd > 0)) continue;
    const to = thresholds[free[i] as number];
    if (to !== null && to !== undefined) {
      const shares = new Float64Array(to.length + 1);
      const known = mixed(
        (category) => own.shares[category]?.[j],
        (w, x) => {
          if (x.length !== shares.length) shares.fill(Number.NaN);
          else for (let b = 0; b < x.length; b++) shares[b]! += w * (x[b] as number);
        },
      );
      // Every outcome the category holds must have room in this copula (it does when both come
      // from the same rows; a guard against a model edited by hand).
      const room = [...shares].every(
        (share, b) => share === 0 || !((to[b] ?? Infinity) <= (to[b - 1] ?? -Infinity)),
      );
      if (known && room && shares.every(Number.isFinite)) {
        const total = shares.reduce((x, y) => x + y, 0);
        // y's mean and spread given the kept intervals: the cut at the standard normal quantile q
        // of the cumulative share is a E[z_C] + drawSd · q in y's units. (y is a normal mixed over
        // the truncated z_C, so not exactly normal: the shares are met to within the test's 0.03.)
        let cumulative = 0;
        for (let b = 0; b < to.length; b++) {
          cumulative += shares[b] as number;
          cuts.push(a * conditionedMean + drawSd * normalQuantile(Math.min(1, cumulative / total)));
        }
        for (let b = 0; b <= to.length; b++) targets.push(insideOutcome(to, b));
        continue;
      }
    }
    // A continuous dimension: the mixture of the kept categories' normals, mean Σ w μ and variance
    // Σ w (σ² + μ²) − mean².
    let mean = 0;
    let second = 0;
    const means = mixed(
      (category) => own.means[category]?.[j],
      (w, x) => {
        mean += w * x;
      },
    );
    const seconds = mixed(
      (category) => {
        const m = own.means[category]?.[j];
        const s = own.deviations[category]?.[j];
        return m === null || m === undefined || s === null || s === undefined ? null : s * s + m * m;
      },
      (w, x) => {
        second += w * x;
      },
    );
    if (!means || !seconds) continue;
    scale[i] = Math.sqrt(Math.max(0, second - mean * mean)) / drawSd;
    offset[i] = mean - (scale[i] as number) * a * conditionedMean;
  }
  cutStart[f] = cuts.length;
  while (targets.length < cuts.length + f) targets.push(0);
  return {
    offset,
    scale,
    cutStart,
    cuts: Float64Array.from(cuts),
    targets: Float64Array.from(targets),
  };
}

/** A score inside outcome b's interval [thresholds[b − 1], thresholds[b]) (ends ±∞ beyond the array). */
export function insideOutcome(thresholds: Float64Array, b: number): number {
  const low = b > 0 ? (thresholds[b - 1] as number) : Number.NEGATIVE_INFINITY;
  const high = b < thresholds.length ? (thresholds[b] as number) : Number.POSITIVE_INFINITY;
  if (Number.isFinite(low) && Number.isFinite(high)) {
    const middle = low + (high - low) / 2;
    return middle < high ? middle : low;
  }
  if (Number.isFinite(low)) return low + 1;
  if (Number.isFinite(high)) return high - 1;
  return 0;
}

/**
 * The score of a discrete dimension's draw y: the target of the outcome whose cuts enclose y
 * ({@link CategoryShift}). A few comparisons per row: a dimension has few outcomes.
 */
export function discreteScore(y: number, shift: CategoryShift, i: number): number {
  const start = shift.cutStart[i] as number;
  const end = shift.cutStart[i + 1] as number;
  let b = start;
  while (b < end && (shift.cuts[b] as number) <= y) b++;
  return shift.targets[b + i] as number;
}
