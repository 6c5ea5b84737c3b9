import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DoppelError } from '../errors.js';

/**
 * The lower Cholesky factor L of a correlation matrix (R = L Lᵀ), row-major d × d, by ml-matrix.
 * Computed once on the main thread and handed to workers, so they need not load a matrix library.
 * O(d³).
 * @throws DoppelError `invalid-model` when the matrix is not positive definite.
 * @example choleskyFactor([[1, 0.5], [0.5, 1]]) // Float64Array [1, 0, 0.5, 0.8660254037844386]
 */
export function choleskyFactor(correlation: readonly (readonly number[])[]): Float64Array {
  const d = correlation.length;
  const factor = new Float64Array(d * d);
  if (d === 0) return factor;
  const decomposition = new CholeskyDecomposition(new Matrix(correlation.map((row) => [...row])));
  if (!decomposition.isPositiveDefinite()) {
    throw new DoppelError(
      'invalid-model',
      'the model’s copula correlation matrix is not positive definite; refit the model with this version of doppel',
      [{ path: ['copula', 'correlation'], message: 'must be positive definite' }],
    );
  }
  const lower = decomposition.lowerTriangularMatrix;
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) factor[i * d + j] = lower.get(i, j);
  return factor;
}
