/**
 * The two additive-noise mechanisms every private statistic of a fit goes through.
 *
 * Neighbouring relation throughout: two tables are neighbours when one is the other with one row
 * added or removed (unbounded DP). Sensitivities below are of a statistic f to that change:
 * Δ₁ = max ‖f(D) − f(D')‖₁ and Δ₂ = max ‖f(D) − f(D')‖₂ over neighbours D, D'. For a histogram in
 * which each row falls in one cell, Δ₁ = Δ₂ = 1 (metrics.md §4.4).
 */
import type { RandomSource } from '../../stats/random.js';
import { fillGaussian, fillLaplace } from './noise.js';

/** A measured vector and the scale of the noise that was added to it. */
export interface Measurement {
  readonly noisy: Float64Array;
  /** σ (Gaussian) or b (Laplace). */
  readonly scale: number;
}

/**
 * b = Δ₁/ε: the Laplace scale that makes a statistic of L1 sensitivity Δ₁ ε-DP (Dwork, McSherry,
 * Nissim & Smith 2006, "Calibrating noise to sensitivity in private data analysis", TCC).
 * @example laplaceScale(1, 0.5) // 2
 */
export function laplaceScale(l1Sensitivity: number, epsilon: number): number {
  if (!(l1Sensitivity > 0) || !(epsilon > 0)) throw new RangeError('laplaceScale needs positive inputs');
  return l1Sensitivity / epsilon;
}

/**
 * σ = Δ₂/√(2ρ): the Gaussian standard deviation that makes a statistic of L2 sensitivity Δ₂ ρ-zCDP
 * (Bun & Steinke 2016, "Concentrated differential privacy: simplifications, extensions, and lower
 * bounds", TCC, Proposition 1.6).
 * @example gaussianSigma(1, 0.5) // 1
 */
export function gaussianSigma(l2Sensitivity: number, rho: number): number {
  if (!(l2Sensitivity > 0) || !(rho > 0)) throw new RangeError('gaussianSigma needs positive inputs');
  return l2Sensitivity / Math.sqrt(2 * rho);
}

/**
 * The Laplace mechanism: `values` + independent Laplace(Δ₁/ε) noise per coordinate; ε-DP when Δ₁
 * bounds the L1 sensitivity of the whole vector. Also (ε²/2)-zCDP (Bun & Steinke 2016, Prop. 1.4).
 * O(values.length).
 * @example laplaceMechanism(Float64Array.of(10, 20), 1, 1, makeRandom(1)).scale // 1
 */
export function laplaceMechanism(
  values: Float64Array,
  l1Sensitivity: number,
  epsilon: number,
  random: RandomSource,
): Measurement {
  const scale = laplaceScale(l1Sensitivity, epsilon);
  const noisy = fillLaplace(random, scale, new Float64Array(values.length));
  for (let i = 0; i < noisy.length; i++) noisy[i] = noisy[i]! + values[i]!;
  return { noisy, scale };
}

/**
 * The Gaussian mechanism: `values` + independent N(0, σ²) noise per coordinate with σ = Δ₂/√(2ρ);
 * ρ-zCDP when Δ₂ bounds the L2 sensitivity of the whole vector.
 * O(values.length).
 * @example gaussianMechanism(Float64Array.of(10, 20), 1, 0.5, makeRandom(1)).scale // 1
 */
export function gaussianMechanism(
  values: Float64Array,
  l2Sensitivity: number,
  rho: number,
  random: RandomSource,
): Measurement {
  const scale = gaussianSigma(l2Sensitivity, rho);
  const noisy = fillGaussian(random, scale, new Float64Array(values.length));
  for (let i = 0; i < noisy.length; i++) noisy[i] = noisy[i]! + values[i]!;
  return { noisy, scale };
}
