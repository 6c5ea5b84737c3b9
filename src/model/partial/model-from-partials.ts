/**
 * The merge's last step: merged first- and second-pass statistics in, a model out, through the same
 * column assemblies (continuousColumnModel, categoricalFromCounts, booleanFromCounts), category
 * order (categoryOrderFromSums), copula repair (repairedCorrelation) and table assembly
 * (assembleTableModel) as the row fit.
 */
import { DoppelError, isDoppelError } from '../../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import { assembleTableModel } from '../assemble-model.js';
import { type AnchorSums, categoryOrderFromSums } from '../category-order.js';
import { continuousColumnModel } from '../continuous-model.js';
import { correlationFromSums, repairedCorrelation } from '../copula-correlation.js';
import { dimensionAttenuations } from '../discreteness-correction.js';
import { booleanFromCounts } from '../fit-boolean.js';
import { categoricalFromCounts } from '../fit-categorical.js';
import { generatedColumnModel } from '../fit-generated.js';
import {
  type ColumnModel,
  type CopulaDimension,
  isModelled,
  type MixtureComponent,
  type Model,
  type ModelledColumnModel,
} from '../model-format.js';
import { refuseTooManyDimensions } from '../width-limit.js';
import { categoryMeansFromSums } from './category-means-from-sums.js';
import type { TableCopulaSums, TablePlan } from './partial-copula.js';
import type { ScopeMarginals, TableMarginals } from './partial-marginals.js';
import {
  type PlanDimension,
  type PlanOptions,
  type ScopePlan,
  scopePlan,
  truncatedNormalMoments,
} from './score-plan.js';
import { sortedValuesOfCells } from './value-cells.js';

export interface MergeFitOptions extends PlanOptions {
  readonly locale: string;
}

/** The model of merged statistics (one copula, or a mixture over the schema's named stratum). */
export function modelFromPartials(
  schema: DatasetSchema,
  marginals: TableMarginals,
  plan: TablePlan,
  sums: TableCopulaSums,
  options: MergeFitOptions,
): Model {
  const { whole } = marginals;
  refuseTooFewRows(whole.rows, marginals.rowsDroppedByConsent, options.minCount);
  const { modelled, dimensions, correlation } = scopeModel(schema, whole, plan.whole, sums.whole, options);
  const byName = new Map(modelled.map((m) => [m.name, m]));
  const columns: ColumnModel[] = schema.columns.map(
    (spec) => byName.get(spec.name) ?? generatedColumnModel(spec, options.locale),
  );
  const model = assembleTableModel(schema, {
    rows: { read: marginals.rowsRead, used: whole.rows, droppedByConsent: marginals.rowsDroppedByConsent },
    minCount: options.minCount,
    privacy: { differentialPrivacy: false },
    columns,
    dimensions,
    correlation,
    // What a single-category condition needs (category-means.ts), from the same sums.
    categoryMeans: categoryMeansFromSums(
      whole,
      plan.whole,
      sums.whole,
      modelled,
      dimensions,
      options.minCount,
    ),
  });
  if (marginals.groups === null || plan.groups === null || sums.groups === null) return model;
  const mixture = mixtureOf(schema, marginals, plan, sums, options, byName.get(marginals.groups.column));
  return { ...model, mixture };
}

/**
 * Refuses a table of fewer than k rows, as the row fit does.
 * @throws DoppelError `schema-mismatch`.
 */
export function refuseTooFewRows(rows: number, droppedByConsent: number, minCount: number): void {
  if (rows >= minCount) return;
  const afterConsent = droppedByConsent > 0 ? ' after the consent rule' : '';
  throw new DoppelError(
    'schema-mismatch',
    `only ${rows} row(s) remain${afterConsent}, fewer than minCount k = ${minCount}: nothing can be modelled without describing fewer than k customers`,
  );
}

function mixtureOf(
  schema: DatasetSchema,
  marginals: TableMarginals,
  plan: TablePlan,
  sums: TableCopulaSums,
  options: MergeFitOptions,
  stratum: ModelledColumnModel | undefined,
): NonNullable<Model['mixture']> {
  const column = marginals.groups!.column;
  const refuse = (problem: string) =>
    new DoppelError('schema-mismatch', `model.stratifyBy: column "${column}" ${problem}`, [
      { path: ['model', 'stratifyBy'], message: problem },
    ]);
  if (!stratum || (stratum.kind !== 'categorical' && stratum.kind !== 'boolean'))
    throw refuse('is not a modelled categorical or boolean column');
  if (stratum.missingRate > 0)
    throw refuse('has missing values, which would be in no group of the mixture; name another column');
  if (
    stratum.kind === 'categorical' &&
    stratum.suppressed.action === 'merge' &&
    stratum.suppressed.categories > 0
  )
    throw refuse(
      'has categories held by fewer than k rows (merged into one bucket), which cannot have a copula of their own; set privacy.rareCategories to "drop" or name another column',
    );
  const categories = stratum.kind === 'categorical' ? stratum.categories : ['false', 'true'];
  const groups = categories
    .map((category) => ({ category, scope: marginals.groups!.byLabel.get(category) }))
    .filter(
      (g): g is { category: string; scope: ScopeMarginals } => g.scope !== undefined && g.scope.rows > 0,
    );
  const present = groups.reduce((sum, g) => sum + g.scope.rows, 0);
  const components: MixtureComponent[] = groups.map(({ category, scope }) => {
    try {
      const groupOptions = { ...options, rareCategories: 'drop' as const };
      // A group without a plan could not be fitted: planning it again throws the reason.
      const groupPlan = plan.groups!.byLabel.get(category) ?? scopePlan(schema, scope, groupOptions);
      const part = scopeModel(schema, scope, groupPlan, sums.groups!.get(category)!, groupOptions);
      return {
        category,
        weight: scope.rows / present,
        columns: part.modelled,
        copula: { dimensions: part.dimensions, correlation: part.correlation },
      };
    } catch (error) {
      if (!isDoppelError(error)) throw error;
      throw refuse(`cannot have a copula for its group "${category}": ${error.message}`);
    }
  });
  if (components.length < 2) throw refuse('has fewer than two groups in the data');
  return { column, components };
}

/** One scope's column models and copula from its merged statistics. */
function scopeModel(
  schema: DatasetSchema,
  scope: ScopeMarginals,
  plan: ScopePlan,
  sums: Float64Array,
  options: MergeFitOptions,
): { modelled: ModelledColumnModel[]; dimensions: CopulaDimension[]; correlation: number[][] } {
  const specs = new Map(schema.columns.filter((s) => roleOf(s) === 'modelled').map((s) => [s.name, s]));
  const dims = plan.dimensions;
  const pairAt = (a: number, b: number) => plan.offsets[(a * (a - 1)) / 2 + b]!;
  const valueDim = new Map(dims.map((d, i) => [`${d.part}\u0000${d.column}`, i]));
  const anchors = dims.flatMap((d, i) => (d.type === 'number' ? [i] : []));

  const modelled: ModelledColumnModel[] = scope.columns.map((marginal) => {
    const spec = specs.get(marginal.name)! as ColumnSpec;
    if (marginal.type === 'number') {
      if (spec.kind !== 'numeric' && spec.kind !== 'integer' && spec.kind !== 'datetime')
        throw new Error(`column "${spec.name}" has number statistics`);
      // Read from the cells by rank: expanding them cost 8 bytes a row per column.
      return continuousColumnModel(spec, sortedValuesOfCells(marginal.cells), scope.rows, options);
    }
    if (spec.kind === 'boolean') {
      const trues = marginal.counts.get('true') ?? 0;
      const present = scope.rows - marginal.missing;
      return booleanFromCounts(spec, scope.rows, present, trues, options.minCount).model;
    }
    if (spec.kind !== 'categorical') throw new Error(`column "${spec.name}" has label statistics`);
    const c = valueDim.get(`value\u0000${spec.name}`)!;
    const dim = dims[c]! as Extract<PlanDimension, { type: 'code' }>;
    const categoryRank = spec.ordered
      ? undefined
      : (categoryOrderFromSums(
          dim.keptLabels,
          anchors.map((a) => anchorSums(sums, a > c ? pairAt(a, c) : pairAt(c, a), dim.keptLabels.length)),
        ) ?? undefined);
    return categoricalFromCounts(spec, marginal.counts, scope.rows, {
      ...options,
      ...(categoryRank === undefined ? {} : { categoryRank }),
    }).model;
  });

  const byName = new Map(modelled.map((m) => [m.name, m]));
  const dimensions: CopulaDimension[] = dims.map((d) => ({ column: d.column, part: d.part }));
  const expected = modelled.flatMap((m) => [
    { column: m.name, part: 'value' },
    ...(m.missingRate > 0 ? [{ column: m.name, part: 'missing' }] : []),
  ]);
  if (JSON.stringify(expected) !== JSON.stringify(dimensions))
    throw new Error('the plan and the merged marginals disagree on the copula dimensions');
  refuseTooManyDimensions(dimensions.length);

  const moments = dims.map((d) => (d.type === 'code' ? codeMoments(d, byName.get(d.column)!) : null));
  const pairwise: number[][] = dims.map((_, a) => dims.map((__, b) => (a === b ? 1 : 0)));
  for (let a = 0; a < dims.length; a++)
    for (let b = 0; b < a; b++) {
      const r = pairCorrelation(dims[a]!, dims[b]!, moments[a]!, moments[b]!, sums, pairAt(a, b));
      pairwise[a]![b] = pairwise[b]![a] = r;
    }
  const columns: ColumnModel[] = modelled;
  const correlation = repairedCorrelation(
    pairwise,
    dimensionAttenuations(columns.filter(isModelled), dimensions),
  );
  return { modelled, dimensions, correlation };
}

/** The anchor sums of a nominal column's kept categories against one numeric dimension. */
function anchorSums(sums: Float64Array, at: number, kept: number): AnchorSums {
  const out: AnchorSums = {
    sums: new Float64Array(kept),
    counts: new Float64Array(kept),
    total: 0,
    totalSquares: 0,
  };
  for (let c = 0; c < kept; c++) {
    out.counts[c] = sums[at + 3 * c]!;
    out.sums[c] = sums[at + 3 * c + 1]!;
    out.total += sums[at + 3 * c + 1]!;
    out.totalSquares += sums[at + 3 * c + 2]!;
  }
  return out;
}

interface Moments {
  /** Per code: E[Z] and E[Z²] of its interval in the final layout; NaN for a code in no interval. */
  readonly mean: Float64Array;
  readonly square: Float64Array;
}

/** Where each code of a code dimension lies on [0, 1] in the final model, as score moments. */
function codeMoments(d: Extract<PlanDimension, { type: 'code' }>, model: ModelledColumnModel): Moments {
  const mean = new Float64Array(d.codes).fill(Number.NaN);
  const square = new Float64Array(d.codes).fill(Number.NaN);
  const set = (code: number, lo: number, hi: number) => {
    if (!(hi > lo)) return;
    const m = truncatedNormalMoments(lo, hi);
    mean[code] = m.mean;
    square[code] = m.square;
  };
  if (d.part === 'missing') {
    set(0, 0, 1 - model.missingRate);
    set(1, 1 - model.missingRate, 1);
  } else if (model.kind === 'boolean') {
    const p = model.trueProbability;
    // A value held by fewer than k rows counts as the other one (booleanFromCounts).
    set(0, 0, p === 1 ? 1 : 1 - p);
    set(1, p === 0 ? 0 : 1 - p, 1);
  } else if (model.kind === 'categorical') {
    const start = [0];
    for (const p of model.probabilities) start.push(start[start.length - 1]! + p);
    start[start.length - 1] = 1;
    const slot = new Map(model.categories.map((c, i) => [c, i]));
    d.keptLabels.forEach((label, code) => {
      const s = slot.get(label)!;
      set(code, start[s]!, start[s + 1]!);
    });
    if (model.suppressed.otherLabel !== null) {
      const s = model.categories.length - 1;
      set(d.keptLabels.length, start[s]!, start[s + 1]!);
    }
  } else throw new Error(`column "${model.name}" is not coded`);
  return { mean, square };
}

function pairCorrelation(
  x: PlanDimension,
  y: PlanDimension,
  mx: Moments | null,
  my: Moments | null,
  sums: Float64Array,
  at: number,
): number {
  if (x.type === 'number' && y.type === 'number')
    return correlationFromSums(
      sums[at]!,
      sums[at + 1]!,
      sums[at + 2]!,
      sums[at + 3]!,
      sums[at + 4]!,
      sums[at + 5]!,
    );
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  if (x.type === 'code' && y.type === 'code') {
    for (let a = 0; a < x.codes; a++)
      for (let b = 0; b < y.codes; b++) {
        const count = sums[at + a * y.codes + b]!;
        if (count === 0 || Number.isNaN(mx!.mean[a]!) || Number.isNaN(my!.mean[b]!)) continue;
        n += count;
        sx += count * mx!.mean[a]!;
        sy += count * my!.mean[b]!;
        sxx += count * mx!.square[a]!;
        syy += count * my!.square[b]!;
        sxy += count * mx!.mean[a]! * my!.mean[b]!;
      }
    return correlationFromSums(n, sx, sy, sxx, syy, sxy);
  }
  // One code dimension against one number: per code, rows, Σ score, Σ score² of the number.
  const code = (x.type === 'code' ? x : y) as Extract<PlanDimension, { type: 'code' }>;
  const m = (x.type === 'code' ? mx : my)!;
  for (let c = 0; c < code.codes; c++) {
    const count = sums[at + 3 * c]!;
    if (count === 0 || Number.isNaN(m.mean[c]!)) continue;
    n += count;
    sx += count * m.mean[c]!;
    sxx += count * m.square[c]!;
    sy += sums[at + 3 * c + 1]!;
    syy += sums[at + 3 * c + 2]!;
    sxy += m.mean[c]! * sums[at + 3 * c + 1]!;
  }
  return correlationFromSums(n, sx, sy, sxx, syy, sxy);
}
