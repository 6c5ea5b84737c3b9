import { continuousColumnModel } from './continuous-model.js';
import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { presentNumbers } from './holders.js';
import type { DatetimeColumnModel } from './model-format.js';
import { rankScores } from './normal-scores.js';

/**
 * A datetime column as a k-private CDF of epoch milliseconds (see {@link privateCdfFromSorted}):
 * days held by k or more rows are exact point masses, the range ends at the k-th earliest and k-th
 * latest instant. For unit `date` the sampler rounds to whole days.
 * O(n log n).
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function fitDatetime(
  spec: SpecOfKind<'datetime'>,
  values: Float64Array,
  context: FitContext,
): FittedColumn<DatetimeColumnModel> {
  const present = presentNumbers(values, context.owners);
  const { sorted } = present;
  return {
    model: continuousColumnModel(spec, sorted, values.length, context, present),
    scores: rankScores(values, sorted, context.random),
  };
}
