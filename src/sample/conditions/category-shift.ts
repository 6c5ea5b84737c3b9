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
 * Per free dimension, z_F = offset + scale · (A z_C + noise); then a discrete dimension's score is
 * moved from the cut points `cutsFrom[cutStart[i] ..)` (its outcomes' conditional shares on the
 * standard normal scale) to its own thresholds `cutsTo` (the outcome intervals the sampler reads),
 * the interval of outcome b to the interval of outcome b, linearly where both are finite.
 */
export interface CategoryShift {
  readonly offset: Float64Array;
  readonly scale: Float64Array;
  readonly cutStart: Int32Array;
  readonly cutsFrom: Float64Array;
  readonly cutsTo: Float64Array;
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
  const cutsFrom: number[] = [];
  const cutsTo: number[] = [];
  // The kept categories' statistic of dimension j, mixed by their masses; null if one lacks it.
  const mixed = <T>(of: (category: number) => T | null | undefined, add: (w: number, x: T) => void) =>
    kept.every(({ category }, n) => {
      const x = of(category);
      if (x === null || x === undefined) return false;
      add((weights[n] as number) / mass, x);
      return true;
    });
  for (let i = 0; i < f; i++) {
    cutStart[i] = cutsFrom.length;
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
        let cumulative = 0;
        for (let b = 0; b < to.length; b++) {
          cumulative += shares[b] as number;
          cutsFrom.push(normalQuantile(Math.min(1, cumulative / total)));
          cutsTo.push(to[b] as number);
        }
        scale[i] = 1 / drawSd;
        offset[i] = (-a * conditionedMean) / drawSd;
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
  cutStart[f] = cutsFrom.length;
  return {
    offset,
    scale,
    cutStart,
    cutsFrom: Float64Array.from(cutsFrom),
    cutsTo: Float64Array.from(cutsTo),
  };
}

/**
 * The score in outcome b's interval of `to` for a score z in outcome b's interval of `from` (both
 * sorted cut points, [start, end) of the arrays): linear between finite ends, a shift beside an
 * infinite one, so the map is monotone and the outcome shares are those of `from`.
 */
export function moveToOutcome(
  z: number,
  from: Float64Array,
  to: Float64Array,
  start: number,
  end: number,
): number {
  let b = start;
  while (b < end && (from[b] as number) <= z) b++;
  const fromLow = b > start ? (from[b - 1] as number) : Number.NEGATIVE_INFINITY;
  const fromHigh = b < end ? (from[b] as number) : Number.POSITIVE_INFINITY;
  const low = b > start ? (to[b - 1] as number) : Number.NEGATIVE_INFINITY;
  const high = b < end ? (to[b] as number) : Number.POSITIVE_INFINITY;
  let out: number;
  if (Number.isFinite(low) && Number.isFinite(high))
    out =
      Number.isFinite(fromLow) && Number.isFinite(fromHigh)
        ? low + ((high - low) * (z - fromLow)) / (fromHigh - fromLow)
        : (low + high) / 2;
  else if (Number.isFinite(low)) out = low + (Number.isFinite(fromLow) ? z - fromLow : 0);
  else if (Number.isFinite(high)) out = high - (Number.isFinite(fromHigh) ? fromHigh - z : 1);
  else out = z;
  // Rounding must not carry a score over an end of its interval [low, high).
  if (!(out >= low)) out = low;
  if (!(out < high)) out = Number.isFinite(low) ? (low + high) / 2 : high - 1;
  return out;
}
