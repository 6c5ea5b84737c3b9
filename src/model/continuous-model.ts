import type { FitContext, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import type { PresentNumbers } from './holders.js';
import type { DatetimeColumnModel, IntegerColumnModel, NumericColumnModel } from './model-format.js';
import { observedDecimals } from './observed-decimals.js';
import { privateCdfFromSorted } from './private-cdf.js';
import { type SortedValues, sortedArrayValues } from './sorted-values.js';

type ContinuousSpec = SpecOfKind<'numeric'> | SpecOfKind<'integer'> | SpecOfKind<'datetime'>;
type ContinuousModelOf<S extends ContinuousSpec> =
  S extends SpecOfKind<'numeric'>
    ? NumericColumnModel
    : S extends SpecOfKind<'integer'>
      ? IntegerColumnModel
      : DatetimeColumnModel;

/**
 * The model of a numeric, integer or datetime column from its sorted present values (the one
 * assembly both the row fit and the merge of partial statistics use; the merge passes its cells as
 * {@link SortedValues} rather than expanding them): its k-private CDF
 * ({@link privateCdfFromSorted}), missing rate and, for numbers, the observed decimals unless the
 * schema sets them. `rows` counts missing values too; `holders` (event tables: the sorted values'
 * owners and the customers with a present or missing value) makes the k rule count customers. O(n).
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function continuousColumnModel<S extends ContinuousSpec>(
  spec: S,
  sortedValues: Float64Array | SortedValues,
  rows: number,
  context: Pick<FitContext, 'minCount'>,
  holders?: Pick<PresentNumbers, 'owners' | 'holders'>,
): ContinuousModelOf<S> {
  const sorted = sortedValues instanceof Float64Array ? sortedArrayValues(sortedValues) : sortedValues;
  requireEnoughValues(spec.name, holders?.holders.present ?? sorted.length, context.minCount);
  const base = {
    name: spec.name,
    missingRate: missingRateOf(rows, sorted.length, context.minCount, holders?.holders.missing),
  };
  const cdf = privateCdfFromSorted(sorted, { minCount: context.minCount, owners: holders?.owners });
  switch (spec.kind) {
    case 'numeric':
      return {
        kind: 'numeric',
        ...base,
        cdf,
        decimals: spec.decimals ?? observedDecimals(sorted.distinct()),
      } as ContinuousModelOf<S>;
    case 'integer':
      return { kind: 'integer', ...base, cdf } as ContinuousModelOf<S>;
    case 'datetime':
      return { kind: 'datetime', ...base, unit: spec.unit ?? 'timestamp', cdf } as ContinuousModelOf<S>;
  }
  throw new Error('unreachable');
}
