import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import { presentNumbers } from './holders.js';
import type { NumericColumnModel } from './model-format.js';
import { rankScores } from './normal-scores.js';
import { observedDecimals } from './observed-decimals.js';
import { privateCdfFromSorted } from './private-cdf.js';

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
  requireEnoughValues(spec.name, present.holders.present, context.minCount);
  return {
    model: {
      kind: 'numeric',
      name: spec.name,
      missingRate: missingRateOf(values.length, sorted.length, context.minCount, present.holders.missing),
      cdf: privateCdfFromSorted(sorted, { minCount: context.minCount, owners: present.owners }),
      decimals: spec.decimals ?? observedDecimals(sorted),
    },
    scores: rankScores(values, sorted, context.random),
  };
}
