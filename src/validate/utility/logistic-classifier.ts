import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { largestEigenvalue } from './largest-eigenvalue.js';

/** Gradient steps per one-vs-rest classifier: on standardised features, accuracy is settled by then. */
export const LOGISTIC_STEPS = 60;

/** A trained classifier over the design matrices of one {@link FeatureEncoder}. */
export interface Classifier {
  /** Class numbers (as given in training) for the rows of a row-major n × width matrix. */
  predict(x: Float64Array, rows: number): Int32Array;
}

/** The row-major design matrix with a leading intercept column of ones. */
function withIntercept(x: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows * (width + 1));
  for (let i = 0; i < rows; i++) {
    out[i * (width + 1)] = 1;
    out.set(x.subarray(i * width, (i + 1) * width), i * (width + 1) + 1);
  }
  return out;
}

/**
 * One-vs-rest logistic regression (ml-logistic-regression: batch gradient ascent on the
 * log-likelihood, the classifier of SDMetrics' `BinaryLogisticRegression` efficacy metric) on
 * standardised features with an intercept. The library takes a fixed step on the gradient summed
 * over the rows; the step is set to 1/L, L = λ_max(XᵀX)/4 being the curvature bound of that sum, so
 * that {@link LOGISTIC_STEPS} steps converge without overshooting whatever the data. Classes absent
 * from the training rows are never predicted; a single class gives a constant classifier.
 * Deterministic (zero start, full batches). O(steps · classes · n · width).
 */
export function trainLogisticClassifier(
  x: Float64Array,
  rows: number,
  width: number,
  classes: Int32Array,
  steps = LOGISTIC_STEPS,
): Classifier {
  // The library numbers classes 0 .. k−1 by counting distinct values: remap the ones present.
  const present = [...new Set(classes)].sort((a, b) => a - b);
  if (present.length <= 1) {
    const only = present[0] ?? 0;
    return { predict: (_x, n) => new Int32Array(n).fill(only) };
  }
  const local = new Map(present.map((c, i) => [c, i]));
  const design = withIntercept(x, rows, width);
  const lambda = largestEigenvalue(design, rows, width + 1);
  // 1/L for the summed gradient, L = n·λ/4; the 0.9 keeps a margin over the power-iteration estimate.
  const learningRate = (0.9 * 4) / (lambda * rows);
  const model = new LogisticRegression({ numSteps: steps, learningRate });
  model.train(
    Matrix.from1DArray(rows, width + 1, design),
    Matrix.columnVector(Array.from(classes, (c) => local.get(c)!)),
  );
  return {
    predict(test, n) {
      const predicted = model.predict(Matrix.from1DArray(n, width + 1, withIntercept(test, n, width)));
      return Int32Array.from(predicted, (i) => present[i]!);
    },
  };
}
