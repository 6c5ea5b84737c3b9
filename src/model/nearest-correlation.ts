/**
 * Repairs an estimated correlation matrix to a positive definite one. A pairwise-complete estimate
 * (each entry from the rows where both columns are present) need not be positive semidefinite, and
 * the sampler needs a Cholesky factor.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Smallest eigenvalue a repaired matrix keeps (before rescaling to a unit diagonal). */
export const MIN_EIGENVALUE = 1e-6;

/**
 * Up to this many dimensions the repair is Higham's nearest correlation matrix; above, a shrinkage
 * toward the identity ({@link shrinkToPositiveDefinite}). Each Higham iteration is an eigen
 * decomposition (O(d³) with a large constant: 11 s at d = 1,000 in ml-matrix on our machines), and a
 * table with more columns than rows, whose estimate is rank-deficient, needs up to 200 of them:
 * 1,000 columns × 100 rows took over 5 minutes. Shrinkage needs only Cholesky factorisations.
 */
export const HIGHAM_MAX_DIMENSIONS = 150;

export interface NearestCorrelationOptions {
  readonly minEigenvalue?: number;
  readonly maxIterations?: number;
  /** Stop when successive iterates differ by less than this (relative Frobenius norm). */
  readonly tolerance?: number;
}

/**
 * The correlation matrix nearest to `matrix` (Frobenius norm) among those with every eigenvalue at
 * least `minEigenvalue`: Higham's alternating projections with Dykstra's correction, between the
 * matrices with eigenvalues ≥ ε (clip the eigenvalues) and those with a unit diagonal. A final clip
 * and congruence rescaling D^-½ X D^-½ gives an exactly unit diagonal while keeping positive
 * definiteness. A matrix that is already a correlation matrix with eigenvalues ≥ ε is returned
 * unchanged (symmetrised).
 *
 * Reference: N. J. Higham (2002), "Computing the nearest correlation matrix — a problem from finance",
 * IMA Journal of Numerical Analysis 22(3), 329–343.
 * O(iterations · d³) for d dimensions.
 * @throws Error if the result fails a Cholesky factorisation (a bug, not a user error).
 * @example nearestCorrelation([[1, 1, 0], [1, 1, 1], [0, 1, 1]])
 * // ≈ [[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]] (Higham 2002, §4)
 */
export function nearestCorrelation(
  matrix: readonly (readonly number[])[],
  options: NearestCorrelationOptions = {},
): number[][] {
  const d = matrix.length;
  if (d === 0) return [];
  if (d > HIGHAM_MAX_DIMENSIONS) return shrinkToPositiveDefinite(matrix, options.minEigenvalue);
  const epsilon = options.minEigenvalue ?? MIN_EIGENVALUE;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-12;
  let y = symmetricUnitDiagonal(matrix);
  if (minEigenvalue(y) >= epsilon) return finish(y);

  let correction = Matrix.zeros(d, d);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const r = Matrix.sub(y, correction);
    const x = clipEigenvalues(r, epsilon);
    correction = Matrix.sub(x, r);
    const next = x.clone();
    for (let i = 0; i < d; i++) next.set(i, i, 1);
    const change = Matrix.sub(next, y).norm('frobenius') / next.norm('frobenius');
    y = next;
    if (change < tolerance) break;
  }
  // Setting the diagonal to 1 can push the smallest eigenvalue a little below ε; clipping and then
  // rescaling by a congruence keeps every eigenvalue positive.
  for (let round = 0; round < 10 && minEigenvalue(y) < epsilon / 2; round++) {
    y = rescaleToUnitDiagonal(clipEigenvalues(y, epsilon));
  }
  return finish(y);
}

/**
 * (1 − λ)·R + λ·I with the smallest λ in [0, 1] (to 2⁻¹⁰) whose every eigenvalue exceeds
 * `minEigenvalue`: linear shrinkage toward the identity (Ledoit & Wolf 2004, "A well-conditioned
 * estimator for large-dimensional covariance matrices", J. Multivariate Analysis 88(2)), which keeps
 * the unit diagonal and the sign and order of every correlation. λ is found by bisection, each step
 * one Cholesky factorisation of R_λ − εI (it succeeds exactly when the smallest eigenvalue of R_λ
 * exceeds ε): O(11 · d³/6), against Higham's O(iterations · eigen decomposition). Not the nearest
 * correlation matrix: every correlation shrinks by the same factor (1 − λ); the model is wide, and
 * the estimate of a table with more columns than rows is rank-deficient, so some shrinkage is due.
 * @example shrinkToPositiveDefinite([[1, 1], [1, 1]]) // ≈ [[1, 0.99999], [0.99999, 1]]
 */
export function shrinkToPositiveDefinite(
  matrix: readonly (readonly number[])[],
  minEigenvalue = MIN_EIGENVALUE,
): number[][] {
  const d = matrix.length;
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    if (matrix[i]!.length !== d) throw new RangeError('shrinkToPositiveDefinite needs a square matrix');
    for (let j = 0; j < i; j++) r[i * d + j] = r[j * d + i] = (matrix[i]![j]! + matrix[j]![i]!) / 2;
    r[i * d + i] = 1;
  }
  const work = new Float64Array(d * d);
  const holds = (lambda: number) => choleskySucceeds(r, d, 1 - lambda, lambda - minEigenvalue, work);
  let lambda = 0;
  if (!holds(0)) {
    let low = 0;
    let high = 1;
    for (let step = 0; step < 10; step++) {
      const middle = (low + high) / 2;
      if (holds(middle)) high = middle;
      else low = middle;
    }
    lambda = high;
  }
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 1 : (1 - lambda) * r[i * d + j]!)),
  );
}

/**
 * Whether scale·R + shift·I (R a d × d row-major matrix) has a Cholesky factor, i.e. is positive
 * definite. Hand-written because it is the wide fit's hot loop: one lower-triangle pass over a flat
 * Float64Array that stops at the first non-positive pivot (ml-matrix's always completes, on
 * number[][] rows).
 */
function choleskySucceeds(
  r: Float64Array,
  d: number,
  scale: number,
  shift: number,
  l: Float64Array,
): boolean {
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * d;
      let sum = scale * r[rowI + j]! + (i === j ? shift : 0);
      for (let k = 0; k < j; k++) sum -= l[rowI + k]! * l[rowJ + k]!;
      if (i === j) {
        if (!(sum > 0)) return false;
        l[rowI + i] = Math.sqrt(sum);
      } else {
        l[rowI + j] = sum / l[rowJ + j]!;
      }
    }
  }
  return true;
}

/** True when Cholesky factorisation succeeds: what the sampler needs. */
export function isPositiveDefinite(matrix: readonly (readonly number[])[]): boolean {
  if (matrix.length === 0) return true;
  return new CholeskyDecomposition(new Matrix(matrix.map((row) => [...row]))).isPositiveDefinite();
}

function symmetricUnitDiagonal(matrix: readonly (readonly number[])[]): Matrix {
  const d = matrix.length;
  const out = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    if (matrix[i]!.length !== d) throw new RangeError('nearestCorrelation needs a square matrix');
    out.set(i, i, 1);
    for (let j = 0; j < i; j++) {
      const value = (matrix[i]![j]! + matrix[j]![i]!) / 2;
      out.set(i, j, value);
      out.set(j, i, value);
    }
  }
  return out;
}

function minEigenvalue(matrix: Matrix): number {
  return Math.min(...new EigenvalueDecomposition(matrix, { assumeSymmetric: true }).realEigenvalues);
}

/** V max(Λ, ε) Vᵀ: the nearest matrix with eigenvalues ≥ ε. */
function clipEigenvalues(matrix: Matrix, epsilon: number): Matrix {
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const vectors = eigen.eigenvectorMatrix;
  const clipped = eigen.realEigenvalues.map((lambda) => Math.max(lambda, epsilon));
  const scaled = vectors.clone();
  for (let j = 0; j < clipped.length; j++) scaled.mulColumn(j, clipped[j]!);
  const out = scaled.mmul(vectors.transpose());
  return symmetrise(out);
}

function rescaleToUnitDiagonal(matrix: Matrix): Matrix {
  const d = matrix.rows;
  const scale = Array.from({ length: d }, (_, i) => 1 / Math.sqrt(matrix.get(i, i)));
  const out = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) out.set(i, j, i === j ? 1 : matrix.get(i, j) * scale[i]! * scale[j]!);
  }
  return out;
}

function symmetrise(matrix: Matrix): Matrix {
  const d = matrix.rows;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const value = (matrix.get(i, j) + matrix.get(j, i)) / 2;
      matrix.set(i, j, value);
      matrix.set(j, i, value);
    }
  }
  return matrix;
}

function finish(matrix: Matrix): number[][] {
  const d = matrix.rows;
  const out = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i === j ? 1 : Math.min(1, Math.max(-1, matrix.get(i, j))))),
  );
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[i]![j] = out[j]![i]!;
  if (!isPositiveDefinite(out))
    throw new Error('correlation repair did not reach a positive definite matrix');
  return out;
}
