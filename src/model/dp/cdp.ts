/**
 * Conversions between ρ-zero-concentrated differential privacy (zCDP) and (ε, δ)-differential
 * privacy. A port of private-pgm's `cdp2adp.py` (McKenna; the bound is Canonne, Kamath & Steinke
 * 2020, "The Discrete Gaussian for Differential Privacy", NeurIPS, Proposition 12 / Corollary 13),
 * the conversion that smartnoise's MST and AIM synthesizers use (metrics.md §4.4).
 *
 * Every bisection keeps the side that is valid: a ρ returned by {@link cdpRho} always satisfies
 * cdpDelta(ρ, ε) ≤ δ, so an inexact search only ever costs utility, never privacy.
 */

/** Bisection steps, as private-pgm: far more than float precision needs, so the results are its. */
const ITERATIONS = 1000;
/** Smallest Rényi order searched; private-pgm's floor against numerical trouble near α = 1. */
const MIN_ALPHA = 1.01;

/**
 * The smallest δ such that ρ-zCDP implies (ε, δ)-DP, by the bound
 * δ = min over α > 1 of exp((α − 1)(αρ − ε) + α·log1p(−1/α)) / (α − 1),
 * minimised by a bisection on the sign of its derivative in α over [1.01, (ε + 1)/(2ρ) + 2].
 * Any α gives a valid δ, so an imprecise minimum only overstates δ.
 * O(1) (1,000 steps).
 * @throws RangeError for negative ρ or ε.
 * @example cdpDelta(0.0149731, 1) // ≈ 1e-9
 */
export function cdpDelta(rho: number, epsilon: number): number {
  if (!(rho >= 0) || !(epsilon >= 0)) throw new RangeError('cdpDelta needs rho >= 0 and epsilon >= 0');
  if (rho === 0) return 0;
  let low = MIN_ALPHA;
  let high = (epsilon + 1) / (2 * rho) + 2;
  let alpha = low;
  for (let i = 0; i < ITERATIONS; i++) {
    alpha = (low + high) / 2;
    const derivative = (2 * alpha - 1) * rho - epsilon + Math.log1p(-1 / alpha);
    if (derivative < 0) low = alpha;
    else high = alpha;
  }
  const delta =
    Math.exp((alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha)) / (alpha - 1);
  return Math.min(delta, 1);
}

/**
 * The largest ρ such that ρ-zCDP implies (ε, δ)-DP: a bisection on ρ in [0, ε + 1] keeping
 * cdpDelta(ρ, ε) ≤ δ at the lower end, which is returned.
 * Reference values (metrics.md §4.4): cdpRho(1, 1e-9) = 0.0149731, cdpRho(1, 1e-5) = 0.0305566,
 * cdpRho(3, 1e-9) = 0.120582.
 * O(1) (10⁶ steps of arithmetic, about a millisecond).
 * @throws RangeError for ε < 0 or δ outside (0, 1].
 * @example cdpRho(1, 1e-9) // 0.014973…
 */
export function cdpRho(epsilon: number, delta: number): number {
  if (!(epsilon >= 0) || !(delta > 0) || delta > 1) {
    throw new RangeError('cdpRho needs epsilon >= 0 and 0 < delta <= 1');
  }
  if (delta >= 1) return 0;
  let low = 0;
  let high = epsilon + 1;
  for (let i = 0; i < ITERATIONS; i++) {
    const rho = (low + high) / 2;
    if (cdpDelta(rho, epsilon) <= delta) low = rho;
    else high = rho;
  }
  return low;
}

/**
 * The smallest ε such that ρ-zCDP implies (ε, δ)-DP: a bisection on ε between 0 and the simple
 * bound ρ + 2√(ρ ln(1/δ)) (Bun & Steinke 2016, Proposition 1.3), keeping cdpDelta(ρ, ε) ≤ δ at the
 * upper end, which is returned.
 * O(1) (10⁶ steps).
 * @throws RangeError for ρ < 0 or δ outside (0, 1].
 * @example cdpEpsilon(cdpRho(1, 1e-9), 1e-9) // ≈ 1 (never above)
 */
export function cdpEpsilon(rho: number, delta: number): number {
  if (!(rho >= 0) || !(delta > 0) || delta > 1) {
    throw new RangeError('cdpEpsilon needs rho >= 0 and 0 < delta <= 1');
  }
  if (delta >= 1 || rho === 0) return 0;
  let low = 0;
  let high = rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  for (let i = 0; i < ITERATIONS; i++) {
    const epsilon = (low + high) / 2;
    if (cdpDelta(rho, epsilon) <= delta) high = epsilon;
    else low = epsilon;
  }
  return high;
}
