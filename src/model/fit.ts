/**
 * The fit stage: a real table and its dataset schema in, a model out (marginals per column and a
 * Gaussian copula of their normal scores). Reads only the columns the schema models, after the
 * consent rule, and stores nothing held by fewer than k customers.
 */

import type { Table } from 'apache-arrow';
import { assertNever } from '../assert-never.js';
import { DoppelError, isDoppelError } from '../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../schema/dataset-schema.js';
import {
  type PreparedColumn,
  type PreparedTable,
  prepareTable,
  selectRows,
} from '../schema/prepare-table.js';
import { makeRandom, type RandomSource } from '../stats/random.js';
import { assembleTableModel } from './assemble-model.js';
import { categoryMeans } from './category-means.js';
import { anchoredCategoryOrder } from './category-order.js';
import { copulaCorrelation } from './copula-correlation.js';
import { dimensionAttenuations } from './discreteness-correction.js';
import { fitPrivate } from './dp/fit-private.js';
import { maybePrivacyOptions, type ResolvedPrivacyOptions, secretSeed } from './dp/privacy-options.js';
import { fitBoolean } from './fit-boolean.js';
import { fitCategorical } from './fit-categorical.js';
import type { FitContext, FittedColumn } from './fit-context.js';
import { fitDatetime } from './fit-datetime.js';
import { DEFAULT_LOCALE, generatedColumnModel } from './fit-generated.js';
import { fitInteger } from './fit-integer.js';
import { fitNumeric } from './fit-numeric.js';
import { latentGroups } from './latent-groups.js';
import {
  type ColumnModel,
  type CopulaDimension,
  type DerivedColumn,
  isModelled,
  type MixtureComponent,
  type Model,
} from './model-format.js';
import { intervalScores } from './normal-scores.js';
import { observedDecimals } from './observed-decimals.js';
import { deriveRemainders } from './rules/derive-remainders.js';
import { type DeterminedColumn, determinedColumns, freeRows } from './rules/determined-cells.js';
import { chooseStratum, strataRows } from './stratify.js';
import { refuseTooManyDimensions, refuseTooManyModelledColumns } from './width-limit.js';

/** The seed used when none is given, so that fitting the same data twice gives the same model. */
export const DEFAULT_FIT_SEED = 1;
/** k when neither the options nor the schema's privacy.minCount set it. */
export const DEFAULT_MIN_COUNT = 5;

export interface FitOptions {
  /**
   * Seed of the random positions of rows inside their values' intervals (default 1) and, in a
   * differentially private fit, of the noise (default: a fresh secret seed; a seed given here
   * reproduces the noise, so it must be kept as secret as the data).
   */
  readonly seed?: number;
  /** k, overriding the schema's privacy.minCount (default 5). */
  readonly minCount?: number;
  /**
   * Fit with (ε, δ)-differential privacy at this ε (see src/model/dp/fit-private.ts); without it
   * the model says `privacy.differentialPrivacy: false`.
   */
  readonly epsilon?: number;
  /** δ of the differential privacy guarantee: default 1e-9; 0 for pure ε-DP. Only with epsilon. */
  readonly delta?: number;
  /** How messages call the table, e.g. `data file samples/telco.csv` (default: `the data`). */
  readonly source?: string;
  /**
   * @internal The customer of each prepared row, for an event table of a relational fit: the k
   * rule then counts distinct customers (see holders.ts). Absent: every row is its own customer.
   */
  readonly owners?: Int32Array;
}

/** Fit options with every default filled in from the options, the schema and doppel's defaults. */
export interface ResolvedFitOptions {
  readonly seed: number;
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
  /** ε and δ of a differentially private fit; null for a plain fit. */
  readonly privacy: ResolvedPrivacyOptions | null;
  /** Columns that label rules fix on some rows, by name (rules/determined-cells.ts); set by the fit. */
  readonly determined?: ReadonlyMap<string, DeterminedColumn>;
  /** @internal See {@link FitOptions.owners}. */
  readonly owners?: Int32Array;
}

/**
 * Checks the options and fills the defaults, once, at the entry.
 * @throws DoppelError `usage` for a seed that is not a safe integer, a minCount below 1, or bad
 * privacy parameters (see {@link maybePrivacyOptions}).
 */
export function resolveFitOptions(schema: DatasetSchema, options: FitOptions = {}): ResolvedFitOptions {
  const privacy = maybePrivacyOptions(options);
  const seed = options.seed ?? (privacy === null ? DEFAULT_FIT_SEED : secretSeed());
  if (!Number.isSafeInteger(seed)) {
    throw new DoppelError('usage', `the fit seed must be a whole number, got ${String(options.seed)}`, [
      { path: ['seed'], message: 'expected a safe integer' },
    ]);
  }
  const minCount = options.minCount ?? schema.privacy?.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new DoppelError('usage', `minCount must be a whole number of at least 1, got ${String(minCount)}`, [
      { path: ['minCount'], message: 'expected an integer >= 1' },
    ]);
  }
  return {
    seed,
    minCount,
    rareCategories: schema.privacy?.rareCategories ?? 'merge',
    locale: schema.locale ?? DEFAULT_LOCALE,
    privacy,
    ...(options.owners === undefined ? {} : { owners: options.owners }),
  };
}

/**
 * Fits a model to a real table: applies the schema's consent rule, reads only the modelled columns,
 * fits each column's marginal by its kind (numeric, integer, categorical, boolean, datetime), adds a
 * missing indicator for each column with missing values, and estimates the Gaussian copula
 * correlation of the normal scores, repaired to positive definite (the Gaussian copula with
 * empirical marginals of Patki, Wedge & Veeramachaneni 2016, "The Synthetic Data Vault", IEEE DSAA;
 * copulas: Nelsen 2006, "An Introduction to Copulas"). Identifier and personal columns are
 * described from the schema, never read.
 * The model's summary (`fit`) says how many rows were read, dropped by consent and used.
 * With `epsilon`, the fit is differentially private instead ({@link fitPrivate}): every stored
 * statistic is released by a documented mechanism and `privacy` holds the budget ledger.
 * Deterministic: the same table, schema and seed give the same model.
 * O(d n log n + d² n) for d copula dimensions.
 * @throws DoppelError `schema-mismatch` (data lacks a column or does not fit its kind; fewer than k
 * values in a column), `usage` (bad options).
 * @example fit(await readTable('samples/telco_churn.csv'), await loadDatasetSchema('schemas/telco.json'))
 * // { format: 'doppel-model', formatVersion: 1, fit: { rowsUsed: 7043, ... }, columns: [...], copula: {...} }
 */
export function fit(table: Table, schema: DatasetSchema, options: FitOptions = {}): Model {
  const resolved = resolveFitOptions(schema, options);
  refuseTooManyModelledColumns(schema);
  const prepared = prepareTable(table, schema, {
    columns: 'modelled',
    applyConsent: true,
    ...(options.source === undefined ? {} : { source: options.source }),
  });
  return fitResolved(prepared, schema, resolved);
}

/**
 * {@link fit} on a table already passed through `prepareTable` (consent applied). Columns of the
 * prepared table that the schema does not model are ignored.
 * @throws DoppelError as {@link fit}.
 */
export function fitPrepared(prepared: PreparedTable, schema: DatasetSchema, options: FitOptions = {}): Model {
  return fitResolved(prepared, schema, resolveFitOptions(schema, options));
}

function fitResolved(prepared: PreparedTable, schema: DatasetSchema, options: ResolvedFitOptions): Model {
  refuseTooManyModelledColumns(schema);
  // Enforced business rules: the model holds what a rule leaves free, sampling rebuilds the rest.
  const { table, derived } = deriveRemainders(prepared, schema);
  // Label rules (combination, zero-when) in a plain fit only: a private fit would have to spend
  // budget on the leader's rows.
  const determined = options.privacy === null ? determinedColumns(prepared, schema, options.minCount) : [];
  if (derived.length === 0 && determined.length === 0) return fitRemainders(prepared, schema, options);
  const names = new Set(derived.map((d) => d.column));
  // A remainder (a ratio, a residual) keeps its own precision, not the derived column's decimals.
  const columns = schema.columns.map((spec) =>
    names.has(spec.name) && spec.kind === 'numeric' ? { ...spec, decimals: undefined } : spec,
  );
  const fitted = fitRemainders(
    table,
    { ...schema, columns },
    { ...options, determined: new Map(determined.map((d) => [d.column, d])) },
  );
  // Fixed cells first: they read labels only, which no deriving rule rebuilds.
  return { ...fitted, derived: [...determined.map((d) => determinedEntry(prepared, d)), ...derived] };
}

/** The model's entry for a column a label rule fixes (a zero-when column also gets its step off 0). */
function determinedEntry(prepared: PreparedTable, d: DeterminedColumn): DerivedColumn {
  if (d.kind === 'combination')
    return { kind: 'combination', column: d.column, value: d.value, when: d.when };
  const column = prepared.columns.find((c) => c.spec.name === d.column);
  const values = column?.type === 'number' ? column.values : new Float64Array(0);
  const spec = column?.spec;
  const decimals =
    spec?.kind === 'integer'
      ? 0
      : ((spec?.kind === 'numeric' ? spec.decimals : undefined) ?? observedDecimals(values));
  let positive = 0;
  let negative = 0;
  for (const x of values) {
    if (x > 0) positive++;
    else if (x < 0) negative++;
  }
  // A free row whose drawn value rounds to 0 moves one unit away, on the side most values are.
  return {
    kind: 'zero-when',
    column: d.column,
    when: d.when,
    step: (negative > positive ? -1 : 1) * 10 ** -decimals,
  };
}

function fitRemainders(prepared: PreparedTable, schema: DatasetSchema, options: ResolvedFitOptions): Model {
  // Before any check of exact counts: a private fit may reveal the data only through its mechanisms.
  // (A private fit is one copula: a mixture would have to spend budget on every group.)
  if (options.privacy !== null) return fitPrivate(prepared, schema, { ...options, privacy: options.privacy });
  const { model, scores } = fitCopula(prepared, schema, options);
  const dimensions = model.copula.dimensions.length;
  const column = chooseStratum(schema, prepared, scores, dimensions);
  if (column !== null) {
    const mixture = fitMixture(prepared, schema, options, model, column);
    return mixture === null ? model : { ...model, mixture };
  }
  // No column splits the customers, and the schema does not forbid a mixture (stratifyBy: null):
  // look for regimes in the scores instead (latent-groups.ts).
  if (schema.model?.stratifyBy === null) return model;
  const latent = latentGroups([...scores.values()], prepared.rowCount, dimensions, options.seed);
  if (latent === null) return model;
  const fitted = fitComponents(
    prepared,
    schema,
    options,
    latent.map((rows) => ({ category: null, rows })),
  );
  return 'failed' in fitted ? model : { ...model, mixture: { column: null, components: fitted.components } };
}

/**
 * The mixture the row fit would look for on these rows, without fitting it: the stratum column
 * {@link chooseStratum} picks, null for one copula, or 'latent' when no column splits the rows but
 * {@link latentGroups} finds regimes. What the streamed fit asks of its uniform sample (the
 * components and the category means of a sample are of no use there, and cost most of the search).
 * @throws DoppelError as {@link fit}.
 */
export function mixtureColumnOf(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: FitOptions = {},
): string | null | 'latent' {
  const resolved = resolveFitOptions(schema, options);
  refuseTooManyModelledColumns(schema);
  const { model, scores } = fitCopula(prepared, schema, resolved, true);
  const dimensions = model.copula.dimensions.length;
  const column = chooseStratum(schema, prepared, scores, dimensions);
  if (column !== null || schema.model?.stratifyBy === null) return column;
  return latentGroups([...scores.values()], prepared.rowCount, dimensions, resolved.seed) === null
    ? null
    : 'latent';
}

/**
 * One k-private copula per group of rows (a category rarer than k within the group is dropped
 * there: the "other" bucket of the whole table stays the only merged one), weighted by the groups'
 * shares; or the first group that cannot be fitted on its own (a column with fewer than k values in it).
 */
function fitComponents(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: ResolvedFitOptions,
  groups: readonly { category: string | null; rows: Int32Array }[],
): { components: MixtureComponent[] } | { failed: { category: string | null; error: DoppelError } } {
  const present = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const components: MixtureComponent[] = [];
  for (const { category, rows } of groups) {
    if (rows.length === 0) continue;
    try {
      const { model: part } = fitCopula(selectRows(prepared, rows), schema, {
        ...options,
        rareCategories: 'drop',
      });
      components.push({
        category,
        weight: rows.length / present,
        columns: part.columns.filter(isModelled),
        copula: part.copula,
      });
    } catch (error) {
      if (!isDoppelError(error)) throw error;
      return { failed: { category, error } };
    }
  }
  return { components };
}

/**
 * One copula per group of `column` ({@link fitComponents}). A column the data chose gives null when
 * a group cannot be fitted on its own, and the single copula serves; a column the schema named
 * must work, or the fit says why.
 * @throws DoppelError `schema-mismatch` for a named column with missing values or merged rare
 * categories (rows in no group, which a mixture would never sample), or a group that cannot be fitted.
 */
function fitMixture(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: ResolvedFitOptions,
  whole: Model,
  column: string,
): Model['mixture'] | null {
  const model = whole.columns.find((c) => c.name === column);
  const preparedColumn = prepared.columns.find((c) => c.spec.name === column);
  if (!model || !preparedColumn || (model.kind !== 'categorical' && model.kind !== 'boolean'))
    throw new Error(`fitMixture: "${column}" is not a fitted categorical or boolean column`);
  const named = schema.model?.stratifyBy === column;
  const refuse = (problem: string) =>
    new DoppelError('schema-mismatch', `model.stratifyBy: column "${column}" ${problem}`, [
      { path: ['model', 'stratifyBy'], message: problem },
    ]);
  if (named && model.missingRate > 0)
    throw refuse('has missing values, which would be in no group of the mixture; name another column');
  if (
    named &&
    model.kind === 'categorical' &&
    model.suppressed.action === 'merge' &&
    model.suppressed.categories > 0
  )
    throw refuse(
      'has categories held by fewer than k rows (merged into one bucket), which cannot have a copula of their own; set privacy.rareCategories to "drop" or name another column',
    );
  const categories = model.kind === 'categorical' ? model.categories : ['false', 'true'];
  const groups = strataRows(preparedColumn, categories).map((rows, g) => ({
    category: categories[g]!,
    rows,
  }));
  const fitted = fitComponents(prepared, schema, options, groups);
  if ('failed' in fitted) {
    if (!named) return null;
    const { category, error } = fitted.failed;
    throw refuse(`cannot have a copula for its group "${category}": ${error.message}`);
  }
  const { components } = fitted;
  if (components.length >= 2) return { column, components };
  if (named) throw refuse('has fewer than two groups in the data');
  return null;
}

/**
 * The single-copula model, and each modelled column's value scores by name (for {@link chooseStratum}).
 * @param forSearch only for {@link mixtureColumnOf}, which reads the scores and the number of copula
 *   dimensions: the model's correlation is then left as the identity and it has no category means
 *   (the pairwise correlations were about a fifth of the streamed fit's mixture search).
 */
function fitCopula(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: ResolvedFitOptions,
  forSearch = false,
): { model: Model; scores: Map<string, Float64Array> } {
  const modelsAny = schema.columns.some((spec) => roleOf(spec) === 'modelled');
  if (modelsAny && prepared.rowCount < options.minCount) {
    const afterConsent = prepared.rowsDroppedByConsent > 0 ? ' after the consent rule' : '';
    throw new DoppelError(
      'schema-mismatch',
      `only ${prepared.rowCount} row(s) remain${afterConsent}, fewer than minCount k = ${options.minCount}: nothing can be modelled without describing fewer than k customers`,
    );
  }
  const preparedByName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const columns: ColumnModel[] = [];
  const dimensions: CopulaDimension[] = [];
  const scores: Float64Array[] = [];
  // Each modelled column fitted on its own first; nominal categories are then laid out along the
  // ordered column they are most associated with (category-order.ts), which needs those scores.
  // A column a label rule fixes on some rows is fitted on the other rows (rules/determined-cells.ts):
  // `free` lists them (null: every row), and its scores are NaN on the fixed ones, which the
  // pairwise-complete correlation skips. Where it is fixed on every row (a mixture group of its
  // leader's value) it is a constant. `whole` keeps its fit on every row for choosing a mixture
  // column, which then sees the data as it is.
  interface Entry {
    fitted: FittedColumn;
    whole: FittedColumn | null;
    column: PreparedColumn;
    stream: number;
    free: Int32Array | null;
  }
  const fittedByName = new Map<string, Entry>();
  const onFreeRows = (entry: Entry, fitted: FittedColumn): FittedColumn => {
    if (entry.free === null) return fitted;
    const placed = { ...fitted, scores: scatterScores(fitted.scores, entry.free, prepared.rowCount) };
    return withFixedValue(placed, options.determined?.get(entry.column.spec.name));
  };
  for (const spec of schema.columns) {
    if (roleOf(spec) !== 'modelled') continue;
    const column = preparedByName.get(spec.name);
    if (!column) throw new Error(`prepared table lacks modelled column "${spec.name}"`);
    const determined = options.determined?.get(spec.name);
    const rows = determined === undefined ? null : freeRows(prepared, determined);
    const free = rows !== null && rows.length > 0 && rows.length < prepared.rowCount ? rows : null;
    // One random stream per dimension, keyed by the column's name, so adding, removing or moving a
    // column in the schema leaves the other columns' scores as they were.
    const stream = columnStream(spec.name);
    const context = columnContext(options, stream);
    const entry: Entry = { fitted: fitColumn(spec, column, context), whole: null, column, stream, free };
    if (free !== null) {
      entry.whole = entry.fitted;
      entry.fitted = onFreeRows(
        entry,
        fitColumn(spec, selectColumn(column, free), columnContext(options, stream)),
      );
    }
    fittedByName.set(spec.name, entry);
  }
  const anchors = [...fittedByName.values()]
    .filter(({ fitted }) => 'cdf' in fitted.model)
    .map(({ fitted }) => fitted.scores);
  for (const spec of schema.columns) {
    const entry = fittedByName.get(spec.name);
    if (!entry || spec.kind !== 'categorical' || spec.ordered) continue;
    const labels = labelsOf(entry.column);
    const freeLabels = entry.free === null ? labels : masked(labels, entry.free);
    const categoryRank = anchoredCategoryOrder(freeLabels, anchors);
    if (categoryRank !== null) {
      const context = { ...columnContext(options, entry.stream), categoryRank };
      const onFree = entry.free === null ? labels : Array.from(entry.free, (i) => labels[i] ?? null);
      entry.fitted = onFreeRows(entry, fitCategorical(spec, onFree, context));
    }
    if (entry.free !== null) {
      const wholeRank = anchoredCategoryOrder(labels, anchors);
      if (wholeRank !== null)
        entry.whole = fitCategorical(spec, labels, {
          ...columnContext(options, entry.stream),
          categoryRank: wholeRank,
        });
    }
  }

  // Copula dimensions, in schema order: each modelled column's value, then its missing indicator if
  // it has missing values (documented beside `copula` in model-format.ts).
  for (const spec of schema.columns) {
    const entry = fittedByName.get(spec.name);
    if (!entry) {
      columns.push(generatedColumnModel(spec, options.locale));
      continue;
    }
    const { fitted, column, stream, free } = entry;
    columns.push(fitted.model);
    dimensions.push({ column: spec.name, part: 'value' });
    scores.push(fitted.scores);
    if (fitted.model.missingRate > 0) {
      dimensions.push({ column: spec.name, part: 'missing' });
      const onFree = free === null ? column : selectColumn(column, free);
      const missing = missingScores(onFree, fitted.model.missingRate, makeRandom(options.seed, stream + 1));
      scores.push(free === null ? missing : scatterScores(missing, free, prepared.rowCount));
    }
  }
  refuseTooManyDimensions(dimensions.length);
  const model = assembleTableModel(schema, {
    rows: {
      read: prepared.rowsRead,
      used: prepared.rowCount,
      droppedByConsent: prepared.rowsDroppedByConsent,
    },
    minCount: options.minCount,
    privacy: { differentialPrivacy: false },
    columns,
    dimensions,
    correlation: forSearch
      ? dimensions.map((_, i) => dimensions.map((__, j) => (i === j ? 1 : 0)))
      : copulaCorrelation(scores, dimensionAttenuations(columns, dimensions)),
    ...(!forSearch
      ? { categoryMeans: categoryMeans(columns, dimensions, scores, options.minCount, options.seed) }
      : {}),
  });
  const valueScores = new Map(
    [...fittedByName].map(
      ([name, entry]) => [name, (entry.whole ?? entry.fitted).scores] as [string, Float64Array],
    ),
  );
  return { model, scores: valueScores };
}

/** One column of a prepared table, at the given rows. */
function selectColumn(column: PreparedColumn, rows: Int32Array): PreparedColumn {
  return selectRows({ rowCount: 0, rowsRead: 0, rowsDroppedByConsent: 0, columns: [column] }, rows)
    .columns[0] as PreparedColumn;
}

/** Scores of the free rows placed at their rows of the whole table, NaN on the fixed ones. */
function scatterScores(scores: Float64Array, free: Int32Array, rows: number): Float64Array {
  const out = new Float64Array(rows).fill(Number.NaN);
  for (let i = 0; i < free.length; i++) out[free[i]!] = scores[i]!;
  return out;
}

/** The labels with the fixed (not free) rows as missing. */
function masked(labels: readonly (string | null)[], free: Int32Array): (string | null)[] {
  const out = new Array<string | null>(labels.length).fill(null);
  for (const i of free) out[i] = labels[i] ?? null;
  return out;
}

/**
 * A combination's fixed category stays in the column's categories (the output dictionary) with
 * probability 0: only the rule writes it, on its leader's rows.
 */
function withFixedValue(fitted: FittedColumn, determined: DeterminedColumn | undefined): FittedColumn {
  const model = fitted.model;
  if (determined?.kind !== 'combination' || model.kind !== 'categorical') return fitted;
  if (model.categories.includes(determined.value)) return fitted;
  return {
    ...fitted,
    model: {
      ...model,
      categories: [...model.categories, determined.value],
      probabilities: [...model.probabilities, 0],
    },
  };
}

function columnContext(options: ResolvedFitOptions, stream: number): FitContext {
  return {
    minCount: options.minCount,
    rareCategories: options.rareCategories,
    random: makeRandom(options.seed, stream),
    ...(options.owners === undefined ? {} : { owners: options.owners }),
  };
}

function fitColumn(spec: ColumnSpec, column: PreparedColumn, context: FitContext): FittedColumn {
  switch (spec.kind) {
    case 'numeric':
      return fitNumeric(spec, numbersOf(column), context);
    case 'integer':
      return fitInteger(spec, numbersOf(column), context);
    case 'datetime':
      return fitDatetime(spec, numbersOf(column), context);
    case 'categorical':
      return fitCategorical(spec, labelsOf(column), context);
    case 'boolean':
      return fitBoolean(spec, labelsOf(column), context);
    case 'identifier':
    case 'personal':
    case 'text':
      throw new Error(`column "${spec.name}" of kind ${spec.kind} is never modelled`);
    default:
      return assertNever(spec);
  }
}

/**
 * Scores of a missing-indicator dimension: present is [0, 1 − m), missing [1 − m, 1), the layout
 * the sampler inverts (missing when u ≥ 1 − m).
 */
function missingScores(column: PreparedColumn, missingRate: number, random: RandomSource): Float64Array {
  const slots = new Int32Array(column.values.length);
  for (let i = 0; i < slots.length; i++) {
    const value = column.values[i];
    slots[i] = value === null || (typeof value === 'number' && Number.isNaN(value)) ? 1 : 0;
  }
  return intervalScores(slots, [0, 1 - missingRate, 1], random);
}

/**
 * The random stream of a column's value scores in a fit of seed s: (s, columnStream(name)); its
 * missing indicator's is the next. @internal (a fit over batches replays the row fit's draws).
 */
export function columnStream(name: string): number {
  return 2 * nameHash(name);
}

/** 32-bit FNV-1a of a column name (Fowler, Noll & Vo): a stable stream number per column. */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function numbersOf(column: PreparedColumn): Float64Array {
  if (column.type !== 'number') throw new Error(`column "${column.spec.name}" was not prepared as numbers`);
  return column.values;
}

function labelsOf(column: PreparedColumn): readonly (string | null)[] {
  if (column.type !== 'label') throw new Error(`column "${column.spec.name}" was not prepared as labels`);
  return column.values;
}
