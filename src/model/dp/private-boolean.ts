import type { SpecOfKind } from '../fit-context.js';
import type { BooleanColumnModel } from '../model-format.js';
import type { PrivateColumnContext, PrivateFittedColumn } from './private-column.js';
import { booleanInterval } from './released-column.js';

/** Chance that noise alone gives a column without missing values a missing rate. */
const MISSING_FALSE_POSITIVE = 0.001;

/**
 * Fits a boolean column's marginal under differential privacy: one release, the histogram
 * (false, true, missing) with sensitivity 1 (a row is in one cell). Post-processing: negative
 * counts are 0; trueProbability is true / (false + true), ½ if both are 0; the missing rate is
 * the noisy missing count over the total, or 0 below max(k, a 0.1% false-positive level).
 * O(n).
 * @param labels `'true'`, `'false'` or null, as prepareTable normalises them.
 */
export function fitPrivateBoolean(
  spec: SpecOfKind<'boolean'>,
  labels: readonly (string | null)[],
  context: PrivateColumnContext,
): PrivateFittedColumn<BooleanColumnModel> {
  const histogram = new Float64Array(3);
  for (const label of labels) histogram[label === null ? 2 : label === 'true' ? 1 : 0]! += 1;
  const released = releasePrivateBoolean(spec, histogram, context);
  return { ...released, interval: (row) => booleanInterval(released.model, labels[row]) };
}

/**
 * The release of {@link fitPrivateBoolean} from its histogram (false, true, missing) of the rows
 * or of exact partial statistics (model/partial/private-merge.ts).
 */
export function releasePrivateBoolean(
  spec: SpecOfKind<'boolean'>,
  histogram: Float64Array,
  context: PrivateColumnContext,
): Pick<PrivateFittedColumn<BooleanColumnModel>, 'model' | 'rowsEstimate'> {
  const measured = context.accountant.measure({
    statistic: 'boolean histogram',
    column: spec.name,
    values: histogram,
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share: context.share,
  });
  const falses = Math.max(0, measured.noisy[0]!);
  const trues = Math.max(0, measured.noisy[1]!);
  const present = falses + trues;
  const trueProbability = present > 0 ? trues / present : 0.5;
  const noisyMissing = measured.noisy[2]!;
  const missingThreshold = Math.max(
    context.minCount,
    context.accountant.noiseAbove(measured.scale, MISSING_FALSE_POSITIVE),
  );
  const missingRate = noisyMissing >= missingThreshold ? noisyMissing / (noisyMissing + present) : 0;
  const model: BooleanColumnModel = { kind: 'boolean', name: spec.name, missingRate, trueProbability };
  return {
    model,
    rowsEstimate: {
      value: measured.noisy[0]! + measured.noisy[1]! + noisyMissing,
      variance: 3 * context.accountant.noiseVariance(measured.scale),
    },
  };
}
