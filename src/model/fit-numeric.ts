import { continuousColumnModel } from './continuous-model.js';
import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { sortedPresent } from './fit-context.js';
import type { NumericColumnModel } from './model-format.js';
import { rankScores } from './normal-scores.js';

/**
 * A continuous column: its k-private quantile function (see {@link privateCdfFromSorted}; point
 * masses such as many zeros stay exact) and the observed decimal precision, unless the schema sets it.
 * O(n log n).
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function fitNumeric(
  spec: SpecOfKind<'numeric'>,
  values: Float64Array,
  context: FitContext,
): FittedColumn<NumericColumnModel> {
  const sorted = sortedPresent(values);
  return {
    model: continuousColumnModel(spec, sorted, values.length, context),
    scores: rankScores(values, sorted, context.random),
  };
}
