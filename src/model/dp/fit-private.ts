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
import { planBudget } from './budget-plan.js';
import type { ResolvedPrivacyOptions } from './privacy-options.js';
import { privateAttenuation } from './private-attenuation.js';
import { fitPrivateBoolean } from './private-boolean.js';
import { fitPrivateCategorical, type PrivateFittedCategorical } from './private-categorical.js';
import { privateCategoryOrders } from './private-category-order.js';
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

type ModelledSpec = Exclude<ColumnSpec, { kind: 'identifier' | 'personal' | 'text' }>;

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
  const modelled = schema.columns.filter((spec): spec is ModelledSpec => roleOf(spec) === 'modelled');
  const labels = modelled.filter(
    (spec) => spec.kind === 'categorical' && spec.categories === undefined,
  ).length;
  const values = modelled.filter((spec) => isNumberSpec(spec)).length;
  const parameters = privacyParameters(options.privacy.epsilon, options.privacy.delta, { labels, values });
  const accountant = accountantFor(parameters, options.seed);
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

  const preparedByName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  // Independent unbiased estimates of the rows used, combined by inverse variance (post-processing).
  const rowEstimates = [{ value: rows.noisy[0]!, variance: accountant.noiseVariance(rows.scale) }];
  const fittedByName = new Map<string, PrivateFittedColumn>();
  for (const spec of modelled) {
    const column = preparedByName.get(spec.name);
    if (!column) throw new Error(`prepared table lacks modelled column "${spec.name}"`);
    const context: PrivateColumnContext = {
      accountant,
      share: plan.columns.get(spec.name)!,
      minCount: options.minCount,
      rareCategories: options.rareCategories,
    };
    const fitted = fitPrivateColumn(spec, column, context, thresholdDelta);
    fittedByName.set(spec.name, fitted);
    rowEstimates.push(fitted.rowsEstimate);
  }
  const rowsUsed = Math.max(0, Math.round(inverseVarianceMean(rowEstimates)));

  // Value scores of every modelled column, from its released marginal. The same score streams as the
  // plain fit (fit.ts): keyed by the column's name.
  const streamOf = (name: string) => 2 * fnv1a(name);
  const valueScoresOf = (name: string) =>
    valueScores(fittedByName.get(name)!, prepared.rowCount, makeRandom(options.seed, streamOf(name)));
  const valueScoresByName = new Map<string, Float64Array>();
  for (const spec of modelled)
    if (isNumberSpec(spec)) valueScoresByName.set(spec.name, valueScoresOf(spec.name));
  if (plan.categoryOrder > 0) {
    const nominal = modelled.filter((spec) => spec.kind === 'categorical' && !spec.ordered);
    const laidOut = privateCategoryOrders(
      nominal.map((spec) => {
        const fitted = fittedByName.get(spec.name) as PrivateFittedCategorical;
        return { fitted, presentRows: rowsUsed * (1 - fitted.model.missingRate) };
      }),
      [...valueScoresByName.values()],
      prepared.rowCount,
      accountant,
      plan.categoryOrder,
    );
    nominal.forEach((spec, i) => {
      fittedByName.set(spec.name, laidOut[i]!);
    });
  }

  const columns: ColumnModel[] = [];
  const dimensions: CopulaDimension[] = [];
  const scores: Float64Array[] = [];
  const presentShares: number[] = [];
  const attenuations: number[] = [];
  for (const spec of schema.columns) {
    const fitted = fittedByName.get(spec.name);
    if (fitted === undefined) {
      columns.push(generatedColumnModel(spec, options.locale));
      continue;
    }
    const { model } = fitted;
    columns.push(model);
    const step = latticeStep(model);
    dimensions.push({ column: spec.name, part: 'value' });
    scores.push(valueScoresByName.get(spec.name) ?? valueScoresOf(spec.name));
    presentShares.push(1 - model.missingRate);
    attenuations.push(privateAttenuation(model, 'value', step));
    if (model.missingRate > 0) {
      const column = preparedByName.get(spec.name)!;
      dimensions.push({ column: spec.name, part: 'missing' });
      scores.push(
        missingScores(column, model.missingRate, makeRandom(options.seed, streamOf(spec.name) + 1)),
      );
      presentShares.push(1);
      attenuations.push(privateAttenuation(model, 'missing', step));
    }
  }
  refuseTooManyDimensions(dimensions.length);
  const correlation =
    plan.correlation > 0
      ? privateCopulaCorrelation(scores, presentShares, attenuations, accountant, plan.correlation)
      : identity(dimensions.length);

  const rowsDroppedByConsent = consentColumn === null ? 0 : Math.max(0, Math.round(rows.noisy[1]!));
  return assembleTableModel(schema, {
    rows: { read: rowsUsed + rowsDroppedByConsent, used: rowsUsed, droppedByConsent: rowsDroppedByConsent },
    minCount: options.minCount,
    privacy: accountant.privacySection(),
    columns,
    dimensions,
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

function valueScores(fitted: PrivateFittedColumn, rows: number, random: RandomSource): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const interval = fitted.interval(row);
    out[row] = interval === null ? Number.NaN : scoreInInterval(interval[0], interval[1], random);
  }
  return out;
}

/** Present is [0, 1 − m), missing [1 − m, 1): the layout the sampler inverts. */
function missingScores(column: PreparedColumn, missingRate: number, random: RandomSource): Float64Array {
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

function isNumberSpec(spec: ModelledSpec): boolean {
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

function identity(d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
}
