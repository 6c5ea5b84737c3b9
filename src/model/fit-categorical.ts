import { DoppelError } from '../errors.js';
import { personalMention } from '../schema/detect/personal-in-text.js';
import { orderCategories, uniqueLabel } from './category-order.js';
import type { FitContext, FittedColumn, SpecOfKind } from './fit-context.js';
import { missingRateOf, requireEnoughValues } from './fit-context.js';
import { type LabelHolders, labelHolders } from './holders.js';
import type { CategoricalColumnModel } from './model-format.js';
import { intervalScores } from './normal-scores.js';

/** The label of the bucket that rare categories are merged into (made unique if it collides). */
export const OTHER_LABEL = '(other)';

/**
 * A categorical column: category frequencies, laid out as consecutive intervals of [0, 1] in the
 * order of `categories` (nominal: by `context.categoryRank` when given (see category-order.ts), else
 * most frequent first, ties by label; ordered: the schema's order,
 * else numeric or code-point order). A category seen in fewer than k rows is never stored: it is
 * merged into one `(other)` bucket, placed last, or dropped (schema `privacy.rareCategories`), in
 * which case the remaining frequencies are renormalised and the rows that held it have no score.
 * Either way `suppressed` records how many categories and rows were affected.
 * A category that mentions a person (a full name, an e-mail address or a phone number inside the
 * text, see personal-in-text.ts) is never stored either, however many rows hold it and whatever
 * kind the schema gave the column: it is suppressed like a rare one and counted in
 * `suppressed.personal`, and the fit summary says so (mark such a column `"kind": "text"`).
 * O(n + c log c) for c categories.
 * @throws DoppelError `schema-mismatch` when fewer than k values are present, or when dropping
 * leaves no category.
 */
export function fitCategorical(
  spec: SpecOfKind<'categorical'>,
  labels: readonly (string | null)[],
  context: FitContext,
): FittedColumn<CategoricalColumnModel> {
  const counts = new Map<string, number>();
  for (const label of labels) {
    if (label === null) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  // In an event table the k rule counts the customers holding a label, not its rows.
  const holders = context.owners === undefined ? null : labelHolders(labels, context.owners);
  const { model, slotOf, cumulative } = categoricalFromCounts(
    spec,
    counts,
    labels.length,
    context,
    holders ?? undefined,
  );
  const slots = new Int32Array(labels.length);
  labels.forEach((label, i) => {
    slots[i] = label === null ? -1 : slotOf(label);
  });
  return { model, scores: intervalScores(slots, cumulative, context.random) };
}

/**
 * The categorical model from the count of each label (the statistic both the row fit above and the
 * merge of partial statistics hold), with each label's interval: `slotOf(label)` is its interval's
 * index in `cumulative`, or −1 for a rare label that was dropped. `rows` counts missing values too.
 * `holders` (event tables): the customers holding each label, present and missing values, which
 * the k rule counts instead of rows.
 * @throws DoppelError as {@link fitCategorical}.
 */
export function categoricalFromCounts(
  spec: SpecOfKind<'categorical'>,
  counts: ReadonlyMap<string, number>,
  rows: number,
  context: Pick<FitContext, 'minCount' | 'rareCategories' | 'categoryRank'>,
  holders?: LabelHolders,
): { model: CategoricalColumnModel; slotOf: (label: string) => number; cumulative: number[] } {
  const k = context.minCount;
  let present = 0;
  for (const count of counts.values()) present += count;
  const heldBy = (label: string, count: number) => holders?.byLabel.get(label) ?? count;
  requireEnoughValues(spec.name, holders?.present ?? present, k);

  const ordered = spec.ordered ?? false;
  const notStored = ([label, count]: [string, number]) =>
    heldBy(label, count) < k || personalMention(label) !== undefined;
  const kept = orderCategories(
    [...counts].filter((entry) => !notStored(entry)),
    ordered,
    spec.categories,
    context.categoryRank,
  );
  const rare = [...counts].filter(notStored);
  const personal = rare.filter(([label, count]) => count >= k && personalMention(label) !== undefined).length;
  const rareRows = rare.reduce((sum, [, count]) => sum + count, 0);
  const action = context.rareCategories;
  const otherLabel =
    rare.length > 0 && action === 'merge'
      ? uniqueLabel(OTHER_LABEL, new Set([...counts.keys(), ...(spec.categories ?? [])]))
      : null;
  const categories = kept.map(([label]) => label);
  const categoryCounts = kept.map(([, count]) => count);
  if (otherLabel !== null) {
    categories.push(otherLabel);
    categoryCounts.push(rareRows);
  }
  if (categories.length === 0) {
    throw new DoppelError(
      'schema-mismatch',
      `column "${spec.name}" has no category seen in ${k} or more rows, so dropping rare categories leaves nothing to model. It may be an identifier: mark it as one, or set privacy.rareCategories to "merge".`,
      [{ path: [spec.name], message: `no category held by at least ${k} rows` }],
    );
  }

  const total = categoryCounts.reduce((a, b) => a + b, 0);
  const probabilities = categoryCounts.map((count) => count / total);
  const cumulative = [0];
  // Cumulative counts divided once, so the last boundary is exactly 1.
  let running = 0;
  for (const count of categoryCounts) {
    running += count;
    cumulative.push(running / total);
  }
  const slotByLabel = new Map(categories.map((label, slot) => [label, slot]));
  const otherSlot = otherLabel === null ? -1 : categories.length - 1;
  // A rare label is in no slot of its own (the other label never equals an observed one): it falls
  // into the other bucket, or scores NaN when dropped.
  const slotOf = (label: string) => slotByLabel.get(label) ?? otherSlot;

  return {
    model: {
      kind: 'categorical',
      name: spec.name,
      missingRate: missingRateOf(rows, present, context.minCount, holders?.missing),
      categories,
      probabilities,
      ordered,
      suppressed: {
        categories: rare.length,
        rows: rareRows,
        action,
        otherLabel,
        ...(personal > 0 ? { personal } : {}),
      },
    },
    slotOf,
    cumulative,
  };
}
