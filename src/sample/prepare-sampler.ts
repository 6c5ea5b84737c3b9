/**
 * Model → everything the hot loop needs, computed once per worker: per column its copula dimensions
 * and lookup tables (score thresholds, inverse-CDF guide tables, faker instances), next to the
 * correlation's Cholesky factor (computed by the caller). Sampling a chunk then does no per-model
 * work.
 */
import type { Faker } from '@faker-js/faker';
import { assertNever } from '../assert-never.js';
import { DoppelError } from '../errors.js';
// Types only: a value import from model-format.ts would load zod into every worker.
import type { ColumnModel, Model, ModelledColumnModel } from '../model/model-format.js';
import { choleskyFactor } from './cholesky.js';
import { type PreparedBoolean, prepareBoolean } from './columns/boolean.js';
import { type PreparedCategorical, prepareCategorical } from './columns/categorical.js';
import { type PreparedDatetime, prepareDatetime } from './columns/datetime.js';
import { type PreparedIdentifier, prepareIdentifier } from './columns/identifier.js';
import { type PreparedInteger, prepareInteger } from './columns/integer.js';
import type { CopulaParts } from './columns/missing.js';
import { type PreparedNumeric, prepareNumeric } from './columns/numeric.js';
import { type PreparedPersonal, preparePersonal } from './columns/personal.js';
import type { ScoreCondition } from './conditions/conditioned-copula.js';
import { type PreparedDerived, prepareDerived } from './rules/rebuild-derived.js';
import { upperTailThreshold } from './thresholds.js';

export type PreparedColumn =
  | PreparedNumeric
  | PreparedInteger
  | PreparedCategorical
  | PreparedBoolean
  | PreparedDatetime
  | PreparedIdentifier
  | PreparedPersonal;

/**
 * One Gaussian copula ready to draw from: the whole model's, or one group's of a mixture. Parts of
 * columns that take no score (one category, a boolean that is always or never true: a mixture's
 * group column and, in telco's "No internet" group, seven service columns) have no dimension here,
 * and the factor is that of the other dimensions' correlation: the marginal of a multivariate
 * normal is the same normal restricted to its coordinates, so the rows keep their distribution and
 * cost fewer draws and a smaller product.
 */
export interface PreparedCopula {
  /** Dimensions drawn per row. */
  readonly dimensions: number;
  /** Lower Cholesky factor L of their correlation (R = L Lᵀ), row-major d × d. */
  readonly cholesky: Float64Array;
  /** Aligned with the model's columns; null for identifier and personal columns. */
  readonly columns: readonly (PreparedColumn | null)[];
  /** Per categorical column, the copula's category index → the model's (dictionary) index. */
  readonly categoryMaps: readonly (Int32Array | null)[];
  /** A `--where` condition on the scores (conditions/conditioned-copula.ts); absent: none. */
  readonly condition?: ScoreCondition | null;
}

export interface PreparedSampler {
  /** One per model column, in output order (output types, generated columns). */
  readonly columns: readonly PreparedColumn[];
  /** The model's copula; null for a mixture, whose rows come from its groups' copulas. */
  readonly copula: PreparedCopula | null;
  /** The groups of a mixture model; null for one copula. */
  readonly mixture: PreparedMixture | null;
  /** Columns rebuilt from others by business rules (rules/rebuild-derived.ts), in rebuild order. */
  readonly derived?: readonly PreparedDerived[];
}

export interface PreparedMixture {
  /**
   * The cumulative weights of groups 0 … G − 2 in units of 2⁻³²: a row whose uniform 32-bit word is
   * at or above exactly g of them joins group g.
   */
  readonly bounds: Float64Array;
  readonly components: readonly PreparedCopula[];
}

/** Finds a modelled column's value and missing dimensions by name, not by position. */
function copulaPartsOf(model: Model, column: ModelledColumnModel): CopulaParts {
  const dimensions = model.copula.dimensions;
  const value = dimensions.findIndex((d) => d.column === column.name && d.part === 'value');
  const missing = dimensions.findIndex((d) => d.column === column.name && d.part === 'missing');
  if (value === -1) {
    throw new DoppelError('invalid-model', `modelled column "${column.name}" has no copula dimension`, [
      { path: ['copula', 'dimensions'], message: `needs { "column": "${column.name}", "part": "value" }` },
    ]);
  }
  if (column.missingRate > 0 && missing === -1) {
    throw new DoppelError(
      'invalid-model',
      `column "${column.name}" has missing values but no missing dimension`,
      [
        {
          path: ['copula', 'dimensions'],
          message: `needs { "column": "${column.name}", "part": "missing" }`,
        },
      ],
    );
  }
  return {
    dimension: value,
    missing:
      column.missingRate > 0
        ? { dimension: missing, threshold: upperTailThreshold(column.missingRate) }
        : null,
  };
}

/** Makes the Faker instance of a faker-filled column, for its locale. */
export type FakerFactory = (locale: string, column: string) => Faker;

/** What preparation takes besides the model, made where it is cheapest (see `sample.ts`). */
export interface SamplerResources {
  /** Lower Cholesky factor of the model's correlation (see `choleskyFactor`). */
  readonly cholesky: Float64Array;
  /** Called once per uuid or personal column. */
  readonly fakerFor: FakerFactory;
}

function prepareColumn(model: Model, column: ColumnModel, fakerFor: FakerFactory): PreparedColumn {
  switch (column.kind) {
    case 'numeric':
      return prepareNumeric(column, copulaPartsOf(model, column));
    case 'integer':
      return prepareInteger(column, copulaPartsOf(model, column));
    case 'categorical':
      return prepareCategorical(column, copulaPartsOf(model, column));
    case 'boolean':
      return prepareBoolean(column, copulaPartsOf(model, column));
    case 'datetime':
      return prepareDatetime(column, copulaPartsOf(model, column));
    case 'identifier':
      return prepareIdentifier(column, fakerFor);
    case 'personal':
      return preparePersonal(column, fakerFor);
    default:
      return assertNever(column);
  }
}

/**
 * Prepares a (parsed, valid) model for sampling. O(d² + total knots).
 * @throws DoppelError `invalid-model` when a modelled column lacks its copula dimensions or a
 * personal column cannot be generated.
 */
export function prepareSampler(model: Model, resources: SamplerResources): PreparedSampler {
  const d = model.copula.dimensions.length;
  if (resources.cholesky.length !== d * d) {
    throw new DoppelError(
      'invalid-model',
      `the Cholesky factor does not match the model's ${d} copula dimensions`,
    );
  }
  const columns = model.columns.map((column) => prepareColumn(model, column, resources.fakerFor));
  const mixture = model.mixture ? prepareMixture(model, model.mixture, resources.fakerFor) : null;
  const identity = model.columns.map((column) =>
    column.kind === 'categorical' ? Int32Array.from(column.categories, (_, k) => k) : null,
  );
  return {
    columns,
    derived: prepareDerived(model),
    copula:
      mixture === null
        ? prepareCopula(columns, model.copula.correlation, identity, resources.cholesky)
        : null,
    mixture,
  };
}

/** True when a column part's outcome does not depend on its score (its threshold is ±Infinity). */
function isConstantPart(column: PreparedColumn, part: 'value' | 'missing'): boolean {
  if (column.kind === 'identifier' || column.kind === 'personal') return false;
  if (part === 'missing') return column.missing !== null && !Number.isFinite(column.missing.threshold);
  if (column.kind === 'categorical') return !column.thresholds.some(Number.isFinite);
  if (column.kind === 'boolean') return !Number.isFinite(column.threshold);
  return false;
}

/**
 * A copula without the dimensions of its constant column parts (see {@link PreparedCopula}).
 * `cholesky` is the factor of the whole correlation, when already computed.
 */
function prepareCopula(
  columns: readonly (PreparedColumn | null)[],
  correlation: readonly (readonly number[])[],
  categoryMaps: readonly (Int32Array | null)[],
  cholesky?: Float64Array,
): PreparedCopula {
  const constant = new Set<number>();
  for (const column of columns) {
    if (column === null || column.kind === 'identifier' || column.kind === 'personal') continue;
    if (isConstantPart(column, 'value')) constant.add(column.dimension);
    if (column.missing !== null && isConstantPart(column, 'missing')) constant.add(column.missing.dimension);
  }
  const kept = correlation.map((_, k) => k).filter((k) => !constant.has(k));
  const renumber = new Int32Array(correlation.length).fill(-1);
  kept.forEach((k, i) => {
    renumber[k] = i;
  });
  const renumbered = columns.map((column): PreparedColumn | null => {
    if (column === null || column.kind === 'identifier' || column.kind === 'personal') return column;
    const { missing } = column;
    return {
      ...column,
      dimension: renumber[column.dimension] as number,
      missing: missing === null ? null : { ...missing, dimension: renumber[missing.dimension] as number },
    };
  });
  return {
    dimensions: kept.length,
    cholesky:
      constant.size === 0 && cholesky !== undefined
        ? cholesky
        : choleskyFactor(kept.map((i) => kept.map((j) => correlation[i]![j]!))),
    columns: renumbered,
    categoryMaps,
  };
}

function prepareMixture(
  model: Model,
  mixture: NonNullable<Model['mixture']>,
  fakerFor: FakerFactory,
): PreparedMixture {
  let total = 0;
  const bounds = Float64Array.from(
    mixture.components.slice(0, -1),
    (component) => (total += component.weight) * 4294967296,
  );
  const components = mixture.components.map((component): PreparedCopula => {
    const part: Model = { ...model, columns: component.columns, copula: component.copula };
    const byName = new Map(component.columns.map((column) => [column.name, column]));
    // A group lists the modelled columns only (load-model.ts checks), so the others map to null.
    const columns = model.columns.map((column) => {
      const own = byName.get(column.name);
      return own === undefined ? null : prepareColumn(part, own, fakerFor);
    });
    const categoryMaps = model.columns.map((column) => {
      const own = byName.get(column.name);
      if (column.kind !== 'categorical' || own?.kind !== 'categorical') return null;
      return Int32Array.from(own.categories, (category) => column.categories.indexOf(category));
    });
    return prepareCopula(columns, component.copula.correlation, categoryMaps);
  });
  return { bounds, components };
}
