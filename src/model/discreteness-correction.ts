/**
 * Undoing the attenuation that discrete values put on the copula correlation.
 *
 * A value that occupies an interval of [0, 1] (a category, a boolean, a missing flag, a point mass)
 * is scored at a random point of its interval, so its score is the latent normal blurred within the
 * interval; sampling then discretises again. Both steps weaken every correlation that involves the
 * column: two balanced yes/no columns keep only 0.64² ≈ 0.41 of their latent correlation. To first
 * order (the leading Hermite term of the score map g), corr(g₁(Z₁), g₂(Z₂)) = ρ · s₁ · s₂ with
 * s = E[Z g(Z)] = Σ_intervals (φ(a) − φ(b))² / p + ∫_continuous z² φ(z) dz, where an interval [a, b]
 * in normal scores has probability p. Dividing the observed correlation by s₁s₂ recovers ρ
 * (Lancaster 1957, "Some properties of the bivariate normal distribution considered in the form of
 * a contingency table", Biometrika 44; the same idea as the polyserial/polychoric corrections).
 * It uses only the marginals the model stores, so it is post-processing: free under differential
 * privacy.
 */
import { assertNever } from '../assert-never.js';
import { normalQuantile } from '../stats/normal.js';
import {
  type ColumnModel,
  type CopulaDimension,
  isModelled,
  type ModelledColumnModel,
  type PiecewiseCdf,
} from './model-format.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** Corrected correlations are kept inside ±MAX_CORRELATION; the PD repair does the rest. */
const MAX_CORRELATION = 0.995;
/**
 * The first-order correction holds for reasonably balanced layouts; for a rare flag (a column missing
 * in 0.2% of rows has s ≈ 0.02) it would multiply sampling noise fifty-fold, so s is floored here.
 */
const MIN_ATTENUATION = 0.35;

function density(z: number): number {
  return Number.isFinite(z) ? INV_SQRT_2PI * Math.exp(-0.5 * z * z) : 0;
}

/** z φ(z), 0 at ±∞. */
function zDensity(z: number): number {
  return Number.isFinite(z) ? z * density(z) : 0;
}

/**
 * s for a layout of [0, 1] given as breakpoints between which the score is either a blurred interval
 * (`discrete[i]` true) or continuous.
 */
export function attenuationOfLayout(breaks: readonly number[], discrete: readonly boolean[]): number {
  let s = 0;
  for (let i = 0; i + 1 < breaks.length; i++) {
    const p = breaks[i + 1]! - breaks[i]!;
    if (!(p > 0)) continue;
    const a = normalQuantile(breaks[i]!);
    const b = normalQuantile(breaks[i + 1]!);
    // Discrete: (φ(a) − φ(b))² / p. Continuous: ∫_a^b z²φ(z) dz = p − (bφ(b) − aφ(a)).
    s += discrete[i] ? (density(a) - density(b)) ** 2 / p : p - (zDensity(b) - zDensity(a));
  }
  return Math.min(1, Math.max(0, s));
}

/** Breakpoints of a set of probabilities laid end to end, all discrete. */
function intervalsOf(probabilities: readonly number[]): number {
  const breaks = [0];
  for (const p of probabilities) breaks.push(breaks[breaks.length - 1]! + p);
  breaks[breaks.length - 1] = 1;
  return attenuationOfLayout(
    breaks,
    probabilities.map(() => true),
  );
}

/** A CDF's jumps (knots sharing a value) are discrete intervals; the stretches between are continuous. */
function attenuationOfCdf(cdf: PiecewiseCdf): number {
  const breaks = [0];
  const discrete: boolean[] = [];
  for (let i = 0; i + 1 < cdf.values.length; i++) {
    if (cdf.cumulative[i + 1] === cdf.cumulative[i]) continue;
    breaks.push(cdf.cumulative[i + 1]!);
    discrete.push(cdf.values[i + 1] === cdf.values[i]);
  }
  return attenuationOfLayout(breaks, discrete);
}

/** s of one copula dimension, from the column's stored marginal. */
export function dimensionAttenuation(column: ModelledColumnModel, part: CopulaDimension['part']): number {
  if (part === 'missing') return intervalsOf([1 - column.missingRate, column.missingRate]);
  switch (column.kind) {
    case 'categorical':
      return intervalsOf(column.probabilities);
    case 'boolean':
      return intervalsOf([1 - column.trueProbability, column.trueProbability]);
    case 'numeric':
    case 'integer':
    case 'datetime':
      return attenuationOfCdf(column.cdf);
    default:
      return assertNever(column);
  }
}

/** s of every copula dimension, in order. */
export function dimensionAttenuations(
  columns: readonly ColumnModel[],
  dimensions: readonly CopulaDimension[],
): number[] {
  const modelled = new Map(columns.filter(isModelled).map((column) => [column.name, column]));
  return dimensions.map((d) =>
    Math.max(MIN_ATTENUATION, dimensionAttenuation(modelled.get(d.column)!, d.part)),
  );
}

/**
 * Divides each correlation of scores by the product of its two dimensions' attenuations, kept inside
 * ±0.995 (repair to positive definite comes after).
 * @param attenuations s per dimension, in (0, 1].
 */
export function correctDiscreteness(
  correlation: readonly (readonly number[])[],
  attenuations: readonly number[],
): number[][] {
  return correlation.map((row, i) =>
    row.map((r, j) => {
      if (i === j) return 1;
      const scale = attenuations[i]! * attenuations[j]!;
      const corrected = scale > 0 ? r / scale : 0;
      return Math.min(MAX_CORRELATION, Math.max(-MAX_CORRELATION, corrected));
    }),
  );
}
