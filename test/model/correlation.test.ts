import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { pairwiseCorrelation } from '../../src/model/copula-correlation.js';
import {
  HIGHAM_MAX_DIMENSIONS,
  isPositiveDefinite,
  MIN_EIGENVALUE,
  nearestCorrelation,
  shrinkToPositiveDefinite,
} from '../../src/model/nearest-correlation.js';
import { makeRandom } from '../../src/stats/random.js';

function eigenvalues(matrix: number[][]): number[] {
  return new EigenvalueDecomposition(new Matrix(matrix), { assumeSymmetric: true }).realEigenvalues;
}

describe('nearestCorrelation', () => {
  it("reproduces Higham's (2002, section 4) example to the four digits he prints", () => {
    const repaired = nearestCorrelation([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    const expected = [
      [1, 0.7607, 0.1573],
      [0.7607, 1, 0.7607],
      [0.1573, 0.7607, 1],
    ];
    repaired.forEach((row, i) => {
      row.forEach((value, j) => {
        expect(value).toBeCloseTo(expected[i]![j]!, 4);
      });
    });
    expect(isPositiveDefinite(repaired)).toBe(true);
    expect(Math.min(...eigenvalues(repaired))).toBeGreaterThan(0);
  });

  it('leaves a positive definite correlation matrix as it is', () => {
    const matrix = [
      [1, 0.5, -0.2],
      [0.5, 1, 0.1],
      [-0.2, 0.1, 1],
    ];
    expect(nearestCorrelation(matrix)).toEqual(matrix);
  });

  it('repairs an indefinite pairwise-style estimate to a unit-diagonal, symmetric, PD matrix', () => {
    // Three columns that cannot all be this strongly (anti-)correlated at once.
    const matrix = [
      [1, 0.9, 0.9, -0.9],
      [0.9, 1, -0.9, 0.9],
      [0.9, -0.9, 1, 0.9],
      [-0.9, 0.9, 0.9, 1],
    ];
    expect(Math.min(...eigenvalues(matrix))).toBeLessThan(0);
    const repaired = nearestCorrelation(matrix);
    expect(isPositiveDefinite(repaired)).toBe(true);
    expect(Math.min(...eigenvalues(repaired))).toBeGreaterThanOrEqual(1e-7);
    repaired.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((value, j) => {
        expect(value).toBe(repaired[j]![i]);
      });
    });
    // The signs of the input survive the repair (it is the nearest, not an arbitrary, matrix).
    expect(repaired[0]![1]).toBeGreaterThan(0);
    expect(repaired[0]![3]).toBeLessThan(0);
  });

  it('handles an empty matrix', () => {
    expect(nearestCorrelation([])).toEqual([]);
  });
});

describe('pairwiseCorrelation', () => {
  it('is Pearson over the rows where both columns are present', () => {
    // R: cor(c(1, 2, 3), c(2, 4, 7)) = 0.9933992677987828; the NaN row is skipped for this pair.
    const r = pairwiseCorrelation([Float64Array.of(1, 2, 3, Number.NaN), Float64Array.of(2, 4, 7, 1)]);
    expect(r[0]![1]).toBeCloseTo(0.9933992677987828, 14);
    expect(r[1]![0]).toBe(r[0]![1]);
    expect(r[0]![0]).toBe(1);
  });

  it('recovers the correlation of simulated bivariate normals with missing values', () => {
    const random = makeRandom(7);
    const n = 20_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a =
        Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      const b =
        Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      x[i] = a;
      y[i] = 0.6 * a + 0.8 * b;
      if (random.nextDouble() < 0.2) y[i] = Number.NaN;
    }
    expect(pairwiseCorrelation([x, y])[0]![1]).toBeCloseTo(0.6, 1);
  });

  it('gives 0 for a pair with no variance or too few complete rows', () => {
    const r = pairwiseCorrelation([
      Float64Array.of(1, 2, 3, 4),
      Float64Array.of(5, 5, 5, 5),
      Float64Array.of(1, Number.NaN, Number.NaN, 2),
    ]);
    expect(r[0]![1]).toBe(0);
    expect(r[0]![2]).toBe(0);
  });
});

describe('shrinkToPositiveDefinite (the repair of wide matrices)', () => {
  it('makes the rank-deficient estimate of a table wider than long positive definite, keeping its unit diagonal and signs', () => {
    // 40 dimensions over 10 rows: the sample correlation has rank ≤ 9.
    const random = makeRandom(7, 0);
    const scores = Array.from({ length: 40 }, () =>
      Float64Array.from({ length: 10 }, () => random.nextDouble() - 0.5),
    );
    const estimate = pairwiseCorrelation(scores);
    expect(Math.min(...eigenvalues(estimate))).toBeLessThan(1e-9);
    const repaired = shrinkToPositiveDefinite(estimate);
    expect(isPositiveDefinite(repaired)).toBe(true);
    expect(Math.min(...eigenvalues(repaired))).toBeGreaterThan(MIN_EIGENVALUE / 2);
    // One shrinkage factor for every correlation: (1 − λ) with λ small but positive.
    const factor = repaired[0]![1]! / estimate[0]![1]!;
    expect(factor).toBeGreaterThan(0);
    expect(factor).toBeLessThan(1);
    repaired.forEach((row, i) => {
      row.forEach((value, j) => {
        expect(value).toBeCloseTo(i === j ? 1 : factor * estimate[i]![j]!, 12);
      });
    });
  });

  it('returns a matrix that is already positive definite unchanged', () => {
    const matrix = [
      [1, 0.5, 0.2],
      [0.5, 1, 0.1],
      [0.2, 0.1, 1],
    ];
    expect(shrinkToPositiveDefinite(matrix)).toEqual(matrix);
  });

  it(`serves nearestCorrelation above ${HIGHAM_MAX_DIMENSIONS} dimensions`, () => {
    const d = HIGHAM_MAX_DIMENSIONS + 1;
    const ones = Array.from({ length: d }, () => new Array<number>(d).fill(1));
    const repaired = nearestCorrelation(ones);
    expect(isPositiveDefinite(repaired)).toBe(true);
    expect(repaired).toEqual(shrinkToPositiveDefinite(ones));
  });
});
