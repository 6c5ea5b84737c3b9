/**
 * The row fit's model of a table whose rows belong to customers (an event table of a relational
 * fit), with its copula summed over batches of rows instead of from every dimension's scores at
 * once. The row fit holds rows × dimensions × 8 bytes of scores (the peak of a large relational
 * fit); here a pass holds one batch's scores and the pair sums. The table's columns are computed
 * when read (batched-table.ts): one whole column for its marginal, then one batch of every column
 * per pass, never the whole table.
 *
 * Same model as the row fit (fit.ts, `fitCopula`) up to the order of floating-point additions:
 * - each column's marginal is the row fit's own assembly (continuousColumnModel, booleanFromCounts,
 *   categoricalFromCounts) given the distinct customers holding each value, so the k rule counts
 *   customers and every stored category, atom, knot, end and missing rate is the row fit's;
 * - each dimension's scores are the row fit's: the same draw inside each value's interval, from
 *   the same random stream (seed, column), replayed row by row across batches, and each pair's
 *   Pearson sums are continued from batch to batch in row order (addPearsonSums), so they are the
 *   row fit's bit for bit;
 * - a nominal column's category order comes from its anchors' sums (category-order.ts), as the row
 *   fit computes it, in a first pass; the category statistics of conditions from the row fit's own
 *   subsample of rows (category-means.ts), kept while the scores pass.
 * Not the streamed fit's estimator (stream-fit.ts: moments of each interval instead of draws):
 * on margarine's events that moved correlations by up to 0.12 and a protocol seed's quality by
 * 0.015, where replaying the draws keeps the model and its samples.
 */
import type { ColumnSpec, DatasetSchema } from '../../schema/dataset-schema.js';
import { roleOf } from '../../schema/dataset-schema.js';
import { makeRandom, type RandomSource } from '../../stats/random.js';
import { assembleTableModel } from '../assemble-model.js';
import { categoryMeans, categoryMeansRows } from '../category-means.js';
import { type AnchorSums, addAnchorSums, categoryOrderFromSums, emptyAnchorSums } from '../category-order.js';
import { continuousColumnModel } from '../continuous-model.js';
import { addPearsonSums, correlationFromSums, repairedCorrelation } from '../copula-correlation.js';
import { dimensionAttenuations } from '../discreteness-correction.js';
import { columnStream } from '../fit.js';
import { booleanFromCounts } from '../fit-boolean.js';
import { categoricalFromCounts } from '../fit-categorical.js';
import { generatedColumnModel } from '../fit-generated.js';
import { type LabelHolders, labelHolders, presentNumbers } from '../holders.js';
import { codeLabels } from '../label-codes.js';
import type { ColumnModel, CopulaDimension, Model, ModelledColumnModel } from '../model-format.js';
import { scoreInInterval } from '../normal-scores.js';
import { refuseTooManyDimensions } from '../width-limit.js';
import type { BatchedColumn, BatchedTable } from './batched-table.js';
import { refuseTooFewRows } from './model-from-partials.js';
import { CellLocator, type ValueCells } from './value-cells.js';

/** Rows scored and summed at once: a few MB of scores per dimension, whatever the table's size. */
export const OWNED_BATCH_ROWS = 1 << 15;

export interface OwnedBatchFitOptions {
  readonly seed: number;
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
  /** The customer of each row: the k rule counts distinct customers. */
  readonly owners: Int32Array;
  /** Rows per batch (default {@link OWNED_BATCH_ROWS}); the model does not depend on it beyond rounding. */
  readonly batchRows?: number;
}

/** How a column's value dimension scores a row: an interval of [0, 1] per row, or none (NaN). */
type Scorer =
  | {
      readonly type: 'number';
      /** Distinct present values, found through a guide table; `below[c]` rows lie under cell c. */
      readonly locator: CellLocator;
      readonly below: Float64Array;
      readonly present: number;
    }
  | {
      readonly type: 'slots';
      /** The row's interval (−1: none), read from its label. */
      readonly slotOf: (label: string) => number;
      readonly cumulative: readonly number[];
    };

interface FittedColumn {
  readonly spec: ColumnSpec;
  readonly column: BatchedColumn;
  model: ModelledColumnModel;
  scorer: Scorer;
  /** Categoricals: the label counts and holders, to fit them again in their anchored order. */
  readonly counts: ReadonlyMap<string, number> | null;
  readonly holders: LabelHolders | null;
}

/**
 * Fits one copula (an event table's schema sets `model.stratifyBy: null`: no mixture) to a table
 * whose rows belong to customers, its columns computed one whole column at a time for the marginals
 * (O(d n log n)) and one batch of rows at a time for the sums (O(d² n)): no more than one column
 * or one batch of every column is held at once.
 * @throws DoppelError `schema-mismatch` as the row fit (fewer than k rows or customers with values).
 */
export function fitOwnedInBatches(
  table: BatchedTable,
  schema: DatasetSchema,
  options: OwnedBatchFitOptions,
): Model {
  const { minCount, seed } = options;
  const batchRows = options.batchRows ?? OWNED_BATCH_ROWS;
  refuseTooFewRows(table.rowCount, table.rowsDroppedByConsent, minCount);
  const byName = new Map(table.columns.map((column) => [column.spec.name, column]));
  const fitted: FittedColumn[] = [];
  for (const spec of schema.columns) {
    if (roleOf(spec) !== 'modelled') continue;
    const column = byName.get(spec.name);
    if (!column) throw new Error(`table lacks modelled column "${spec.name}"`);
    fitted.push(fitColumn(spec, column, table.rowCount, options));
  }
  orderCategories(fitted, table.rowCount, options, batchRows);

  const columns: ColumnModel[] = [];
  const dimensions: CopulaDimension[] = [];
  const byColumn = new Map(fitted.map((f) => [f.spec.name, f]));
  for (const spec of schema.columns) {
    const entry = byColumn.get(spec.name);
    if (!entry) {
      columns.push(generatedColumnModel(spec, options.locale));
      continue;
    }
    columns.push(entry.model);
    dimensions.push({ column: spec.name, part: 'value' });
    if (entry.model.missingRate > 0) dimensions.push({ column: spec.name, part: 'missing' });
  }
  refuseTooManyDimensions(dimensions.length);
  const { pairSums, kept } = scoresPass(fitted, dimensions, columns, table.rowCount, seed, batchRows);
  const d = dimensions.length;
  const pairwise = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (__, b): number => (a === b ? 1 : 0)),
  );
  for (let a = 0, p = 0; a < d; a++)
    for (let b = 0; b < a; b++, p++) {
      const at = 6 * p;
      pairwise[a]![b] = pairwise[b]![a] = correlationFromSums(
        pairSums[at]!,
        pairSums[at + 1]!,
        pairSums[at + 2]!,
        pairSums[at + 3]!,
        pairSums[at + 4]!,
        pairSums[at + 5]!,
      );
    }
  return assembleTableModel(schema, {
    rows: {
      read: table.rowsRead,
      used: table.rowCount,
      droppedByConsent: table.rowsDroppedByConsent,
    },
    minCount,
    privacy: { differentialPrivacy: false },
    columns,
    dimensions,
    correlation: repairedCorrelation(pairwise, dimensionAttenuations(columns, dimensions)),
    categoryMeans: categoryMeans(columns, dimensions, kept, minCount, seed),
  });
}

/** A column's model (from its values computed whole) and how it scores rows, the k rule counting the customers of `owners`. */
function fitColumn(
  spec: ColumnSpec,
  column: BatchedColumn,
  rows: number,
  options: OwnedBatchFitOptions,
): FittedColumn {
  const { minCount, owners } = options;
  switch (spec.kind) {
    case 'numeric':
    case 'integer':
    case 'datetime': {
      if (column.type !== 'number') throw new Error(`column "${spec.name}" is not numeric`);
      const present = presentNumbers(column.read(0, rows), owners);
      const model = continuousColumnModel(spec, present.sorted, rows, { minCount }, present);
      return { spec, column, model, scorer: rankScorer(present.sorted), counts: null, holders: null };
    }
    case 'boolean': {
      if (column.type !== 'label') throw new Error(`column "${spec.name}" is not a label column`);
      const labels = column.read(0, rows);
      let present = 0;
      let trues = 0;
      for (const label of labels) {
        if (label === null) continue;
        present++;
        if (label === 'true') trues++;
      }
      const holders = labelHolders(labels, owners);
      const { model, rare } = booleanFromCounts(spec, rows, present, trues, minCount, {
        present: holders.present,
        trues: holders.byLabel.get('true') ?? 0,
        falses: holders.byLabel.get('false') ?? 0,
        missing: holders.missing,
      });
      // As fitBoolean: a value held by fewer than k customers scores as the other one.
      const slot = (label: string) => (label === 'true' ? 1 : 0);
      const slotOf = rare < 0 ? slot : (label: string) => (slot(label) === rare ? 1 - rare : slot(label));
      const scorer: Scorer = { type: 'slots', slotOf, cumulative: [0, 1 - model.trueProbability, 1] };
      return { spec, column, model, scorer, counts: null, holders: null };
    }
    case 'categorical': {
      if (column.type !== 'label') throw new Error(`column "${spec.name}" is not a label column`);
      const labels = column.read(0, rows);
      const counts = new Map<string, number>();
      for (const label of labels) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
      const holders = labelHolders(labels, owners);
      const { model, slotOf, cumulative } = categoricalFromCounts(spec, counts, rows, options, holders);
      return { spec, column, model, scorer: { type: 'slots', slotOf, cumulative }, counts, holders };
    }
    case 'identifier':
    case 'personal':
    case 'text':
      throw new Error(`column "${spec.name}" of kind ${spec.kind} is never modelled`);
  }
}

/** Rank intervals of a sorted column's distinct values (ties share one), as rankScores reads them. */
function rankScorer(sorted: Float64Array): Scorer {
  let runs = 0;
  // -0 and 0 compare equal: one run, as the row fit's binary search over the sorted values.
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) runs++;
  const min = new Float64Array(runs);
  const count = new Float64Array(runs);
  const below = new Float64Array(runs + 1);
  for (let i = 0, r = -1; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) min[++r] = sorted[i]!;
    count[r]!++;
  }
  for (let r = 0; r < runs; r++) below[r + 1] = below[r]! + count[r]!;
  const cells: ValueCells = { compacted: false, min, max: min, count };
  return { type: 'number', locator: new CellLocator(cells), below, present: sorted.length };
}

/** One batch of a column's values (its `read` of the batch's rows). */
type BatchValues = Float64Array | readonly (string | null)[];

/**
 * Each row's score of one dimension for a batch of rows (`values`, the column's values of those
 * rows), drawing from `random` as the row fit does: one draw per row with an interval, in row order
 * (normal-scores.ts).
 */
function scoreRows(
  entry: FittedColumn,
  part: 'value' | 'missing',
  random: RandomSource,
  values: BatchValues,
): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const { scorer } = entry;
  if (part === 'missing') {
    // missingScores (fit.ts): present [0, 1 − m), missing [1 − m, 1), every row drawn.
    const m = entry.model.missingRate;
    for (let i = 0; i < n; i++) {
      const value = values[i];
      const missing = value === null || (typeof value === 'number' && Number.isNaN(value));
      out[i] = missing ? scoreInInterval(1 - m, 1, random) : scoreInInterval(0, 1 - m, random);
    }
    return out;
  }
  if (scorer.type === 'number') {
    const numbers = values as Float64Array;
    const { locator, below, present } = scorer;
    for (let i = 0; i < n; i++) {
      const x = numbers[i]!;
      if (Number.isNaN(x)) {
        out[i] = Number.NaN;
        continue;
      }
      const cell = locator.indexOf(x);
      out[i] = scoreInInterval(below[cell]! / present, below[cell + 1]! / present, random);
    }
    return out;
  }
  const labels = values as readonly (string | null)[];
  const { slotOf, cumulative } = scorer;
  for (let i = 0; i < n; i++) {
    const label = labels[i] ?? null;
    const slot = label === null ? -1 : slotOf(label);
    out[i] = slot < 0 ? Number.NaN : scoreInInterval(cumulative[slot]!, cumulative[slot + 1]!, random);
  }
  return out;
}

/**
 * The row fit's anchored order of each nominal column's categories (anchoredCategoryOrder: labels
 * coded in order of first appearance, sums of each anchor's scores per label), from a pass over
 * batches of the numeric columns' scores; refits each such column in that order.
 */
function orderCategories(
  fitted: FittedColumn[],
  rows: number,
  options: OwnedBatchFitOptions,
  batchRows: number,
): void {
  const nominal = fitted.filter((f) => f.spec.kind === 'categorical' && !f.spec.ordered);
  if (nominal.length === 0) return;
  const anchors = fitted.filter((f) => 'cdf' in f.model);
  const randoms = anchors.map((a) => makeRandom(options.seed, columnStream(a.spec.name)));
  const codes = nominal.map(() => new Map<string, number>());
  const sums: AnchorSums[][] = nominal.map(() => anchors.map(() => emptyAnchorSums()));
  for (let from = 0; from < rows; from += batchRows) {
    const to = Math.min(rows, from + batchRows);
    const scores = anchors.map((a, j) => scoreRows(a, 'value', randoms[j]!, a.column.read(from, to)));
    nominal.forEach((entry, c) => {
      const labels = entry.column.read(from, to) as readonly (string | null)[];
      const codeOf = codes[c]!;
      const slots = codeLabels(labels, codeOf, new Int32Array(to - from));
      scores.forEach((anchor, j) => {
        addAnchorSums(sums[c]![j]!, codeOf.size, slots, anchor);
      });
    });
  }
  nominal.forEach((entry, c) => {
    const categoryRank = categoryOrderFromSums([...codes[c]!.keys()], sums[c]!);
    if (categoryRank === null || entry.spec.kind !== 'categorical') return;
    const { model, slotOf, cumulative } = categoricalFromCounts(
      entry.spec,
      entry.counts!,
      rows,
      { ...options, categoryRank },
      entry.holders!,
    );
    entry.model = model;
    entry.scorer = { type: 'slots', slotOf, cumulative };
  });
}

/**
 * The pass over batches of every dimension's scores: the pair sums, and the scores of the rows the
 * category statistics read (categoryMeansRows; all rows of a small table).
 */
function scoresPass(
  fitted: readonly FittedColumn[],
  dimensions: readonly CopulaDimension[],
  columns: readonly ColumnModel[],
  rows: number,
  seed: number,
  batchRows: number,
): { pairSums: Float64Array; kept: Float64Array[] } {
  const byName = new Map(fitted.map((f) => [f.spec.name, f]));
  const d = dimensions.length;
  const pairSums = new Float64Array((6 * d * (d - 1)) / 2);
  // One stream per dimension, as the row fit's: (seed, column) for values, the next for missing.
  const randoms = dimensions.map((dim) =>
    makeRandom(seed, columnStream(dim.column) + (dim.part === 'missing' ? 1 : 0)),
  );
  const picked = categoryMeansRows(columns, dimensions, rows, seed);
  const keptRows = picked === null ? rows : picked.length;
  const kept = dimensions.map(() => new Float64Array(keptRows));
  let next = 0;
  for (let from = 0; from < rows; from += batchRows) {
    const to = Math.min(rows, from + batchRows);
    // Each column computed once per batch, for its value and its missing dimension.
    const batch = new Map<string, BatchValues>();
    const valuesOf = (name: string) => {
      let values = batch.get(name);
      if (values === undefined) batch.set(name, (values = byName.get(name)!.column.read(from, to)));
      return values;
    };
    const scores = dimensions.map((dim, j) =>
      scoreRows(byName.get(dim.column)!, dim.part as 'value' | 'missing', randoms[j]!, valuesOf(dim.column)),
    );
    for (let a = 0, p = 0; a < d; a++)
      for (let b = 0; b < a; b++, p++) addPearsonSums(scores[a]!, scores[b]!, pairSums, 6 * p);
    if (picked === null)
      scores.forEach((s, j) => {
        kept[j]!.set(s, from);
      });
    else {
      const start = next;
      while (next < picked.length && picked[next]! < to) next++;
      scores.forEach((s, j) => {
        for (let p = start; p < next; p++) kept[j]![p] = s[picked[p]! - from]!;
      });
    }
  }
  return { pairSums, kept };
}
