import { DoppelError } from '../errors.js';

/**
 * The lower Cholesky factor L of a correlation matrix (R = L Lᵀ), row-major d × d, by the
 * Cholesky–Banachiewicz loop in ml-matrix's order of operations (so factors are bit-identical to
 * its). Written out rather than imported so that workers, which factor a mixture's group copulas,
 * need not load a matrix library (about 0.1 s and 14 MB per thread).
 * O(d³).
 * @throws DoppelError `invalid-model` when the matrix is not positive definite.
 * @example choleskyFactor([[1, 0.5], [0.5, 1]]) // Float64Array [1, 0, 0.5, 0.8660254037844386]
 */
export function choleskyFactor(correlation: readonly (readonly number[])[]): Float64Array {
  const d = correlation.length;
  const factor = new Float64Array(d * d);
  let positiveDefinite = true;
  for (let j = 0; j < d; j++) {
    let sumOfSquares = 0;
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += factor[k * d + i]! * factor[j * d + i]!;
      s = (correlation[j]![k]! - s) / factor[k * d + k]!;
      factor[j * d + k] = s;
      sumOfSquares += s * s;
    }
    const pivot = correlation[j]![j]! - sumOfSquares;
    positiveDefinite &&= pivot > 0 && correlation[j]!.length === d;
    factor[j * d + j] = Math.sqrt(Math.max(pivot, 0));
  }
  if (!positiveDefinite || correlation.some((row, i) => row.some((v, j) => v !== correlation[j]![i]))) {
    throw new DoppelError(
      'invalid-model',
      'the model’s copula correlation matrix is not positive definite; refit the model with this version of doppel',
      [{ path: ['copula', 'correlation'], message: 'must be positive definite' }],
    );
  }
  return factor;
}
