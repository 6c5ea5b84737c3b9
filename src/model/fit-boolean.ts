import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import type { BooleanColumnModel } from './model-format.js';
import { intervalScores } from './normal-scores.js';

/**
 * A boolean column: the share of true among present values. In the copula false is [0, 1 − p) and
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
  requireEnoughValues(spec.name, present, context.minCount);
  const trueProbability = trues / present;
  return {
    model: {
      kind: 'boolean',
      name: spec.name,
      missingRate: missingRateOf(labels.length, present),
      trueProbability,
    },
    scores: intervalScores(slots, [0, 1 - trueProbability, 1], context.random),
  };
}
