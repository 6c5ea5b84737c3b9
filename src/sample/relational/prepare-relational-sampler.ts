/**
 * A relational model → what the relational chunk sampler needs, computed once per thread: the root's
 * table sampler; per child table, the output layout (a table model of its written columns, never
 * sampled by itself), and the Gaussian conditionals of an event's scores given its parent row
 * (first event) and given its parent row and previous event (later events), by the Schur complement.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { ColumnModel, CopulaDimension, Model } from '../../model/model-format.js';
import { DELTA, EVENT, PARENT, PREVIOUS, REPEAT } from '../../model/relational/child-column-prefixes.js';
import type {
  RelationalModel,
  RelationalTableModel,
} from '../../model/relational/relational-model-format.js';
import { SCORE_DELTA } from '../../model/relational/score-changes.js';
import { normalQuantile } from '../../stats/normal.js';
import { choleskyFactor } from '../cholesky.js';
import { type FakerFactory, type PreparedSampler, prepareSampler } from '../prepare-sampler.js';
import { categoryThresholds } from '../thresholds.js';
import { calibrateRepeats, type RepeatCalibration } from './calibrate-repeats.js';
import { categoryMidScores } from './column-numbers.js';
import { type EventDrawPlan, planEventDraws } from './event-draw-plan.js';
import { type EvolvingRule, evolvingRules } from './evolving-values.js';
import { type FirstValueRule, firstValueRules } from './first-values.js';
import { keptCalibration } from './stored-calibration.js';

/** How an event's scores are drawn given what is known: z_E = B · known + L · noise. */
export interface Conditional {
  /** Known values: indices into [previous event's E scores ..., parent sources ...]. */
  readonly known: number;
  /** E × known, row-major. */
  readonly b: Float64Array;
  /** Lower Cholesky factor of the conditional correlation, E × E row-major. */
  readonly l: Float64Array;
  /** Per previous-event known dimension, the E dimension it copies (length = known − parent sources). */
  readonly previousOf: Int32Array;
}

/** A parent column a child conditions on, and how its value becomes a score in the child's copula. */
export interface ParentSource {
  /** Column index in the parent's layout. */
  readonly parentColumn: number;
  readonly parentModel: ColumnModel;
  /** The child's marginal of `parent:<column>` (value → score). */
  readonly childModel: ColumnModel;
  /** For a categorical: the parent's dictionary index → the child's category score (0 if unknown there). */
  readonly categoryScores: Float64Array | null;
}

export interface RepeatRule {
  /** Layout column of the categorical event column. */
  readonly column: number;
  /** E dimensions of its value and of its `repeat:` indicator. */
  readonly valueDimension: number;
  readonly repeatDimension: number;
  /** The model's rate of the `repeat:` indicator: the share of consecutive events that repeat. */
  readonly probability: number;
  /** The event repeats the previous category when its repeat score is at or above this (calibrate-repeats.ts). */
  readonly threshold: number;
  readonly probabilities: Float64Array;
  /** Score thresholds between categories, as the categorical sampler uses them. */
  readonly thresholds: Float64Array;
  readonly midScores: Float64Array;
}

export interface PreparedChildSampler {
  readonly name: string;
  readonly tableIndex: number;
  readonly parentIndex: number;
  /** Parent layout column holding each parent row's event count. */
  readonly countColumn: number;
  readonly parentCountModel: ColumnModel;
  readonly maxEvents: number;
  /** Parent layout column of the parent's key (a sequence), copied into the foreign key. */
  readonly parentKeyColumn: number;
  readonly foreignKeyColumn: number;
  readonly primaryKeyColumn: number;
  /** Scores drawn per event: its value and missing dimensions, then its repeat indicators. */
  readonly dimensions: number;
  readonly layoutModel: Model;
  readonly sampler: PreparedSampler;
  readonly identityMaps: readonly (Int32Array | null)[];
  readonly parentSources: readonly ParentSource[];
  readonly first: Conditional;
  /** Later events' conditional; the same as `first` when the model has no previous-event columns. */
  readonly next: Conditional;
  readonly repeats: readonly RepeatRule[];
  /** Columns generated as a first value plus changes (evolving-values.ts). */
  readonly evolving: readonly EvolvingRule[];
  /** Columns whose first event takes the parent's first value, later ones drawn as levels (first-values.ts). */
  readonly firstValues: readonly FirstValueRule[];
  /** `first` and `next` rearranged for the block loop. */
  readonly draw: EventDrawPlan;
  /** Events in a root chunk can number at most this many per customer (product of the maxima on the path). */
  readonly keyStride: number;
  /**
   * Drawn dimensions of the numbers drawn as levels (value parts of numeric, integer and datetime
   * event columns, evolving ones aside), whose later events' scores are moved by {@link scoreShift}.
   */
  readonly shiftedDimensions: Int32Array;
  /**
   * Per shifted dimension, the mean of its later events' scores as the chain draws them (null: 0),
   * subtracted before they become values. The conditionals' inputs are not exactly standard normal
   * (child-side parent marginals are event-weighted, the known block is ridged, previous events feed
   * back), so the chain of later events drifts off the marginal (margarine's prices: a mean score of
   * up to +0.15); a calibration sample measures it (calibrate-repeats.ts). Only the mean: the
   * chain's spread is also wider than 1 (sd 1.1-1.35), but matching it, or the whole distribution by
   * quantiles, lowered the relational protocol on PSID and PBC on some splits (their synthetic
   * ranges narrow, and SDMetrics' pair metrics bin each side between its own extremes), where the
   * mean alone is at or above the unshifted sampler on every split of margarine, PSID and PBC.
   */
  readonly scoreShift: Float64Array | null;
}

export interface PreparedRelationalSampler {
  readonly model: RelationalModel;
  readonly root: PreparedSampler;
  /**
   * Per table (model order): its layout model and the written columns' indices in it (their Arrow
   * layouts: relational-layouts.ts, kept apart so that workers never load Arrow).
   */
  readonly layouts: readonly { model: Model; written: number[] }[];
  readonly children: readonly PreparedChildSampler[];
  /** The repeat calibration applied to `children` (calibrate-repeats.ts); absent without repeat rules. */
  readonly calibration?: RepeatCalibration;
}

/** Ridge added to the known block's diagonal (see {@link conditional}). */
export const CONDITIONING_RIDGE = 0.1;

function identityMatrix(d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
}

/** The table model of a child's written columns (plus summaries of its own children), for layout and value conversion. */
function childLayoutModel(table: RelationalTableModel, eventDimensions: readonly CopulaDimension[]): Model {
  const events = table.model;
  const keys = new Set([table.primaryKey, table.parent?.foreignKey]);
  const byName = new Map(events.columns.map((c) => [c.name, c]));
  const renamed = (name: string): ColumnModel => {
    const column = byName.get(`${EVENT}${name}`);
    if (!column) throw new Error(`relational model: table "${table.name}" lacks "${EVENT}${name}"`);
    return { ...column, name };
  };
  const written = table.columns.map((name) =>
    keys.has(name) ? ({ kind: 'identifier', name, generator: 'sequence' } as ColumnModel) : renamed(name),
  );
  const extra = events.columns
    .filter((c) => c.name.startsWith(EVENT) && !table.columns.includes(c.name.slice(EVENT.length)))
    .map((c) => renamed(c.name.slice(EVENT.length)));
  const dimensions = eventDimensions.map((d) => ({ column: d.column.slice(EVENT.length), part: d.part }));
  return {
    ...events,
    columns: [...written, ...extra],
    copula: { dimensions, correlation: identityMatrix(dimensions.length) },
  };
}

function conditional(
  correlation: readonly (readonly number[])[],
  drawn: readonly number[],
  known: readonly number[],
  previousOf: Int32Array,
): Conditional {
  const e = drawn.length;
  const k = known.length;
  const sub = (rows: readonly number[], cols: readonly number[]) =>
    new Matrix(rows.map((i) => cols.map((j) => correlation[i]![j]!)));
  const see = sub(drawn, drawn);
  let b = new Matrix(e, k);
  let s = see;
  if (k > 0) {
    // Σ_KK⁻¹ Σ_KE by Cholesky, with a ridge: known scores are the middles of their values' intervals,
    // not the exact latent scores, so where known columns are nearly collinear (a family size and the
    // flags it determines) an exact solve turns small conversion errors into huge swings of the mean.
    const skk = sub(known, known);
    for (let i = 0; i < k; i++) skk.set(i, i, skk.get(i, i) + CONDITIONING_RIDGE);
    const solved = new CholeskyDecomposition(skk).solve(sub(known, drawn));
    b = solved.transpose();
    s = see.sub(sub(drawn, known).mmul(solved));
  }
  const rows = s.to2DArray().map((row, i) => row.map((v, j) => (i === j ? v + 1e-9 : (v + s.get(j, i)) / 2)));
  return {
    known: k,
    b: Float64Array.from(b.to1DArray()),
    l: choleskyFactor(rows),
    previousOf,
  };
}

function childSampler(
  model: RelationalModel,
  table: RelationalTableModel,
  tableIndex: number,
  layouts: readonly { model: Model }[],
  fakerFor: FakerFactory,
  strideOf: ReadonlyMap<string, number>,
): { child: PreparedChildSampler; layoutModel: Model } {
  const parent = table.parent!;
  const parentIndex = model.tables.findIndex((t) => t.name === parent.table);
  const parentLayout = layouts[parentIndex]!.model;
  const isRootParent = parentIndex === 0;
  const parentColumnIndex = (name: string) => {
    const own = isRootParent || !name.startsWith(EVENT) ? name : name.slice(EVENT.length);
    const index = parentLayout.columns.findIndex((c) => c.name === own);
    if (index < 0) throw new Error(`relational model: parent "${parent.table}" lacks column "${own}"`);
    return index;
  };
  const events = table.model;
  const dims = events.copula.dimensions;
  const eventDims: number[] = [];
  const repeatDims: number[] = [];
  const previousDims: number[] = [];
  const parentDims: number[] = [];
  const changeDims: number[] = [];
  dims.forEach((d, i) => {
    if (d.column.startsWith(EVENT)) eventDims.push(i);
    else if (d.column.startsWith(REPEAT)) repeatDims.push(i);
    else if (d.column.startsWith(DELTA) || d.column.startsWith(SCORE_DELTA)) changeDims.push(i);
    else if (d.column.startsWith(PREVIOUS)) previousDims.push(i);
    else if (d.column.startsWith(PARENT) && d.part === 'value') parentDims.push(i);
  });
  const drawn = [...eventDims, ...repeatDims, ...changeDims];
  const layoutModel = childLayoutModel(
    table,
    eventDims.map((i) => dims[i]!),
  );
  const previousOf = Int32Array.from(previousDims, (i) => {
    const d = dims[i]!;
    const name = `${EVENT}${d.column.slice(PREVIOUS.length)}`;
    return eventDims.findIndex((j) => dims[j]!.column === name && dims[j]!.part === d.part);
  });
  const byName = new Map(events.columns.map((c) => [c.name, c]));
  const parentSources = parentDims.map((i): ParentSource => {
    const name = dims[i]!.column.slice(PARENT.length);
    const parentColumn = parentColumnIndex(name);
    const parentModel = parentLayout.columns[parentColumn]!;
    const childModel = byName.get(dims[i]!.column)!;
    let categoryScores: Float64Array | null = null;
    if (childModel.kind === 'categorical' && parentModel.kind === 'categorical') {
      const mids = categoryMidScores(childModel.probabilities);
      categoryScores = Float64Array.from(parentModel.categories, (c) => {
        const k = childModel.categories.indexOf(c);
        return k < 0 ? 0 : mids[k]!;
      });
    }
    return { parentColumn, parentModel, childModel, categoryScores };
  });
  const first = conditional(events.copula.correlation, drawn, parentDims, new Int32Array(0));
  const next = parent.previous
    ? conditional(events.copula.correlation, drawn, [...previousDims, ...parentDims], previousOf)
    : first;
  const repeats = repeatDims.flatMap((dimension, r): RepeatRule[] => {
    const d = dims[dimension]!;
    if (d.part !== 'value') return [];
    const name = d.column.slice(REPEAT.length);
    const column = layoutModel.columns.findIndex((c) => c.name === name);
    const valueDimension = eventDims.findIndex(
      (j) => dims[j]!.column === `${EVENT}${name}` && dims[j]!.part === 'value',
    );
    const categorical = layoutModel.columns[column];
    const indicator = byName.get(d.column);
    if (categorical?.kind !== 'categorical' || indicator?.kind !== 'boolean' || valueDimension < 0) return [];
    return [
      {
        column,
        valueDimension,
        repeatDimension: eventDims.length + r,
        probability: indicator.trueProbability,
        threshold: normalQuantile(1 - indicator.trueProbability),
        probabilities: Float64Array.from(categorical.probabilities),
        thresholds: categoryThresholds(categorical.probabilities),
        midScores: categoryMidScores(categorical.probabilities),
      },
    ];
  });
  const sampler = prepareSampler(layoutModel, {
    cholesky: choleskyFactor(layoutModel.copula.correlation),
    fakerFor,
  });
  const evolving = evolvingRules(
    table.name,
    table.parent!.order,
    events,
    drawn,
    layoutModel,
    parentLayout,
    parentColumnIndex,
  );
  const firstValues = firstValueRules(
    table.name,
    events,
    drawn,
    layoutModel,
    parentLayout,
    (summary) => parentLayout.columns.findIndex((c) => c.name === summary),
    new Set(evolving.map((rule) => rule.column)),
  );
  const evolvingDimensions = new Set(evolving.map((rule) => rule.valueDimension));
  const shiftedDimensions = Int32Array.from(
    eventDims.flatMap((i, d) => {
      const dimension = dims[i]!;
      const kind = byName.get(dimension.column)?.kind;
      const continuous = kind === 'numeric' || kind === 'integer' || kind === 'datetime';
      return dimension.part === 'value' && continuous && !evolvingDimensions.has(d) ? [d] : [];
    }),
  );
  const parentStride = strideOf.get(parent.table) ?? 1;
  const countColumn = parentColumnIndex(parent.count);
  const parentKey = model.tables[parentIndex]!.primaryKey;
  return {
    layoutModel,
    child: {
      name: table.name,
      tableIndex,
      parentIndex,
      countColumn,
      parentCountModel: parentLayout.columns[countColumn]!,
      maxEvents: parent.maxEvents,
      parentKeyColumn: parentLayout.columns.findIndex((c) => c.name === parentKey),
      foreignKeyColumn: layoutModel.columns.findIndex((c) => c.name === parent.foreignKey),
      primaryKeyColumn:
        table.primaryKey === null ? -1 : layoutModel.columns.findIndex((c) => c.name === table.primaryKey),
      dimensions: drawn.length,
      layoutModel,
      sampler,
      identityMaps: layoutModel.columns.map((c) =>
        c.kind === 'categorical' ? Int32Array.from(c.categories, (_, k) => k) : null,
      ),
      parentSources,
      first,
      next,
      repeats,
      evolving,
      firstValues,
      draw: planEventDraws(first, next, drawn.length),
      keyStride: parentStride * Math.max(1, parent.maxEvents),
      shiftedDimensions,
      scoreShift: null,
    },
  };
}

/**
 * Prepares a (parsed, valid) relational model for sampling. O(tables · d³).
 * @throws DoppelError `invalid-model` for a copula that is not positive definite.
 */
export function prepareRelationalSampler(
  model: RelationalModel,
  fakerFor: FakerFactory,
  /**
   * The repeat calibration: applied when given (made elsewhere from the same model), left out with
   * null (the caller calibrates, e.g. over a worker pool), else the one the model keeps
   * (stored-calibration.ts) or, without one, made here.
   */
  calibration?: RepeatCalibration | null,
): PreparedRelationalSampler {
  const rootModel = model.tables[0]!.model;
  const root = prepareSampler(rootModel, {
    cholesky: choleskyFactor(rootModel.copula.correlation),
    fakerFor,
  });
  const layouts: { model: Model; written: number[] }[] = [];
  const writtenOf = (layoutModel: Model, columns: readonly string[]) =>
    columns.map((name) => layoutModel.columns.findIndex((c) => c.name === name));
  layouts.push({
    model: rootModel,
    written: writtenOf(rootModel, model.tables[0]!.columns),
  });
  const children: PreparedChildSampler[] = [];
  const strideOf = new Map<string, number>([[model.root, 1]]);
  model.tables.forEach((table, t) => {
    if (t === 0) return;
    const { child, layoutModel } = childSampler(model, table, t, layouts, fakerFor, strideOf);
    strideOf.set(table.name, child.keyStride);
    children.push(child);
    layouts.push({
      model: layoutModel,
      written: writtenOf(layoutModel, table.columns),
    });
  });
  // Thresholds of the repeat indicators met against a calibration sample of the model itself.
  const prepared: PreparedRelationalSampler = { model, root, layouts, children };
  return calibration === null
    ? prepared
    : calibrateRepeats(prepared, calibration ?? keptCalibration(prepared));
}
