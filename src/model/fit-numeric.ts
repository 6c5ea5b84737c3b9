import { continuousColumnModel } from './continuous-model.js';
import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { presentNumbers } from './holders.js';
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
  const present = presentNumbers(values, context.owners);
  const { sorted } = present;
  return {
    model: continuousColumnModel(spec, sorted, values.length, context, present),
    scores: rankScores(values, sorted, context.random),
  };
}
