/**
 * The Gaussian copula's correlation under differential privacy: a noisy second-moment matrix of
 * clipped normal scores ("Analyze Gauss", Dwork, Talwar, Thakurta & Zhang 2014, "Analyze Gauss:
 * optimal bounds for privacy-preserving principal component analysis", STOC), normalised to a
 * correlation and repaired to positive definite.
 */
import { correctDiscreteness } from '../discreteness-correction.js';
import { nearestCorrelation } from '../nearest-correlation.js';
import type { Accountant } from './accountant.js';

/** Scores are clipped to ±4 first: beyond that they are tail rows whatever their exact value. */
export const MAX_ABS_SCORE = 4;
/**
 * Row vectors are clipped to norm C with C² = d + √(2d): the mean plus one standard deviation of a
 * χ²_d, the squared norm of d independent standard normal scores. About one row in six is scaled
 * down a little, which the normalisation by the diagonal largely undoes; a larger C would cost
 * more noise (measured on telco and credit_data: + 1 sd beat + 0 and + 2 sd by a hair).
 */
export function clipNormSquared(dimensions: number): number {
  return dimensions + Math.sqrt(2 * dimensions);
}

/**
 * Estimates the copula correlation from normal scores under differential privacy.
 *
 * Each row's score vector z (a missing value scores 0; each score clipped to ±{@link MAX_ABS_SCORE};
 * the vector scaled down to norm at most C, C² = {@link clipNormSquared}) adds z zᵀ to the
 * second-moment matrix S = Σ z zᵀ, of which the d(d + 1)/2 entries on and above the diagonal are
 * measured. Adding or removing a row changes them by the entries of z zᵀ, so
 * - L2 sensitivity: √(Σ_{a≤b} z_a² z_b²) ≤ ‖z‖² ≤ C²;
 * - L1 sensitivity: Σ_{a≤b} |z_a z_b| = ((Σ|z_a|)² + ‖z‖²)/2 ≤ (d + 1)·C²/2.
 * The scores must each depend on their own row alone: they come from the released marginals
 * (post-processing) and an independent uniform draw per row and dimension, which is coupled
 * between neighbouring tables so that their sums differ by exactly one row's term (the noise is a
 * mixture over those draws, and Rényi divergence is quasi-convex, so the bound carries over).
 *
 * Post-processing: r_ab = S̃_ab / √(S̃_aa S̃_bb), divided by √(p_a p_b) for the shares p of rows with
 * a value (zero-scored missing values shrink a pair's moment by about that much), clipped to
 * [−1, 1] (0 when a noisy diagonal is not positive), divided by the two dimensions' attenuations
 * from discreteness (discreteness-correction.ts), then repaired to the nearest positive definite
 * correlation (Higham 2002).
 * O(n d² + d³).
 * @param scores one Float64Array per copula dimension, NaN where a row has no value.
 * @param presentShares released share of rows with a value, per dimension (1 for missing indicators).
 * @param attenuations per dimension, from the released marginals (private-attenuation.ts).
 */
export function privateCopulaCorrelation(
  scores: readonly Float64Array[],
  presentShares: readonly number[],
  attenuations: readonly number[],
  accountant: Accountant,
  share: number,
): number[][] {
  const moments = new Float64Array((scores.length * (scores.length + 1)) / 2);
  addScoreMoments(moments, scores);
  return correlationFromScoreMoments(moments, scores.length, presentShares, attenuations, accountant, share);
}

/**
 * Adds the rows' clipped score vectors' second moments z zᵀ (on and below the diagonal, row-major)
 * to `moments`: a sum, so partitions of the rows add up (model/partial/private-merge.ts).
 * Hand-written: the hot loop of the private fit, O(n d²).
 */
export function addScoreMoments(moments: Float64Array, scores: readonly Float64Array[]): void {
  const d = scores.length;
  const n = d === 0 ? 0 : scores[0]!.length;
  const clip2 = clipNormSquared(d);
  const z = new Float64Array(d);
  for (let row = 0; row < n; row++) {
    let norm2 = 0;
    for (let a = 0; a < d; a++) {
      const score = scores[a]![row]!;
      const clipped = Number.isNaN(score) ? 0 : Math.min(MAX_ABS_SCORE, Math.max(-MAX_ABS_SCORE, score));
      z[a] = clipped;
      norm2 += clipped * clipped;
    }
    const scale = norm2 > clip2 ? Math.sqrt(clip2 / norm2) : 1;
    let k = 0;
    for (let a = 0; a < d; a++) {
      const za = z[a]! * scale * scale;
      for (let b = 0; b <= a; b++) moments[k++]! += za * z[b]!;
    }
  }
}

/** The release and post-processing of {@link privateCopulaCorrelation}, from exact moment sums. */
export function correlationFromScoreMoments(
  moments: Float64Array,
  d: number,
  presentShares: readonly number[],
  attenuations: readonly number[],
  accountant: Accountant,
  share: number,
): number[][] {
  const clip2 = clipNormSquared(d);
  const measured = accountant.measure({
    statistic: 'score second moments',
    column: null,
    values: moments,
    l1Sensitivity: ((d + 1) * clip2) / 2,
    l2Sensitivity: clip2,
    share,
  });
  const diagonal = (a: number) => measured.noisy[(a * (a + 3)) / 2]!;
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let k = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const value = measured.noisy[k++]!;
      if (a === b) {
        out[a]![a] = 1;
        continue;
      }
      const saa = diagonal(a);
      const sbb = diagonal(b);
      const presence = Math.sqrt(presentShares[a]! * presentShares[b]!);
      const r = saa > 0 && sbb > 0 && presence > 0 ? value / Math.sqrt(saa * sbb) / presence : 0;
      out[a]![b] = out[b]![a] = Math.min(1, Math.max(-1, r));
    }
  }
  return nearestCorrelation(correctDiscreteness(out, attenuations));
}
