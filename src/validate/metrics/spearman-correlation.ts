import { averageRanks } from './average-ranks.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * Spearman's ρ as scipy.stats.spearmanr computes it: Pearson's correlation of the average ranks,
 * through `np.corrcoef` (covariance divided by the two standard deviations, clipped to [−1, 1]).
 * Inputs must be free of NaN and of equal length.
 * @returns NaN when either input is constant or has fewer than 2 values (scipy returns NaN).
 * @example spearmanCorrelation(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)) // 0.8
 */
export function spearmanCorrelation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2 || y.length !== n) return Number.NaN;
  let constantX = true;
  let constantY = true;
  for (let i = 1; i < n; i++) {
    if (x[i] !== x[0]) constantX = false;
    if (y[i] !== y[0]) constantY = false;
  }
  if (constantX || constantY) return Number.NaN;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mx = pairwiseSum(rx) / n;
  const my = pairwiseSum(ry) / n;
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rx[i]! - mx;
    const b = ry[i]! - my;
    xx[i] = a * a;
    yy[i] = b * b;
    xy[i] = a * b;
  }
  // np.cov divides each entry by n − 1 before corrcoef divides by the standard deviations.
  const cxy = pairwiseSum(xy) / (n - 1);
  const sx = Math.sqrt(pairwiseSum(xx) / (n - 1));
  const sy = Math.sqrt(pairwiseSum(yy) / (n - 1));
  const r = cxy / sx / sy;
  return Math.max(-1, Math.min(1, r));
}
