/**
 * Draws of a normal N(μ, s²) restricted to a union of intervals [a_i, b_i), by inversion: exact (no
 * rejection) and one Φ⁻¹ per draw. Probabilities are taken on the side of the nearer tail, so an
 * interval far out (b − μ = 9 s, say) keeps its precision where 1 − Φ would round to 0.
 * Hand-written: this is the conditioned sampler's per-row arithmetic.
 */
import { normalCdf, normalQuantile } from '../../stats/normal.js';

/** P(α ≤ X < β) for a standard normal X, accurate in both tails. */
export function standardMass(alpha: number, beta: number): number {
  if (!(alpha < beta)) return 0;
  if (alpha >= 0) return normalCdf(-alpha) - normalCdf(-beta);
  return normalCdf(beta) - normalCdf(alpha);
}

/** The largest double below b (b itself when infinite): interval ends are exclusive. */
function below(b: number): number {
  if (!Number.isFinite(b)) return b;
  return b - Math.max(Math.abs(b) * Number.EPSILON, Number.MIN_VALUE);
}

/**
 * X ~ N(0, 1) given α ≤ X < β, from a uniform u in [0, 1).
 * @example standardTruncated(1, 2, 0) // 1
 */
export function standardTruncated(alpha: number, beta: number, u: number): number {
  let x: number;
  if (alpha >= 0) {
    const pa = normalCdf(-alpha);
    const pb = normalCdf(-beta);
    x = -normalQuantile(pa - u * (pa - pb));
  } else {
    const pa = normalCdf(alpha);
    const pb = normalCdf(beta);
    x = normalQuantile(pa + u * (pb - pa));
  }
  return x;
}

/**
 * The mass of a score set under N(μ, s²) (s > 0).
 * @param lows,highs the set's intervals [lows[i], highs[i]) from index `from` to `to` (exclusive).
 */
export function setMass(
  lows: Float64Array,
  highs: Float64Array,
  from: number,
  to: number,
  mean: number,
  sd: number,
): number {
  if (sd === 0) {
    for (let i = from; i < to; i++) if (mean >= (lows[i] as number) && mean < (highs[i] as number)) return 1;
    return 0;
  }
  let mass = 0;
  for (let i = from; i < to; i++) {
    mass += standardMass(((lows[i] as number) - mean) / sd, ((highs[i] as number) - mean) / sd);
  }
  return mass;
}

/**
 * A draw of N(μ, s²) restricted to the set, given the set's mass under it and a uniform u in
 * [0, 1): the interval by its share of the mass, then inversion inside it, clamped into [a, b) so
 * that rounding never leaves the set.
 */
export function drawInSet(
  lows: Float64Array,
  highs: Float64Array,
  from: number,
  to: number,
  mean: number,
  sd: number,
  mass: number,
  u: number,
): number {
  if (sd === 0) return mean;
  let target = u * mass;
  for (let i = from; i < to; i++) {
    const a = lows[i] as number;
    const b = highs[i] as number;
    const alpha = (a - mean) / sd;
    const beta = (b - mean) / sd;
    const m = standardMass(alpha, beta);
    if (target < m || i === to - 1) {
      const x = standardTruncated(alpha, beta, m > 0 ? Math.min(target / m, 1) : 0.5);
      const z = mean + sd * x;
      return Math.min(Math.max(z, a), below(b));
    }
    target -= m;
  }
  return mean;
}

/**
 * The mass of a score set under N(μ, s²) (s > 0), as {@link setMass}, keeping each interval's
 * normal probabilities at its ends (on the nearer tail's side) in `ends` (two per interval), so
 * that {@link drawFromEnds} draws from the set without computing them again: the conditioned
 * sampler's per-row cost is then two Φ and one Φ⁻¹ per dimension and interval, not six and one.
 */
export function massAndEnds(
  lows: Float64Array,
  highs: Float64Array,
  from: number,
  to: number,
  mean: number,
  sd: number,
  ends: Float64Array,
): number {
  let mass = 0;
  for (let i = from, j = 0; i < to; i++, j += 2) {
    const alpha = ((lows[i] as number) - mean) / sd;
    const beta = ((highs[i] as number) - mean) / sd;
    let pa = 0;
    let pb = 0;
    if (alpha < beta) {
      if (alpha >= 0) {
        pa = normalCdf(-alpha);
        pb = normalCdf(-beta);
        mass += pa - pb;
      } else {
        pa = normalCdf(alpha);
        pb = normalCdf(beta);
        mass += pb - pa;
      }
    }
    ends[j] = pa;
    ends[j + 1] = pb;
  }
  return mass;
}

/**
 * {@link drawInSet} from the ends {@link massAndEnds} computed for the same set, mean and s (> 0):
 * the same draw, one Φ⁻¹.
 */
export function drawFromEnds(
  lows: Float64Array,
  highs: Float64Array,
  from: number,
  to: number,
  mean: number,
  sd: number,
  ends: Float64Array,
  mass: number,
  u: number,
): number {
  let target = u * mass;
  for (let i = from, j = 0; i < to; i++, j += 2) {
    const a = lows[i] as number;
    const b = highs[i] as number;
    const upperTail = (a - mean) / sd >= 0;
    const pa = ends[j] as number;
    const pb = ends[j + 1] as number;
    const m = upperTail ? pa - pb : pb - pa;
    if (target < m || i === to - 1) {
      const t = m > 0 ? Math.min(target / m, 1) : 0.5;
      const x = upperTail ? -normalQuantile(pa - t * (pa - pb)) : normalQuantile(pa + t * (pb - pa));
      return Math.min(Math.max(mean + sd * x, a), below(b));
    }
    target -= m;
  }
  return mean;
}
