/**
 * The differentially private fit: the same model format as the plain fit, with every statistic it
 * stores released through a documented mechanism and the budget recorded in `privacy`.
 */

import { assertNever } from '../../assert-never.js';
import { DoppelError } from '../../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { makeRandom, type RandomSource } from '../../stats/random.js';
import { assembleTableModel } from '../assemble-model.js';
import { generatedColumnModel } from '../fit-generated.js';
import type { ColumnModel, CopulaDimension, Model, ModelledColumnModel } from '../model-format.js';
import { scoreInInterval } from '../normal-scores.js';
import { refuseTooManyDimensions } from '../width-limit.js';
import {
  type Accountant,
  fnv1a,
  makeAccountant,
  type PrivacyParameters,
  privacyParameters,
} from './accountant.js';
import { type BudgetPlan, planBudget } from './budget-plan.js';
import type { ResolvedPrivacyOptions } from './privacy-options.js';
import { privateAttenuation } from './private-attenuation.js';
import { fitPrivateBoolean } from './private-boolean.js';
import { fitPrivateCategorical, type PrivateFittedCategorical } from './private-categorical.js';
import { type NominalColumn, privateCategoryOrders } from './private-category-order.js';
import type { PrivateColumnContext, PrivateFittedColumn } from './private-column.js';
import { privateCopulaCorrelation } from './private-correlation.js';
import { fitPrivateNumber } from './private-number.js';

/** What a private fit needs besides the data: filled options. */
export interface PrivateFitOptions {
  readonly seed: number;
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
  readonly privacy: ResolvedPrivacyOptions;
}

export type ModelledSpec = Exclude<ColumnSpec, { kind: 'identifier' | 'personal' | 'text' }>;

/**
 * Fits a model under (ε, δ)-differential privacy, with neighbouring tables differing by one row
 * added or removed (the rows read, before the consent rule: the rule is applied row by row, so a
 * neighbour of the read table is a neighbour, or the same table, after it).
 *
 * Releases, each through the accountant (accountant.ts), with the budget split of budget-plan.ts:
 * 1. the row counts: (rows used, rows dropped by consent), a histogram of sensitivity 1. The model's
 *    `rowsUsed` is the inverse-variance weighted mean of this noisy count and every column
 *    histogram's noisy total (each an unbiased estimate of it: post-processing), rounded and
 *    clipped at 0; `rowsDroppedByConsent` is the noisy count, and `rowsRead` their sum;
 * 2. each modelled column's marginal and missing rate (private-number.ts, private-categorical.ts,
 *    private-boolean.ts);
 * 3. the layout of nominal categories along a number column (private-category-order.ts), as the
 *    plain fit does it (category-order.ts), from noisy per-category score sums;
 * 4. the copula correlation of normal scores computed from the released marginals
 *    (private-correlation.ts), corrected for the attenuation of discrete columns from the released
 *    marginals alone (private-attenuation.ts). Which dimensions the copula has (a missing indicator
 *    where the released missing rate is positive) is decided from released values only.
 * Identifier and personal columns are described from the schema, never read. The `privacy`
 * section (parameters and ledger) depends on the schema and the budget only.
 *
 * Composition: every release draws fresh noise from its own stream (keyed by column and
 * statistic), later releases may depend on earlier outputs (adaptive composition), and the
 * ledger's ρ (or pure ε) shares add up to the budget; see accountant.ts for the conversion and δ.
 *
 * The data domain is the schema's: a table that does not fit it is rejected (by prepareTable)
 * before any statistic is computed. No other error depends on the data except through released
 * values: there is no check of exact counts against k as in the plain fit.
 * @throws DoppelError `usage` (bad privacy parameters), `schema-mismatch` (when the released row
 *   count is below k, or a column's released categories are empty and rare ones are dropped).
 */
export function fitPrivate(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: PrivateFitOptions,
  /** @internal A test seam: the accountant to measure through (tests replay releases with it). */
  accountantFor: (parameters: PrivacyParameters, seed: number) => Accountant = makeAccountant,
): Model {
  const accountant = accountantFor(privacyParametersOf(schema, options.privacy), options.seed);
  const preparedByName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const released = releaseMarginals(
    prepared,
    schema,
    options,
    accountant,
    (spec, context, thresholdDelta) => {
      const column = preparedByName.get(spec.name);
      if (!column) throw new Error(`prepared table lacks modelled column "${spec.name}"`);
      return fitPrivateColumn(spec, column, context, thresholdDelta);
    },
  );
  const { plan, fittedByName } = released;
  const modelled = modelledSpecs(schema);

  // Value scores of every modelled column, from its released marginal. The same score streams as the
  // plain fit (fit.ts): keyed by the column's name.
  const valueScoresOf = (name: string) =>
    valueScores(fittedByName.get(name)!, prepared.rowCount, scoreRandom(options.seed, name, 'value'));
  const valueScoresByName = new Map<string, Float64Array>();
  for (const spec of modelled)
    if (isNumberSpec(spec)) valueScoresByName.set(spec.name, valueScoresOf(spec.name));
  if (plan.categoryOrder > 0) {
    const nominal = nominalSpecs(schema);
    const laidOut = privateCategoryOrders(
      nominalColumnsOf(nominal, fittedByName, released.rowsUsed),
      [...valueScoresByName.values()],
      prepared.rowCount,
      accountant,
      plan.categoryOrder,
    );
    nominal.forEach((spec, i) => {
      fittedByName.set(spec.name, laidOut[i]!);
    });
  }

  const layout = copulaLayout(
    schema,
    new Map([...fittedByName].map(([name, fitted]) => [name, fitted.model])),
    options.locale,
  );
  const scores = layout.dimensions.map(({ column, part }) =>
    part === 'value'
      ? (valueScoresByName.get(column) ?? valueScoresOf(column))
      : missingScores(
          preparedByName.get(column)!,
          fittedByName.get(column)!.model.missingRate,
          scoreRandom(options.seed, column, 'missing'),
        ),
  );
  const correlation =
    plan.correlation > 0
      ? privateCopulaCorrelation(
          scores,
          layout.presentShares,
          layout.attenuations,
          accountant,
          plan.correlation,
        )
      : identity(layout.dimensions.length);
  return assemblePrivateModel(schema, released, layout, correlation, accountant, options.minCount);
}

/** The (ε, δ) of a fit made into the accountant's parameters for a schema's modelled columns. */
export function privacyParametersOf(
  schema: DatasetSchema,
  privacy: ResolvedPrivacyOptions,
): PrivacyParameters {
  const modelled = modelledSpecs(schema);
  const labels = modelled.filter(
    (spec) => spec.kind === 'categorical' && spec.categories === undefined,
  ).length;
  const values = modelled.filter((spec) => isNumberSpec(spec)).length;
  return privacyParameters(privacy.epsilon, privacy.delta, { labels, values });
}

/** What the first releases of a private fit (steps 1 and 2) give the later ones. */
export interface ReleasedMarginals {
  readonly plan: BudgetPlan;
  /** Released marginals of the modelled columns, by name, over the prepared rows. */
  readonly fittedByName: Map<string, PrivateFittedColumn>;
  readonly rowsUsed: number;
  readonly rowsDroppedByConsent: number;
}

/** How a column's marginal is released: from the rows, or from exact partial statistics. */
export type ColumnRelease = (
  spec: ModelledSpec,
  context: PrivateColumnContext,
  thresholdDelta: number,
) => PrivateFittedColumn;

/**
 * Steps 1 and 2 of {@link fitPrivate}: the row counts and every modelled column's marginal.
 * Each release is a histogram of one column's values, so exact partial statistics, which hold
 * those histograms without the rows (model/partial/private-merge.ts), give the same releases.
 */
export function releaseMarginals(
  prepared: Pick<PreparedTable, 'rowCount' | 'rowsDroppedByConsent'>,
  schema: DatasetSchema,
  options: Omit<PrivateFitOptions, 'seed' | 'locale' | 'privacy'>,
  accountant: Accountant,
  releaseColumn: ColumnRelease,
): ReleasedMarginals {
  const modelled = modelledSpecs(schema);
  const labels = modelled.filter(
    (spec) => spec.kind === 'categorical' && spec.categories === undefined,
  ).length;
  const values = modelled.filter((spec) => isNumberSpec(spec)).length;
  // Under pure DP only label columns could use a threshold, and there are none. The accountant's
  // parameters, not this table's: in a relational fit one budget serves every table (scoped-accountant.ts).
  const tableThresholdDelta = accountant.parameters.thresholdDelta;
  const thresholdDelta = tableThresholdDelta > 0 ? tableThresholdDelta / (labels + values) : 0;
  const plan = planBudget(modelled);

  const consentColumn = schema.consent?.column ?? null;
  const rows = accountant.measure({
    statistic: 'row counts',
    column: null,
    values:
      consentColumn === null
        ? Float64Array.of(prepared.rowCount)
        : Float64Array.of(prepared.rowCount, prepared.rowsDroppedByConsent),
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share: plan.rows,
  });
  if (modelled.length > 0 && rows.noisy[0]! < options.minCount) {
    throw new DoppelError(
      'schema-mismatch',
      `the privately released row count is below minCount k = ${options.minCount}: there is too little data to model with differential privacy`,
    );
  }

  // Independent unbiased estimates of the rows used, combined by inverse variance (post-processing).
  const rowEstimates = [{ value: rows.noisy[0]!, variance: accountant.noiseVariance(rows.scale) }];
  const fittedByName = new Map<string, PrivateFittedColumn>();
  for (const spec of modelled) {
    const context: PrivateColumnContext = {
      accountant,
      share: plan.columns.get(spec.name)!,
      minCount: options.minCount,
      rareCategories: options.rareCategories,
    };
    const fitted = releaseColumn(spec, context, thresholdDelta);
    fittedByName.set(spec.name, fitted);
    rowEstimates.push(fitted.rowsEstimate);
  }
  return {
    plan,
    fittedByName,
    rowsUsed: Math.max(0, Math.round(inverseVarianceMean(rowEstimates))),
    rowsDroppedByConsent: consentColumn === null ? 0 : Math.max(0, Math.round(rows.noisy[1]!)),
  };
}

/** The schema's modelled columns, in its order. */
export function modelledSpecs(schema: DatasetSchema): ModelledSpec[] {
  return schema.columns.filter((spec): spec is ModelledSpec => roleOf(spec) === 'modelled');
}

/** The nominal categorical columns step 3 lays out, in the schema's order. */
export function nominalSpecs(schema: DatasetSchema): ModelledSpec[] {
  return modelledSpecs(schema).filter((spec) => spec.kind === 'categorical' && !spec.ordered);
}

/** The anchors of step 3: the number columns, in the schema's order. */
export function anchorSpecs(schema: DatasetSchema): ModelledSpec[] {
  return modelledSpecs(schema).filter((spec) => isNumberSpec(spec));
}

/** Step 3's columns: each nominal column's released marginal and released rows with a value. */
export function nominalColumnsOf(
  nominal: readonly ModelledSpec[],
  fittedByName: ReadonlyMap<string, PrivateFittedColumn>,
  rowsUsed: number,
): NominalColumn[] {
  return nominal.map((spec) => {
    const fitted = fittedByName.get(spec.name) as PrivateFittedCategorical;
    return { fitted, presentRows: rowsUsed * (1 - fitted.model.missingRate) };
  });
}

/** The score stream of a column's copula dimension: the plain fit's (fit.ts), keyed by its name. */
export function scoreRandom(seed: number, column: string, part: 'value' | 'missing'): RandomSource {
  return makeRandom(seed, 2 * fnv1a(column) + (part === 'missing' ? 1 : 0));
}

/** The copula of released marginals: its dimensions, and what step 4 needs to know of each. */
export interface PrivateCopulaLayout {
  /** Every column's model, in the schema's order (identifier and personal ones described from it). */
  readonly columns: ColumnModel[];
  readonly dimensions: CopulaDimension[];
  readonly presentShares: number[];
  readonly attenuations: number[];
}

/**
 * Which dimensions the copula has, from released values only: a value dimension per modelled
 * column, and a missing indicator where the released missing rate is positive.
 * @throws DoppelError `usage` for more dimensions than a model may have.
 */
export function copulaLayout(
  schema: DatasetSchema,
  modelByName: ReadonlyMap<string, ModelledColumnModel>,
  locale: string,
): PrivateCopulaLayout {
  const columns: ColumnModel[] = [];
  const dimensions: CopulaDimension[] = [];
  const presentShares: number[] = [];
  const attenuations: number[] = [];
  for (const spec of schema.columns) {
    const model = modelByName.get(spec.name);
    if (model === undefined) {
      columns.push(generatedColumnModel(spec, locale));
      continue;
    }
    columns.push(model);
    const step = latticeStep(model);
    dimensions.push({ column: spec.name, part: 'value' });
    presentShares.push(1 - model.missingRate);
    attenuations.push(privateAttenuation(model, 'value', step));
    if (model.missingRate > 0) {
      dimensions.push({ column: spec.name, part: 'missing' });
      presentShares.push(1);
      attenuations.push(privateAttenuation(model, 'missing', step));
    }
  }
  refuseTooManyDimensions(dimensions.length);
  return { columns, dimensions, presentShares, attenuations };
}

/** The private model: released counts, marginals and correlation, and the accountant's ledger. */
export function assemblePrivateModel(
  schema: DatasetSchema,
  released: Pick<ReleasedMarginals, 'rowsUsed' | 'rowsDroppedByConsent'>,
  layout: PrivateCopulaLayout,
  correlation: number[][],
  accountant: Accountant,
  minCount: number,
): Model {
  const { rowsUsed, rowsDroppedByConsent } = released;
  return assembleTableModel(schema, {
    rows: { read: rowsUsed + rowsDroppedByConsent, used: rowsUsed, droppedByConsent: rowsDroppedByConsent },
    minCount,
    privacy: accountant.privacySection(),
    columns: layout.columns,
    dimensions: layout.dimensions,
    correlation,
  });
}

function fitPrivateColumn(
  spec: ModelledSpec,
  column: PreparedColumn,
  context: PrivateColumnContext,
  thresholdDelta: number,
): PrivateFittedColumn {
  switch (spec.kind) {
    case 'numeric':
    case 'integer':
    case 'datetime':
      if (column.type !== 'number') throw new Error(`column "${spec.name}" was not prepared as numbers`);
      return fitPrivateNumber(spec, column.values, context, thresholdDelta);
    case 'categorical':
      if (column.type !== 'label') throw new Error(`column "${spec.name}" was not prepared as labels`);
      return fitPrivateCategorical(spec, column.values, context, thresholdDelta);
    case 'boolean':
      if (column.type !== 'label') throw new Error(`column "${spec.name}" was not prepared as labels`);
      return fitPrivateBoolean(spec, column.values, context);
    default:
      return assertNever(spec);
  }
}

export function valueScores(
  fitted: Pick<PrivateFittedColumn, 'interval'>,
  rows: number,
  random: RandomSource,
): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const interval = fitted.interval(row);
    out[row] = interval === null ? Number.NaN : scoreInInterval(interval[0], interval[1], random);
  }
  return out;
}

/** Present is [0, 1 − m), missing [1 − m, 1): the layout the sampler inverts. */
export function missingScores(
  column: PreparedColumn,
  missingRate: number,
  random: RandomSource,
): Float64Array {
  const out = new Float64Array(column.values.length);
  for (let row = 0; row < out.length; row++) {
    const value = column.values[row];
    const isMissing = value === null || (typeof value === 'number' && Number.isNaN(value));
    out[row] = isMissing
      ? scoreInInterval(1 - missingRate, 1, random)
      : scoreInInterval(0, 1 - missingRate, random);
  }
  return out;
}

/** The value of one lattice unit of a column (magnitude-grid.ts); 1 where there is no lattice. */
function latticeStep(model: ModelledColumnModel): number {
  switch (model.kind) {
    case 'numeric':
      return 10 ** -(model.decimals ?? 0);
    case 'datetime':
      return model.unit === 'date' ? 86_400_000 : 1;
    default:
      return 1;
  }
}

export function isNumberSpec(spec: ModelledSpec): boolean {
  return spec.kind === 'numeric' || spec.kind === 'integer' || spec.kind === 'datetime';
}

function inverseVarianceMean(estimates: readonly { value: number; variance: number }[]): number {
  let weighted = 0;
  let weights = 0;
  for (const { value, variance } of estimates) {
    weighted += value / variance;
    weights += 1 / variance;
  }
  return weighted / weights;
}

export function identity(d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
}
