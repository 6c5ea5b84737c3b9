import { describe, expect, it } from 'vitest';
import {
  accuracy,
  macroF1,
  meanAbsoluteError,
  rSquared,
} from '../../src/validate/utility/prediction-scores.js';
import { expectClose } from './expect-close.js';

// Reference values: the examples of scikit-learn 1.5's documentation of each function.
describe('prediction scores (scikit-learn definitions)', () => {
  it('accuracy_score', () => {
    expectClose(accuracy(Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 2, 1, 3)), 0.5);
    expect(accuracy(new Int32Array(0), new Int32Array(0))).toBeNaN();
  });

  it("f1_score(average='macro'), including a class never predicted", () => {
    // sklearn: f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average='macro') == 0.26666666666666666
    expectClose(
      macroF1(Int32Array.of(0, 1, 2, 0, 1, 2), Int32Array.of(0, 2, 1, 0, 0, 1)),
      0.26666666666666666,
    );
    expectClose(macroF1(Int32Array.of(0, 0, 1), Int32Array.of(0, 0, 0)), 0.4); // class 1: F1 0; class 0: 0.8
  });

  it('r2_score and mean_absolute_error', () => {
    const truth = Float64Array.of(3, -0.5, 2, 7);
    const predicted = Float64Array.of(2.5, 0.0, 2, 8);
    expectClose(rSquared(truth, predicted), 0.9486081370449679);
    expectClose(meanAbsoluteError(truth, predicted), 0.5);
    expect(rSquared(Float64Array.of(1, 1), Float64Array.of(1, 2))).toBeNaN(); // constant truth
  });
});
