/** Types for ml-logistic-regression 2.x, which ships none (its API as read from its source). */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  interface LogisticRegressionOptions {
    /** Gradient-ascent steps per one-vs-rest classifier (default 50 000). */
    numSteps?: number;
    /** Step size applied to the gradient summed over the rows (default 5e-4). */
    learningRate?: number;
  }

  /** One-vs-rest logistic regression trained by batch gradient ascent; classes must be 0 .. k−1. */
  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions);
    /** @param X features, one row per example; @param Y a column vector of class numbers. */
    train(X: Matrix, Y: Matrix): void;
    /** The class number whose one-vs-rest classifier is most confident, per row. */
    predict(X: Matrix): number[];
  }
}
