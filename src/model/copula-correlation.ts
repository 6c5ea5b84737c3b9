/**
 * The Gaussian copula's correlation matrix, estimated from normal scores.
 */
import { correctDiscreteness } from './discreteness-correction.js';
import { nearestCorrelation } from './nearest-correlation.js';

/** Pairs with fewer complete rows than this get correlation 0: too few to estimate anything. */
const MIN_COMPLETE_ROWS = 3;

/**
 * Pearson correlation of every pair of score columns over the rows where both are finite
 * (pairwise-complete: a row missing one column still informs every pair without it). A pair with
 * fewer than 3 complete rows or no variance gets 0. Hand-written because it is the fit's hot loop
 * (d² / 2 passes over n rows) and simple-statistics' `sampleCorrelation` takes no missing values.
 * O(d² n).
 * @example pairwiseCorrelation([Float64Array.of(1, 2, 3, NaN), Float64Array.of(2, 4, 7, 1)])
 * // [[1, 0.9933992677987828], [0.9933992677987828, 1]]
 */
export function pairwiseCorrelation(scores: readonly Float64Array[]): number[][] {
  const d = scores.length;
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    out[a]![a] = 1;
    const x = scores[a]!;
    for (let b = 0; b < a; b++) {
      sums.fill(0);
      addPearsonSums(x, scores[b]!, sums, 0);
      out[a]![b] = out[b]![a] = correlationFromSums(
        sums[0]!,
        sums[1]!,
        sums[2]!,
        sums[3]!,
        sums[4]!,
        sums[5]!,
      );
    }
  }
  return out;
}

const sums = new Float64Array(6);

/**
 * Continues a pair's Pearson sums (complete rows, Σx, Σy, Σx², Σy², Σxy at sums[at..at + 5]) over
 * the rows of x and y where both are finite, adding row by row in order: sums continued over
 * consecutive batches are bit for bit those of one pass over all rows. O(rows).
 */
export function addPearsonSums(x: Float64Array, y: Float64Array, sums: Float64Array, at: number): void {
  // One pass of shifted sums is stable here: scores are standard normal, centred near 0.
  let n = sums[at]!;
  let sx = sums[at + 1]!;
  let sy = sums[at + 2]!;
  let sxx = sums[at + 3]!;
  let syy = sums[at + 4]!;
  let sxy = sums[at + 5]!;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (Number.isNaN(xi) || Number.isNaN(yi)) continue;
    n++;
    sx += xi;
    sy += yi;
    sxx += xi * xi;
    syy += yi * yi;
    sxy += xi * yi;
  }
  sums[at] = n;
  sums[at + 1] = sx;
  sums[at + 2] = sy;
  sums[at + 3] = sxx;
  sums[at + 4] = syy;
  sums[at + 5] = sxy;
}

/**
 * Pearson correlation from the sums of a pair over its complete rows (the mergeable form partial
 * statistics hold), clamped to [−1, 1]; 0 with fewer than 3 rows or no variance.
 */
export function correlationFromSums(
  n: number,
  sx: number,
  sy: number,
  sxx: number,
  syy: number,
  sxy: number,
): number {
  const vx = n * sxx - sx * sx;
  const vy = n * syy - sy * sy;
  const r = n < MIN_COMPLETE_ROWS || !(vx > 0) || !(vy > 0) ? 0 : (n * sxy - sx * sy) / Math.sqrt(vx * vy);
  return Math.min(1, Math.max(-1, r));
}

/**
 * The copula correlation: pairwise-complete Pearson correlation of the normal scores, corrected for
 * the attenuation that discrete columns cause ({@link correctDiscreteness}), then repaired to the
 * nearest positive definite correlation matrix ({@link nearestCorrelation}) so that the sampler
 * can factor it.
 * O(d² n + d³).
 * @param attenuations per dimension, from `dimensionAttenuation`.
 */
export function copulaCorrelation(
  scores: readonly Float64Array[],
  attenuations: readonly number[],
): number[][] {
  return repairedCorrelation(pairwiseCorrelation(scores), attenuations);
}

/**
 * A pairwise correlation of normal scores made a copula correlation: corrected for discreteness,
 * repaired to positive definite. Shared by the row fit and the merge of partial statistics.
 */
export function repairedCorrelation(
  pairwise: readonly (readonly number[])[],
  attenuations: readonly number[],
): number[][] {
  return nearestCorrelation(correctDiscreteness(pairwise, attenuations));
}
