/**
 * The private marginal of a categorical column: a noisy histogram of its categories, and for labels
 * read from the data, a stability threshold so that a label held by few rows is released only with
 * negligible probability.
 */
import { DoppelError } from '../../errors.js';
import { personalMention } from '../../schema/detect/personal-in-text.js';
import { compareCodePoints, orderCategories, uniqueLabel } from '../category-order.js';
import { OTHER_LABEL } from '../fit-categorical.js';
import type { SpecOfKind } from '../fit-context.js';
import type { CategoricalColumnModel } from '../model-format.js';
import type { PrivateColumnContext, PrivateFittedColumn } from './private-column.js';

/** Part of the column's share for the count of rows and labels that were not released. */
export const SUPPRESSED_PART = 0.1;
/** Chance that noise alone gives a column without missing values a missing rate. */
const MISSING_FALSE_POSITIVE = 0.001;
/** Chance that noise alone creates an "(other)" bucket when no label was suppressed. */
const OTHER_FALSE_POSITIVE = 0.001;

/**
 * Fits a categorical column's marginal under differential privacy.
 *
 * **Declared categories** (schema `categories`, a public domain): one release, the histogram over
 * the declared categories plus a missing cell (sensitivity 1: a row is in one cell). Categories
 * whose noisy count is below k are merged into "(other)" or dropped (schema `rareCategories`);
 * the model's `suppressed` counts are then post-processing of noisy counts.
 *
 * **Labels read from the data** (no declared categories): the domain is private, so
 * 1. the histogram over the labels present in the data plus a missing cell gets Gaussian noise of
 *    σ (sensitivity 1), and a label is released only when its noisy count reaches
 *    τ = max(k, 1 + σ·Φ⁻¹(1 − δᵢ)): a label of a single row passes with probability at most δᵢ,
 *    and for every other pair of neighbours the release is the Gaussian mechanism (the stability
 *    histogram; Korolova, Kenthapadi, Mishra & Ntoulas 2009, WWW; Bun, Nissim & Stemmer 2016,
 *    "Simultaneous private learning of multiple concepts", ITCS, §3). This needs δ > 0;
 * 2. then, {@link SUPPRESSED_PART} of the share measures the pair (rows whose label was not
 *    released, distinct labels not released): one row moves each by at most 1, L2 sensitivity
 *    √2, L1 2. With `merge`, "(other)" gets the noisy row count when it passes
 *    max(k, a 0.1% false-positive level), or when no label was released (then it is the only
 *    category); otherwise no other bucket is made and those rows have no copula score.
 * Post-processing: negative counts are 0, probabilities are counts over their sum, nominal
 * categories are ordered by noisy frequency, ordered ones by the schema or their labels.
 * O(n + c log c).
 * @throws DoppelError `schema-mismatch` when no category is released and rare ones are dropped.
 */
export function fitPrivateCategorical(
  spec: SpecOfKind<'categorical'>,
  labels: readonly (string | null)[],
  context: PrivateColumnContext,
  thresholdDelta: number,
): PrivateFittedCategorical {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const label of labels) {
    if (label === null) missing++;
    else counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return releasePrivateCategorical(spec, counts, missing, context, thresholdDelta, (row) => labels[row]);
}

/**
 * The releases of {@link fitPrivateCategorical} from the column's label counts (of the rows, or of
 * exact partial statistics: model/partial/private-merge.ts); `labelOf` gives a row's label for the
 * returned intervals and slots.
 */
export function releasePrivateCategorical(
  spec: SpecOfKind<'categorical'>,
  labelCounts: ReadonlyMap<string, number>,
  missing: number,
  context: PrivateColumnContext,
  thresholdDelta: number,
  labelOf: (row: number) => string | null | undefined,
): PrivateFittedCategorical {
  const { accountant, minCount } = context;
  const declared = spec.categories !== undefined;
  const counts = new Map<string, number>();
  for (const label of spec.categories ?? []) counts.set(label, 0);
  for (const [label, count] of labelCounts) counts.set(label, (counts.get(label) ?? 0) + count);
  // Labels in code-point order, so that the noise each gets does not depend on row order.
  const domain = [...counts.keys()].sort(compareCodePoints);
  const histogram = new Float64Array(domain.length + 1);
  domain.forEach((label, i) => {
    histogram[i] = counts.get(label)!;
  });
  histogram[domain.length] = missing;
  const histogramShare = declared ? context.share : context.share * (1 - SUPPRESSED_PART);
  const measured = accountant.measure({
    statistic: 'category histogram',
    column: spec.name,
    values: histogram,
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share: histogramShare,
    ...(declared ? {} : { thresholdDelta }),
  });
  const threshold = declared
    ? minCount
    : accountant.stabilityThreshold(measured.scale, thresholdDelta, minCount);

  const released: [string, number][] = [];
  domain.forEach((label, i) => {
    const noisy = measured.noisy[i]!;
    // A label naming a person, an e-mail or a phone number is never released (see fit-categorical.ts).
    if (noisy >= threshold && personalMention(label) === undefined) released.push([label, noisy]);
  });
  const releasedSet = new Set(released.map(([label]) => label));

  let suppressedRows: number;
  let suppressedCategories: number;
  let otherLevel: number;
  let suppressedVariance = 0;
  if (declared) {
    // Post-processing of the one histogram: the declared categories below k.
    const rare = domain.flatMap((label, i) =>
      releasedSet.has(label) ? [] : [Math.max(0, measured.noisy[i]!)],
    );
    suppressedRows = rare.reduce((a, b) => a + b, 0);
    suppressedCategories = rare.length;
    otherLevel = minCount;
  } else {
    let rows = 0;
    let distinct = 0;
    for (const [label, count] of counts) {
      if (count === 0 || releasedSet.has(label)) continue;
      rows += count;
      distinct++;
    }
    const suppressed = accountant.measure({
      statistic: 'suppressed rows and labels',
      column: spec.name,
      values: Float64Array.of(rows, distinct),
      l1Sensitivity: 2,
      l2Sensitivity: Math.SQRT2,
      share: context.share * SUPPRESSED_PART,
    });
    suppressedRows = suppressed.noisy[0]!;
    suppressedCategories = suppressed.noisy[1]!;
    otherLevel = Math.max(minCount, accountant.noiseAbove(suppressed.scale, OTHER_FALSE_POSITIVE));
    suppressedVariance = accountant.noiseVariance(suppressed.scale);
  }
  // Merging with no label released: every present row is in the one "(other)" bucket (nothing about
  // the labels is told), rather than no model at all.
  const allOther = context.rareCategories === 'merge' && released.length === 0 && !declared;
  const anySuppressed = suppressedRows >= otherLevel || allOther;
  if (allOther) suppressedRows = Math.max(1, suppressedRows);
  const histogramVariance = accountant.noiseVariance(measured.scale);
  const rowsEstimate = declared
    ? {
        value: measured.noisy.reduce((a, b) => a + b, 0),
        variance: measured.noisy.length * histogramVariance,
      }
    : {
        value:
          released.reduce((sum, [, count]) => sum + count, 0) +
          measured.noisy[domain.length]! +
          suppressedRows,
        variance: (released.length + 1) * histogramVariance + suppressedVariance,
      };
  const action = context.rareCategories;

  const ordered = spec.ordered ?? false;
  const kept = orderCategories(released, ordered, spec.categories);
  const categories = kept.map(([label]) => label);
  const categoryCounts = kept.map(([, count]) => count);
  let otherLabel: string | null = null;
  if (anySuppressed && action === 'merge') {
    otherLabel = uniqueLabel(OTHER_LABEL, new Set([...categories, ...(spec.categories ?? [])]));
    categories.push(otherLabel);
    categoryCounts.push(suppressedRows);
  }
  if (categories.length === 0) {
    throw new DoppelError(
      'schema-mismatch',
      `column "${spec.name}": no category passes the differential privacy threshold, so dropping rare categories leaves nothing to model. Set privacy.rareCategories to "merge", raise epsilon, or leave the column out.`,
      [{ path: [spec.name], message: 'no category released' }],
    );
  }
  const noisyMissing = measured.noisy[domain.length]!;
  const missingThreshold = Math.max(minCount, accountant.noiseAbove(measured.scale, MISSING_FALSE_POSITIVE));
  const presentTotal = categoryCounts.reduce((a, b) => a + b, 0);
  const missingRate = noisyMissing >= missingThreshold ? noisyMissing / (noisyMissing + presentTotal) : 0;
  const otherSlot = otherLabel === null ? -1 : categories.length - 1;
  const slotOfLabel = new Map(categories.map((label, slot) => [label, slot]));
  return layoutCategorical(
    {
      kind: 'categorical',
      name: spec.name,
      missingRate,
      categories,
      probabilities: [],
      ordered,
      suppressed: {
        categories: anySuppressed ? Math.max(1, Math.round(suppressedCategories)) : 0,
        rows: anySuppressed ? Math.round(suppressedRows) : 0,
        action,
        otherLabel,
      },
    },
    categoryCounts,
    rowsEstimate,
    (row) => {
      const label = labelOf(row);
      if (label === null || label === undefined) return -1;
      return releasedSet.has(label) ? slotOfLabel.get(label)! : otherSlot;
    },
  );
}

/** A private categorical marginal that knows each row's category and can be laid out anew. */
export interface PrivateFittedCategorical extends PrivateFittedColumn<CategoricalColumnModel> {
  /** The index in `model.categories` of a row's category, −1 when it has none. */
  slotOf(row: number): number;
  /** The same released counts laid out in another order: `order[i]` is the old slot of new slot i. */
  reorder(order: readonly number[]): PrivateFittedCategorical;
}

/**
 * Probabilities and intervals from the noisy counts in the order of `model.categories`
 * (post-processing: counts over their sum).
 */
function layoutCategorical(
  model: CategoricalColumnModel,
  counts: readonly number[],
  rowsEstimate: PrivateFittedColumn['rowsEstimate'],
  slotOf: (row: number) => number,
): PrivateFittedCategorical {
  const total = counts.reduce((a, b) => a + b, 0);
  const probabilities = counts.map((count) => count / total);
  const cumulative = [0];
  let running = 0;
  for (const count of counts) {
    running += count;
    cumulative.push(running / total);
  }
  cumulative[cumulative.length - 1] = 1;
  return {
    model: { ...model, probabilities },
    rowsEstimate,
    slotOf,
    interval(row) {
      const slot = slotOf(row);
      return slot < 0 ? null : [cumulative[slot]!, cumulative[slot + 1]!];
    },
    reorder(order) {
      const newSlot = new Int32Array(order.length);
      order.forEach((old, i) => {
        newSlot[old] = i;
      });
      return layoutCategorical(
        { ...model, categories: order.map((old) => model.categories[old]!) },
        order.map((old) => counts[old]!),
        rowsEstimate,
        (row) => {
          const slot = slotOf(row);
          return slot < 0 ? -1 : newSlot[slot]!;
        },
      );
    },
  };
}
