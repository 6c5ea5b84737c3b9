import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { choleskyFactor } from '../../src/sample/cholesky.js';
import { makeRandom } from '../../src/stats/random.js';

/** A random 21 × 21 correlation matrix (a Gram matrix scaled to a unit diagonal). */
function randomCorrelation(d: number, seed: number): number[][] {
  const random = makeRandom(seed);
  const a = Array.from({ length: d }, () => Array.from({ length: d }, () => random.nextDouble() - 0.5));
  const gram = a.map((x) => a.map((y) => x.reduce((sum, v, k) => sum + v * y[k]!, 0)));
  return gram.map((row, i) => row.map((v, j) => v / Math.sqrt(gram[i]![i]! * gram[j]![j]!)));
}

describe('choleskyFactor', () => {
  it('is bit-identical to ml-matrix (so sampled files do not change), without loading it in workers', () => {
    for (const seed of [1, 2, 3]) {
      const correlation = randomCorrelation(21, seed);
      const lower = new CholeskyDecomposition(new Matrix(correlation)).lowerTriangularMatrix;
      expect(Array.from(choleskyFactor(correlation))).toEqual(lower.to1DArray());
    }
  });

  it('refuses a matrix that is not positive definite or not symmetric', () => {
    const invalidModel = expect.objectContaining({ code: 'invalid-model' });
    expect(() =>
      choleskyFactor([
        [1, -0.9, -0.9],
        [-0.9, 1, -0.9],
        [-0.9, -0.9, 1],
      ]),
    ).toThrow(invalidModel);
    expect(() =>
      choleskyFactor([
        [1, 0.5],
        [0.4, 1],
      ]),
    ).toThrow(invalidModel);
  });
});
