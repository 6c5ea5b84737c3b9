import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import { presentNumbers } from './holders.js';
import type { DatetimeColumnModel } from './model-format.js';
import { rankScores } from './normal-scores.js';
import { privateCdfFromSorted } from './private-cdf.js';

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
  requireEnoughValues(spec.name, present.holders.present, context.minCount);
  return {
    model: {
      kind: 'datetime',
      name: spec.name,
      missingRate: missingRateOf(values.length, sorted.length, context.minCount, present.holders.missing),
      unit: spec.unit ?? 'timestamp',
      cdf: privateCdfFromSorted(sorted, { minCount: context.minCount, owners: present.owners }),
    },
    scores: rankScores(values, sorted, context.random),
  };
}
