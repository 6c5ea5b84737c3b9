import { continuousColumnModel } from './continuous-model.js';
import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { presentNumbers } from './holders.js';
import type { IntegerColumnModel } from './model-format.js';
import { rankScores } from './normal-scores.js';

/**
 * An integer column (counts, ages, codes): with few distinct values every value held by k or more
 * rows is an exact point mass, so frequencies are kept exactly; with many, only the largest point
 * masses are, and the rest is a quantile function (see {@link privateCdfFromSorted}). Values held
 * by fewer than k rows are never atoms: their mass is spread between the neighbouring knots. Knot
 * values between atoms can be fractional; the sampler rounds, so the output is always integer.
 * O(n log n).
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function fitInteger(
  spec: SpecOfKind<'integer'>,
  values: Float64Array,
  context: FitContext,
): FittedColumn<IntegerColumnModel> {
  const present = presentNumbers(values, context.owners);
  const { sorted } = present;
  return {
    model: continuousColumnModel(spec, sorted, values.length, context, present),
    scores: rankScores(values, sorted, context.random),
  };
}
