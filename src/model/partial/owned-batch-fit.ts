/**
 * The copula model of a table whose rows belong to customers (an event table of a relational fit),
 * with the copula from the streamed fit's pair sums over batches of rows instead of one score per
 * row and dimension. The row fit holds every dimension's scores at once (rows × dimensions × 8
 * bytes, the peak of a large relational fit); here a pass holds one batch of coded rows and the
 * sums, and the marginals are fitted one column at a time.
 *
 * The k rule counts customers, as the row fit's (holders.ts): each column's marginal is the row
 * fit's own assembly (continuousColumnModel, booleanFromCounts, categoricalFromCounts) given the
 * distinct customers holding each value, so every stored category, atom, knot, end and missing rate
 * is the row fit's exactly. The copula and the order of nominal categories come from the sums as in
 * the streamed fit (stream-fit.ts), within its stated tolerance of the row fit's: the same
 * estimator averaged over the random positions inside each value's interval.
 */
import type { ColumnSpec, DatasetSchema } from '../../schema/dataset-schema.js';
import { roleOf } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { assembleTableModel } from '../assemble-model.js';
import { continuousColumnModel } from '../continuous-model.js';
import { booleanFromCounts } from '../fit-boolean.js';
import { categoricalFromCounts } from '../fit-categorical.js';
import { generatedColumnModel } from '../fit-generated.js';
import { labelHolders, presentNumbers } from '../holders.js';
import type { CategoricalColumnModel, ColumnModel, Model, ModelledColumnModel } from '../model-format.js';
import { categoryMeansFromSums } from './category-means-from-sums.js';
import { type CodedBatch, type CodedColumn, LabelDictionary } from './coded-batch.js';
import { categoryRankFromSums, copulaFromSums, refuseTooFewRows } from './model-from-partials.js';
import { addCopulaBatch, emptyCopulaSums } from './partial-copula.js';
import type { ColumnMarginal, ScopeMarginals } from './partial-marginals.js';
import { categoryDimension, numberDimension, type PlanDimension, planOfDimensions } from './score-plan.js';
import { cellsFromValues } from './value-cells.js';

/** Rows coded and summed at once: a few MB of codes and scores per column, whatever the table's size. */
export const OWNED_BATCH_ROWS = 1 << 16;

export interface OwnedBatchFitOptions {
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
  /** The customer of each row: the k rule counts distinct customers. */
  readonly owners: Int32Array;
  /** Rows per batch of the copula pass (default {@link OWNED_BATCH_ROWS}). */
  readonly batchRows?: number;
}

/** One modelled column after the first look: its marginal statistics and, but for a nominal category, its model. */
interface ColumnStatistics {
  readonly spec: ColumnSpec;
  readonly marginal: ColumnMarginal;
  /** Final for every kind but a nominal categorical, whose category order needs the sums. */
  readonly model: ModelledColumnModel;
  /** The customers holding each label (categoricals: to fit them again with their order). */
  readonly holders: ReturnType<typeof labelHolders> | null;
  readonly value: PlanDimension;
}

/**
 * Fits one copula (no mixture: an event table's schema sets `model.stratifyBy: null`) to a prepared
 * table whose rows belong to customers. O(d n log n) for the marginals, one column at a time, and
 * O(d² n) for the sums, one batch at a time.
 * @throws DoppelError `schema-mismatch` as the row fit (fewer than k rows or customers with values).
 */
export function fitOwnedInBatches(
  prepared: PreparedTable,
  schema: DatasetSchema,
  options: OwnedBatchFitOptions,
): Model {
  const { minCount } = options;
  refuseTooFewRows(prepared.rowCount, prepared.rowsDroppedByConsent, minCount);
  const byName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const statistics: ColumnStatistics[] = [];
  for (const spec of schema.columns) {
    if (roleOf(spec) !== 'modelled') continue;
    const column = byName.get(spec.name);
    if (!column) throw new Error(`prepared table lacks modelled column "${spec.name}"`);
    statistics.push(columnStatistics(spec, column, prepared.rowCount, options));
  }
  const dimensions: PlanDimension[] = [];
  for (const { spec, model, value } of statistics) {
    dimensions.push(value);
    if (model.missingRate > 0)
      dimensions.push({
        type: 'code',
        column: spec.name,
        part: 'missing',
        codes: 2,
        codeOfLabel: null,
        keptLabels: [],
      });
  }
  const plan = { whole: planOfDimensions(dimensions), groups: null };
  const sums = emptyCopulaSums(plan);
  for (const batch of codedBatchesOf(prepared, statistics, options.batchRows ?? OWNED_BATCH_ROWS))
    addCopulaBatch(plan, sums, batch);

  const modelled = statistics.map(({ spec, model, holders, marginal }): ModelledColumnModel => {
    if (spec.kind !== 'categorical' || spec.ordered || marginal.type !== 'label') return model;
    const categoryRank = categoryRankFromSums(plan.whole, sums.whole, spec.name);
    if (categoryRank === null) return model;
    return categoricalFromCounts(
      spec,
      marginal.counts,
      prepared.rowCount,
      { ...options, categoryRank },
      holders ?? undefined,
    ).model;
  });
  const { dimensions: copulaDimensions, correlation } = copulaFromSums(plan.whole, sums.whole, modelled);
  const scope: ScopeMarginals = { rows: prepared.rowCount, columns: statistics.map((s) => s.marginal) };
  const modelledByName = new Map(modelled.map((m) => [m.name, m]));
  const columns: ColumnModel[] = schema.columns.map(
    (spec) => modelledByName.get(spec.name) ?? generatedColumnModel(spec, options.locale),
  );
  return assembleTableModel(schema, {
    rows: {
      read: prepared.rowsRead,
      used: prepared.rowCount,
      droppedByConsent: prepared.rowsDroppedByConsent,
    },
    minCount,
    privacy: { differentialPrivacy: false },
    columns,
    dimensions: copulaDimensions,
    correlation,
    categoryMeans: categoryMeansFromSums(scope, plan.whole, sums.whole, modelled, copulaDimensions, minCount),
  });
}

/** A column's marginal statistics and model, the k rule counting the customers of `owners`. */
function columnStatistics(
  spec: ColumnSpec,
  column: PreparedColumn,
  rows: number,
  options: OwnedBatchFitOptions,
): ColumnStatistics {
  const { minCount, owners } = options;
  switch (spec.kind) {
    case 'numeric':
    case 'integer':
    case 'datetime': {
      if (column.type !== 'number') throw new Error(`column "${spec.name}" is not numeric`);
      const present = presentNumbers(column.values, owners);
      const model = continuousColumnModel(spec, present.sorted, rows, { minCount }, present);
      const cells = cellsFromValues(present.sorted);
      return {
        spec,
        model,
        holders: null,
        marginal: { type: 'number', name: spec.name, missing: rows - present.sorted.length, cells },
        value: numberDimension(spec.name, cells),
      };
    }
    case 'boolean':
    case 'categorical': {
      if (column.type !== 'label') throw new Error(`column "${spec.name}" is not a label column`);
      const counts = new Map<string, number>();
      let present = 0;
      for (const label of column.values) {
        if (label === null) continue;
        present++;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      const holders = labelHolders(column.values, owners);
      const marginal: ColumnMarginal = { type: 'label', name: spec.name, missing: rows - present, counts };
      if (spec.kind === 'boolean') {
        const model = booleanFromCounts(spec, rows, present, counts.get('true') ?? 0, minCount, {
          present: holders.present,
          trues: holders.byLabel.get('true') ?? 0,
          falses: holders.byLabel.get('false') ?? 0,
          missing: holders.missing,
        }).model;
        const value: PlanDimension = {
          type: 'code',
          column: spec.name,
          part: 'value',
          codes: 2,
          codeOfLabel: null,
          keptLabels: [],
        };
        return { spec, model, holders, marginal, value };
      }
      const model: CategoricalColumnModel = categoricalFromCounts(spec, counts, rows, options, holders).model;
      return { spec, model, holders, marginal, value: categoryDimension(spec.name, model, counts.keys()) };
    }
    case 'identifier':
    case 'personal':
    case 'text':
      throw new Error(`column "${spec.name}" of kind ${spec.kind} is never modelled`);
  }
}

/**
 * The modelled columns of rows [from, from + size) as coded batches: numbers as views of the
 * prepared arrays (no copy), labels coded through one dictionary per column for the whole pass.
 */
function* codedBatchesOf(
  prepared: PreparedTable,
  statistics: readonly ColumnStatistics[],
  size: number,
): Generator<CodedBatch> {
  const byName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const sources = statistics.map(({ spec }) => ({
    spec,
    column: byName.get(spec.name)!,
    dictionary: new LabelDictionary(),
  }));
  for (let from = 0; from < prepared.rowCount; from += size) {
    const to = Math.min(prepared.rowCount, from + size);
    const columns = sources.map(({ spec, column, dictionary }): CodedColumn => {
      if (column.type === 'number') return { type: 'number', spec, values: column.values.subarray(from, to) };
      const codes = new Int32Array(to - from);
      for (let i = from; i < to; i++) {
        const label = column.values[i] ?? null;
        codes[i - from] = label === null ? -1 : dictionary.codeOf(label);
      }
      return { type: 'label', spec, codes, dictionary };
    });
    yield { rowCount: to - from, rowsRead: to - from, rowsDroppedByConsent: 0, columns };
  }
}
