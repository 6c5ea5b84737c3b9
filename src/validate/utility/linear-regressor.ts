import { Matrix } from 'ml-matrix';
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

/** A trained regressor over the design matrices of one {@link FeatureEncoder}. */
export interface Regressor {
  predict(x: Float64Array, rows: number): Float64Array;
}

/**
 * Ordinary least squares with an intercept (ml-regression-multivariate-linear, solved through the
 * SVD of XᵀX, so collinear dummies do no harm): the regressor of SDMetrics' `LinearRegression`
 * efficacy metric. Deterministic. O(n · width² + width³).
 */
export function trainLinearRegressor(
  x: Float64Array,
  rows: number,
  width: number,
  y: Float64Array,
): Regressor {
  const model = new MultivariateLinearRegression(Matrix.from1DArray(rows, width, x), Matrix.columnVector(y), {
    intercept: true,
    statistics: false,
  });
  return {
    predict(test, n) {
      const predicted = model.predict(Matrix.from1DArray(n, width, test));
      return Float64Array.from(predicted.getColumn(0));
    },
  };
}
