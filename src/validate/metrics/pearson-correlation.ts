import { pairwiseSum } from './pairwise-sum.js';

/**
 * Pearson's r as scipy.stats.pearsonr (≥ 1.9) computes it, for numerical stability on values far
 * from zero (datetimes in nanoseconds are ~1e18): centre on the mean, scale by the largest absolute
 * deviation, divide by the norms, then take the dot product; the result is clipped to [−1, 1].
 * Inputs must already be free of NaN and of equal length.
 * @returns NaN when either input is constant (scipy warns ConstantInputWarning and returns NaN).
 * @throws RangeError when fewer than 2 values are given (scipy raises ValueError).
 * @example pearsonCorrelation(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7)) // 0.9933992677987828
 */
export function pearsonCorrelation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2 || y.length !== n) throw new RangeError('x and y must have the same length, at least 2');
  let constantX = true;
  let constantY = true;
  for (let i = 1; i < n && (constantX || constantY); i++) {
    if (x[i] !== x[0]) constantX = false;
    if (y[i] !== y[0]) constantY = false;
  }
  if (constantX || constantY) return Number.NaN;
  // scipy answers two points exactly (the general path would give ±0.9999999999999998).
  if (n === 2) return Math.sign(x[1]! - x[0]!) * Math.sign(y[1]! - y[0]!);
  const xMean = pairwiseSum(x) / n;
  const yMean = pairwiseSum(y) / n;
  const xm = new Float64Array(n);
  const ym = new Float64Array(n);
  let xMax = 0;
  let yMax = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - xMean;
    const b = y[i]! - yMean;
    xm[i] = a;
    ym[i] = b;
    if (Math.abs(a) > xMax) xMax = Math.abs(a);
    if (Math.abs(b) > yMax) yMax = Math.abs(b);
  }
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xm[i] = xm[i]! / xMax;
    squares[i] = xm[i]! * xm[i]!;
  }
  const xNorm = Math.sqrt(pairwiseSum(squares));
  for (let i = 0; i < n; i++) {
    ym[i] = ym[i]! / yMax;
    squares[i] = ym[i]! * ym[i]!;
  }
  const yNorm = Math.sqrt(pairwiseSum(squares));
  for (let i = 0; i < n; i++) squares[i] = (xm[i]! / xNorm) * (ym[i]! / yNorm);
  const r = pairwiseSum(squares);
  return Math.max(-1, Math.min(1, r));
}
