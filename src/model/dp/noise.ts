/**
 * Noise distributions of the privacy mechanisms, drawn from a seeded {@link RandomSource}.
 *
 * Known limitation: these are floating-point samplers, so the low-order bits of a noisy value are
 * not perfectly distributed (Mironov 2012, "On significance of the least significant bits for
 * differential privacy", CCS). The released statistics are further post-processed (clipped,
 * normalised, accumulated, rounded) before they reach the model, which blurs those bits, but the
 * guarantee is the textbook one for real-valued noise, not a discrete (snapping) mechanism's.
 */
import { fillStandardNormal, type RandomSource } from '../../stats/random.js';

/**
 * An Exp(1) draw, −ln U with U uniform on (0, 1]: 1 − nextDouble() is never 0, so the draw is
 * finite.
 */
function standardExponential(random: RandomSource): number {
  return -Math.log(1 - random.nextDouble());
}

/**
 * Fills `out` with independent Laplace(0, b) draws, density exp(−|x|/b)/(2b), variance 2b²: each is
 * b·(E₁ − E₂) for two independent Exp(1) draws (the difference of two exponentials is Laplace).
 * O(out.length).
 * @example fillLaplace(makeRandom(1), 2, new Float64Array(3)) // three draws of scale 2
 */
export function fillLaplace(random: RandomSource, scale: number, out: Float64Array): Float64Array {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError('Laplace scale must be positive and finite');
  for (let i = 0; i < out.length; i++)
    out[i] = scale * (standardExponential(random) - standardExponential(random));
  return out;
}

/**
 * Fills `out` with independent N(0, σ²) draws (Marsaglia's polar method, via
 * {@link fillStandardNormal}).
 * O(out.length).
 * @example fillGaussian(makeRandom(1), 3, new Float64Array(3)) // three draws of standard deviation 3
 */
export function fillGaussian(random: RandomSource, sigma: number, out: Float64Array): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma))
    throw new RangeError('Gaussian sigma must be positive and finite');
  fillStandardNormal(random, out);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * sigma;
  return out;
}
