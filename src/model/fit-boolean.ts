import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import { labelHolders } from './holders.js';
import type { BooleanColumnModel } from './model-format.js';
import { intervalScores } from './normal-scores.js';

/**
 * A boolean column: the share of true among present values (0 or 1 when fewer than k rows hold the
 * other value). In the copula false is [0, 1 − p) and
 * true [1 − p, 1), the layout the sampler inverts.
 * O(n).
 * @param labels `'true'`, `'false'` or null, as prepareTable normalises them.
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function fitBoolean(
  spec: SpecOfKind<'boolean'>,
  labels: readonly (string | null)[],
  context: FitContext,
): FittedColumn<BooleanColumnModel> {
  let present = 0;
  let trues = 0;
  const slots = new Int32Array(labels.length);
  labels.forEach((label, i) => {
    if (label === null) {
      slots[i] = -1;
      return;
    }
    present++;
    const isTrue = label === 'true';
    if (isTrue) trues++;
    slots[i] = isTrue ? 1 : 0;
  });
  // The k rule as for categories: a value fewer than k customers hold is not stored (those rows
  // count as the other value), so the share never says that exactly three customers are
  // self-employed. In an event table it counts the customers of the rows, not the rows.
  const holders = context.owners === undefined ? null : labelHolders(labels, context.owners);
  requireEnoughValues(spec.name, holders?.present ?? present, context.minCount);
  const trueHolders = holders === null ? trues : (holders.byLabel.get('true') ?? 0);
  const falseHolders = holders === null ? present - trues : (holders.byLabel.get('false') ?? 0);
  const rare = trueHolders < context.minCount ? 1 : falseHolders < context.minCount ? 0 : -1;
  if (rare >= 0) for (let i = 0; i < slots.length; i++) if (slots[i] === rare) slots[i] = 1 - rare;
  const trueProbability = rare === 1 ? 0 : rare === 0 ? 1 : trues / present;
  return {
    model: {
      kind: 'boolean',
      name: spec.name,
      missingRate: missingRateOf(labels.length, present, context.minCount, holders?.missing),
      trueProbability,
    },
    scores: intervalScores(slots, [0, 1 - trueProbability, 1], context.random),
  };
}
