/**
 * A differentially private fit from partial statistics. The partials stay exact (no partial ever
 * carries noise); noise is added only by the merges, through one accountant whose ledger the plans
 * carry from merge to merge, so the model's ledger is that of one private fit over all the data
 * (dp/fit-private.ts), release for release:
 *
 *   doppel fit PART_i --partial -o first_i.json                             (exact marginals)
 *   doppel fit --merge first_*.json --epsilon E -o plan1.json                (releases 1-2: rows, marginals)
 *   doppel fit PART_i --partial --plan plan1.json -o order_i.json           (exact anchor score sums)
 *   doppel fit --merge order_*.json -o plan2.json                            (release 3: category order)
 *   doppel fit PART_i --partial --plan plan2.json -o moments_i.json         (exact score moments)
 *   doppel fit --merge moments_*.json -o model.json                          (release 4: correlation)
 *
 * The category-order step is skipped when the budget plan has none (no nominal column, or no
 * number column), and the moments step gives no release with fewer than two modelled columns: the
 * plan then goes straight to the model. Each later pass draws every row's copula score inside the
 * interval of its value under the released marginals, from the score streams of the private fit
 * restarted in each partition (the draws are independent of the data, which is what the private
 * correlation's sensitivity analysis needs; see dp/private-correlation.ts).
 */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { type PreparedTable, prepareTable } from '../../schema/prepare-table.js';
import { type Accountant, makeAccountant } from '../dp/accountant.js';
import { planBudget } from '../dp/budget-plan.js';
import {
  anchorSpecs,
  assemblePrivateModel,
  type ColumnRelease,
  copulaLayout,
  identity,
  missingScores,
  modelledSpecs,
  nominalSpecs,
  privacyParametersOf,
  releaseMarginals,
  scoreRandom,
  valueScores,
} from '../dp/fit-private.js';
import type { ResolvedPrivacyOptions } from '../dp/privacy-options.js';
import { releasePrivateBoolean } from '../dp/private-boolean.js';
import { type PrivateFittedCategorical, releasePrivateCategorical } from '../dp/private-categorical.js';
import { addAnchorSums, categoryOrdersFromSums } from '../dp/private-category-order.js';
import { addScoreMoments, correlationFromScoreMoments } from '../dp/private-correlation.js';
import { releasePrivateNumber } from '../dp/private-number.js';
import { releasedColumn } from '../dp/released-column.js';
import { DEFAULT_LOCALE } from '../fit-generated.js';
import type {
  CategoricalColumnModel,
  Model,
  ModelledColumnModel,
  PrivacyLedgerEntry,
} from '../model-format.js';
import { BATCH_ROWS } from './partial-fit.js';
import type { TableMarginals } from './partial-marginals.js';
import { MAX_CELLS } from './value-cells.js';

/** What the releases so far give the next pass and the next merge. */
export interface PrivatePlan {
  /** The statistic the next pass sums: anchor score sums, or score second moments. */
  readonly next: 'category-order' | 'score-moments';
  readonly privacy: ResolvedPrivacyOptions;
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  /** Seed of the copula scores' positions inside their intervals (not of the noise). */
  readonly scoreSeed: number;
  /** The released marginals, in the schema's order of modelled columns (laid out, after step 3). */
  readonly models: readonly ModelledColumnModel[];
  readonly rowsUsed: number;
  readonly rowsDroppedByConsent: number;
  /** Every release so far. */
  readonly ledger: readonly PrivacyLedgerEntry[];
  /** Exact rows read of all partitions: the check that a later merge has every partition once. */
  readonly rowsRead: number;
}

/** One partition's exact sums for the next release, and the plan they followed. */
export interface PrivatePartial {
  readonly plan: PrivatePlan;
  readonly parts: number;
  readonly rowsRead: number;
  readonly sums: Float64Array;
}

export interface PrivateMergeOptions {
  readonly privacy: ResolvedPrivacyOptions;
  /** Seed of this merge's noise: a secret one unless given (see dp/privacy-options.ts). */
  readonly seed: number;
  /** Seed of the later passes' score positions. */
  readonly scoreSeed: number;
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
}

/**
 * Releases 1 and 2 (row counts, marginals) from merged first-pass statistics, through the very
 * functions of the private fit: every release is a histogram of a column's values, which the exact
 * first-pass statistics hold (values as exact cells), so the releases equal those of a private fit
 * of all the rows with the same seed.
 * @throws DoppelError `usage` when a number column has more than MAX_CELLS distinct values (its
 *   statistics are then a sketch, not the exact values a private release needs), and as
 *   releaseMarginals.
 */
export function privatePlanFromMarginals(
  schema: DatasetSchema,
  marginals: TableMarginals,
  options: PrivateMergeOptions,
): { plan: PrivatePlan } | { model: Model } {
  const accountant = makeAccountant(privacyParametersOf(schema, options.privacy), options.seed);
  const released = releaseMarginals(
    { rowCount: marginals.whole.rows, rowsDroppedByConsent: marginals.rowsDroppedByConsent },
    schema,
    options,
    accountant,
    releaseFromStatistics(marginals),
  );
  const models = modelledSpecs(schema).map((spec) => released.fittedByName.get(spec.name)!.model);
  const plan: PrivatePlan = {
    next: released.plan.categoryOrder > 0 ? 'category-order' : 'score-moments',
    privacy: options.privacy,
    minCount: options.minCount,
    rareCategories: options.rareCategories,
    scoreSeed: options.scoreSeed,
    models,
    rowsUsed: released.rowsUsed,
    rowsDroppedByConsent: released.rowsDroppedByConsent,
    ledger: accountant.ledger(),
    rowsRead: marginals.rowsRead,
  };
  if (plan.next === 'score-moments' && released.plan.correlation === 0)
    return { model: modelOfPlan(schema, plan, null, accountant, options.locale) };
  return { plan };
}

/**
 * One partition's pass under a private plan: the exact sums its next release measures.
 * @throws DoppelError as prepareTable.
 */
export function privatePartialOfTable(
  table: Table,
  schema: DatasetSchema,
  plan: PrivatePlan,
  source: string,
): PrivatePartial {
  const modelByName = new Map(plan.models.map((m) => [m.name, m]));
  const randoms = new Map<string, ReturnType<typeof scoreRandom>>();
  const randomOf = (column: string, part: 'value' | 'missing') => {
    const key = `${part}\u0000${column}`;
    if (!randoms.has(key)) randoms.set(key, scoreRandom(plan.scoreSeed, column, part));
    return randoms.get(key)!;
  };
  const nominal = nominalSpecs(schema);
  const anchors = anchorSpecs(schema);
  // The locale only names generated columns, which have no dimension.
  const layout = copulaLayout(schema, modelByName, DEFAULT_LOCALE);
  const d = layout.dimensions.length;
  const sums = new Float64Array(
    plan.next === 'category-order'
      ? nominal.reduce(
          (n, spec) => n + (modelByName.get(spec.name) as CategoricalColumnModel).categories.length,
          0,
        ) * anchors.length
      : (d * (d + 1)) / 2,
  );
  let rowsRead = 0;
  for (const batch of preparedBatches(table, schema, source)) {
    rowsRead += batch.rowsRead;
    const columnOf = new Map(batch.columns.map((c) => [c.spec.name, c]));
    const view = (name: string) => releasedColumn(modelByName.get(name)!, columnOf.get(name)!);
    const scoresOf = (name: string) => valueScores(view(name), batch.rowCount, randomOf(name, 'value'));
    if (plan.next === 'category-order') {
      const anchorScores = anchors.map((spec) => scoresOf(spec.name));
      addAnchorSums(
        sums,
        nominal.map((spec) => {
          const released = view(spec.name);
          return { model: released.model as CategoricalColumnModel, slotOf: released.slotOf };
        }),
        anchorScores,
        batch.rowCount,
      );
    } else {
      const scores = layout.dimensions.map(({ column, part }) =>
        part === 'value'
          ? scoresOf(column)
          : missingScores(
              columnOf.get(column)!,
              modelByName.get(column)!.missingRate,
              randomOf(column, 'missing'),
            ),
      );
      addScoreMoments(sums, scores);
    }
  }
  return { plan, parts: 1, rowsRead, sums };
}

/**
 * Merges one pass's private partials and makes the next release: the category order (giving the
 * next plan) or the correlation (giving the model).
 * @throws DoppelError `invalid-partial` for partials of different plans or that do not add up to
 *   the rows the plan was made from, `usage` for privacy parameters other than the plan's.
 */
export function mergePrivatePartials(
  schema: DatasetSchema,
  partials: readonly { partial: PrivatePartial; source: string; planHash: string }[],
  options: {
    readonly seed: number;
    readonly privacy: ResolvedPrivacyOptions | null;
    readonly locale: string;
  },
): { plan: PrivatePlan } | { model: Model } {
  const [first, ...rest] = partials;
  if (!first) throw new DoppelError('usage', 'give at least one partial to --merge');
  for (const { source, planHash } of rest)
    if (planHash !== first.planHash)
      throw new DoppelError(
        'invalid-partial',
        `${source} and ${first.source} followed different plans: run this pass of every partition with the same --plan file`,
      );
  const plan = first.partial.plan;
  const given = options.privacy;
  if (given !== null && (given.epsilon !== plan.privacy.epsilon || given.delta !== plan.privacy.delta))
    throw new DoppelError(
      'usage',
      `the plan was released at epsilon ${plan.privacy.epsilon}, delta ${plan.privacy.delta}; --epsilon/--delta differ: drop them (the plan carries the budget) or start again from the first-pass partials`,
    );
  const sums = new Float64Array(first.partial.sums.length);
  let rowsRead = 0;
  for (const { partial } of partials) {
    partial.sums.forEach((x, i) => {
      sums[i]! += x;
    });
    rowsRead += partial.rowsRead;
  }
  if (rowsRead !== plan.rowsRead)
    throw new DoppelError(
      'invalid-partial',
      `the ${partials.length} partial(s) read ${rowsRead} rows, the plan was made from ${plan.rowsRead}: give every partition's partial of this pass exactly once`,
    );
  const accountant = makeAccountant(privacyParametersOf(schema, plan.privacy), options.seed, plan.ledger);
  const budget = planBudget(modelledSpecs(schema));
  if (plan.next === 'category-order') {
    const nominal = nominalSpecs(schema);
    const modelByName = new Map(plan.models.map((m) => [m.name, m]));
    const columns = nominal.map((spec) => {
      const model = modelByName.get(spec.name) as CategoricalColumnModel;
      return { fitted: layoutOnly(model), presentRows: plan.rowsUsed * (1 - model.missingRate) };
    });
    const laidOut = categoryOrdersFromSums(
      columns,
      anchorSpecs(schema).length,
      sums,
      accountant,
      budget.categoryOrder,
    );
    laidOut.forEach((fitted) => {
      modelByName.set(fitted.model.name, fitted.model);
    });
    const next: PrivatePlan = {
      ...plan,
      next: 'score-moments',
      models: plan.models.map((m) => modelByName.get(m.name)!),
      ledger: accountant.ledger(),
    };
    if (budget.correlation === 0)
      return { model: modelOfPlan(schema, next, null, accountant, options.locale) };
    return { plan: next };
  }
  return { model: modelOfPlan(schema, plan, sums, accountant, options.locale) };
}

/** Release 4 (the correlation, from exact moments; none without them) and the model. */
function modelOfPlan(
  schema: DatasetSchema,
  plan: PrivatePlan,
  moments: Float64Array | null,
  accountant: Accountant,
  locale: string,
): Model {
  const layout = copulaLayout(schema, new Map(plan.models.map((m) => [m.name, m])), locale);
  const d = layout.dimensions.length;
  const correlation =
    moments === null
      ? identity(d)
      : correlationFromScoreMoments(
          moments,
          d,
          layout.presentShares,
          layout.attenuations,
          accountant,
          planBudget(modelledSpecs(schema)).correlation,
        );
  return assemblePrivateModel(schema, plan, layout, correlation, accountant, plan.minCount);
}

/**
 * A released categorical that can be laid out anew (step 3's post-processing needs its model and
 * `reorder`, never rows): probabilities reordered with their categories.
 */
function layoutOnly(model: CategoricalColumnModel): PrivateFittedCategorical {
  return {
    model,
    rowsEstimate: { value: Number.NaN, variance: Number.NaN },
    slotOf: () => -1,
    interval: () => null,
    reorder(order) {
      return layoutOnly({
        ...model,
        categories: order.map((old) => model.categories[old]!),
        probabilities: order.map((old) => model.probabilities[old]!),
      });
    },
  };
}

/**
 * Releases a column's marginal from its exact first-pass statistics: the histograms the private
 * fit measures, built from the cells and counts without the rows (O(cells), whatever the row count).
 * The released columns have no rows: later passes score rows against their models.
 * @throws DoppelError `usage` for a number column compacted onto the sketch grid.
 */
function releaseFromStatistics(marginals: TableMarginals): ColumnRelease {
  const byName = new Map(marginals.whole.columns.map((c) => [c.name, c]));
  return (spec, context, thresholdDelta) => {
    const column = byName.get(spec.name);
    if (column === undefined) throw new Error(`partial statistics lack modelled column "${spec.name}"`);
    const rowless = { interval: () => null };
    if (column.type === 'number') {
      if (spec.kind !== 'numeric' && spec.kind !== 'integer' && spec.kind !== 'datetime')
        throw new Error(`column "${spec.name}" has number statistics`);
      if (column.cells.compacted)
        throw new DoppelError(
          'usage',
          `column "${spec.name}" has more than ${MAX_CELLS} distinct values, so its partial statistics are a sketch, not the exact values a differentially private release needs: round it to fewer decimals, or fit the whole table with --epsilon`,
          [{ path: [spec.name], message: 'too many distinct values for a private merge' }],
        );
      const numbers = { values: column.cells.min, weights: column.cells.count, missing: column.missing };
      return { ...releasePrivateNumber(spec, numbers, context, thresholdDelta), ...rowless };
    }
    if (spec.kind === 'boolean') {
      const histogram = Float64Array.of(
        column.counts.get('false') ?? 0,
        column.counts.get('true') ?? 0,
        column.missing,
      );
      return { ...releasePrivateBoolean(spec, histogram, context), ...rowless };
    }
    if (spec.kind !== 'categorical') throw new Error(`column "${spec.name}" has label statistics`);
    return releasePrivateCategorical(
      spec,
      column.counts,
      column.missing,
      context,
      thresholdDelta,
      () => null,
    );
  };
}

/**
 * The table's rows in blocks of BATCH_ROWS rows at fixed positions, prepared (modelled columns,
 * consent applied): as the exact passes' blocks (partial-fit.ts `codedBlocks`), they do not follow
 * the reader's record batches, so the sums added block by block do not depend on them. The
 * private passes score values against released marginals, which take prepared columns; the exact
 * passes use the cheaper coded batches.
 */
function* preparedBatches(table: Table, schema: DatasetSchema, source: string): Generator<PreparedTable> {
  for (let start = 0; start < table.numRows; start += BATCH_ROWS) {
    yield prepareTable(table.slice(start, Math.min(table.numRows, start + BATCH_ROWS)), schema, {
      columns: 'modelled',
      applyConsent: true,
      source,
    });
  }
}
