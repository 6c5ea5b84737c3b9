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
  // In an event table the k rule counts the customers of the rows, not the rows.
  const holders = context.owners === undefined ? null : labelHolders(labels, context.owners);
  const { model, rare } = booleanFromCounts(
    spec,
    labels.length,
    present,
    trues,
    context.minCount,
    holders === null
      ? undefined
      : {
          present: holders.present,
          trues: holders.byLabel.get('true') ?? 0,
          falses: holders.byLabel.get('false') ?? 0,
          missing: holders.missing,
        },
  );
  if (rare >= 0) for (let i = 0; i < slots.length; i++) if (slots[i] === rare) slots[i] = 1 - rare;
  return {
    model,
    scores: intervalScores(slots, [0, 1 - model.trueProbability, 1], context.random),
  };
}

/**
 * The boolean model from counts (rows, present values, trues), the statistics both the row fit and
 * the merge of partial statistics hold; `rare` is the value (0 false, 1 true) held by fewer than k
 * rows (or, given `holders`, customers), whose rows count as the other value, or −1.
 * @throws DoppelError `schema-mismatch` when fewer than k values are present.
 */
export function booleanFromCounts(
  spec: SpecOfKind<'boolean'>,
  rows: number,
  present: number,
  trues: number,
  minCount: number,
  holders?: { present: number; trues: number; falses: number; missing: number },
): { model: BooleanColumnModel; rare: number } {
  requireEnoughValues(spec.name, holders?.present ?? present, minCount);
  // The k rule as for categories: a value fewer than k customers hold is not stored (those rows
  // count as the other value), so the share never says that exactly three customers are
  // self-employed.
  const trueHolders = holders?.trues ?? trues;
  const falseHolders = holders?.falses ?? present - trues;
  const rare = trueHolders < minCount ? 1 : falseHolders < minCount ? 0 : -1;
  const trueProbability = rare === 1 ? 0 : rare === 0 ? 1 : trues / present;
  return {
    model: {
      kind: 'boolean',
      name: spec.name,
      missingRate: missingRateOf(rows, present, minCount, holders?.missing),
      trueProbability,
    },
    rare,
  };
}
