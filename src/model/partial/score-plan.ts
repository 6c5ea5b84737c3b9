/**
 * How the second pass turns a row into copula statistics, decided from the merged first pass only
 * (so every partition of the data codes its rows the same way). A numeric dimension's score is the
 * conditional mean E[Z | U in the row's rank interval] of the normal score the row fit draws at
 * random inside that interval (and E[Z²] for its square): the Rao-Blackwellised form of the same
 * estimator, which makes the sums independent of the order and split of the rows. A categorical,
 * boolean or missing-indicator dimension stores a code per row; its place on [0, 1] is decided at
 * the merge (the order of nominal categories needs the second pass itself, see category-order.ts).
 */
import { DoppelError } from '../../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import { normalQuantile } from '../../stats/normal.js';
import { categoricalFromCounts } from '../fit-categorical.js';
import { missingRateOf, requireEnoughValues } from '../fit-context.js';
import type { CopulaDimension } from '../model-format.js';
import type { CodedColumn } from './coded-batch.js';
import type { ColumnMarginal, ScopeMarginals } from './partial-marginals.js';
import { type ArraySource, FRESH_ARRAYS } from './scratch-arrays.js';
import { CellLocator, cellTotal, type ValueCells } from './value-cells.js';

export type PlanDimension =
  | {
      readonly type: 'number';
      readonly column: string;
      readonly part: 'value';
      readonly cells: ValueCells;
      /** Finds a value's cell. */
      readonly locator: CellLocator;
      /** Per cell: E[Z] and E[Z²] over its rank interval. */
      readonly mean: Float64Array;
      readonly square: Float64Array;
    }
  | {
      readonly type: 'code';
      readonly column: string;
      readonly part: CopulaDimension['part'];
      readonly codes: number;
      /** Categorical value dimensions: code of each label (kept categories 0..K−1, rare ones K). */
      readonly codeOfLabel: ReadonlyMap<string, number> | null;
      /** Categorical value dimensions: the kept categories, by code. */
      readonly keptLabels: readonly string[];
    };

export interface ScopePlan {
  readonly dimensions: readonly PlanDimension[];
  /** Start of each pair's block in the sums, pairs (a, b) with b < a in row-major order. */
  readonly offsets: Int32Array;
  readonly size: number;
}

export interface PlanOptions {
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** E[Z] and E[Z²] for Z standard normal restricted to Φ⁻¹([lo, hi]) (hi > lo). */
export function truncatedNormalMoments(lo: number, hi: number): { mean: number; square: number } {
  const a = lo <= 0 ? Number.NEGATIVE_INFINITY : normalQuantile(lo);
  const b = hi >= 1 ? Number.POSITIVE_INFINITY : normalQuantile(hi);
  const pa = Number.isFinite(a) ? INV_SQRT_2PI * Math.exp(-0.5 * a * a) : 0;
  const pb = Number.isFinite(b) ? INV_SQRT_2PI * Math.exp(-0.5 * b * b) : 0;
  const p = hi - lo;
  const mean = (pa - pb) / p;
  const square = 1 + ((Number.isFinite(a) ? a * pa : 0) - (Number.isFinite(b) ? b * pb : 0)) / p;
  return { mean, square: Math.max(square, mean * mean) };
}

/** Block size of a pair: 6 sums for two numbers, 3 per code against a number, a contingency table for two codes. */
function blockSize(a: PlanDimension, b: PlanDimension): number {
  if (a.type === 'number' && b.type === 'number') return 6;
  if (a.type === 'code' && b.type === 'code') return a.codes * b.codes;
  return 3 * (a.type === 'code' ? a.codes : (b as { codes: number }).codes);
}

/**
 * The plan of one scope (the table or a stratum group) from its merged first-pass statistics.
 * @throws DoppelError `schema-mismatch` as the row fit (fewer than k values in a column, no category
 * held by k rows when rare ones are dropped).
 */
export function scopePlan(schema: DatasetSchema, scope: ScopeMarginals, options: PlanOptions): ScopePlan {
  const specs = new Map(schema.columns.filter((s) => roleOf(s) === 'modelled').map((s) => [s.name, s]));
  const dimensions: PlanDimension[] = [];
  for (const marginal of scope.columns) {
    const spec = specs.get(marginal.name)!;
    dimensions.push(valueDimension(spec, marginal, scope.rows, options));
    const present = scope.rows - marginal.missing;
    if (missingRateOf(scope.rows, present, options.minCount) > 0)
      dimensions.push({
        type: 'code',
        column: marginal.name,
        part: 'missing',
        codes: 2,
        codeOfLabel: null,
        keptLabels: [],
      });
  }
  const d = dimensions.length;
  const offsets = new Int32Array((d * (d - 1)) / 2 + 1);
  let at = 0;
  for (let a = 0, p = 0; a < d; a++)
    for (let b = 0; b < a; b++, p++) {
      offsets[p] = at;
      at += blockSize(dimensions[a]!, dimensions[b]!);
    }
  offsets[offsets.length - 1] = at;
  return { dimensions, offsets, size: at };
}

function valueDimension(
  spec: ColumnSpec,
  marginal: ColumnMarginal,
  rows: number,
  options: PlanOptions,
): PlanDimension {
  if (marginal.type === 'number') {
    const { cells } = marginal;
    const n = cellTotal(cells);
    requireEnoughValues(spec.name, n, options.minCount);
    const mean = new Float64Array(cells.count.length);
    const square = new Float64Array(cells.count.length);
    let below = 0;
    for (let i = 0; i < cells.count.length; i++) {
      const upTo = below + cells.count[i]!;
      const m = truncatedNormalMoments(below / n, upTo / n);
      mean[i] = m.mean;
      square[i] = m.square;
      below = upTo;
    }
    return {
      type: 'number',
      column: spec.name,
      part: 'value',
      cells,
      locator: new CellLocator(cells),
      mean,
      square,
    };
  }
  if (spec.kind === 'boolean')
    return { type: 'code', column: spec.name, part: 'value', codes: 2, codeOfLabel: null, keptLabels: [] };
  if (spec.kind !== 'categorical') throw new Error(`column "${spec.name}" has label statistics`);
  const { model } = categoricalFromCounts(spec, marginal.counts, rows, options);
  const other = model.suppressed.otherLabel;
  const keptLabels = other === null ? model.categories : model.categories.slice(0, -1);
  const codeOfLabel = new Map<string, number>();
  for (const label of marginal.counts.keys()) codeOfLabel.set(label, keptLabels.length);
  keptLabels.forEach((label, code) => {
    codeOfLabel.set(label, code);
  });
  return {
    type: 'code',
    column: spec.name,
    part: 'value',
    codes: keptLabels.length + 1,
    codeOfLabel,
    keptLabels,
  };
}

function changed(column: string): DoppelError {
  return new DoppelError(
    'schema-mismatch',
    `column "${column}" holds a value the first pass did not see: the data changed between the two passes, or this partition was not among the partials merged into the plan. Run the first pass again on the same data.`,
    [{ path: [column], message: 'value not in the plan' }],
  );
}

/** One dimension's values for a batch column: scores (mean, square) or codes; NaN / −1 where absent. */
export type CodedDimension =
  | { readonly type: 'number'; readonly mean: Float64Array; readonly square: Float64Array }
  | { readonly type: 'code'; readonly codes: Int32Array };

export function codeDimension(
  dimension: PlanDimension,
  column: CodedColumn,
  arrays: ArraySource = FRESH_ARRAYS,
): CodedDimension {
  if (dimension.type === 'number') {
    if (column.type !== 'number') throw new Error(`column "${dimension.column}" is not numeric`);
    const n = column.values.length;
    const mean = arrays.float(n);
    const square = arrays.float(n);
    const { values } = column;
    const { locator, mean: cellMean, square: cellSquare } = dimension;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      if (Number.isNaN(x)) {
        mean[i] = square[i] = Number.NaN;
        continue;
      }
      const cell = locator.indexOf(x);
      if (cell < 0) throw changed(dimension.column);
      mean[i] = cellMean[cell]!;
      square[i] = cellSquare[cell]!;
    }
    return { type: 'number', mean, square };
  }
  if (dimension.part === 'missing') {
    const n = column.type === 'number' ? column.values.length : column.codes.length;
    const codes = arrays.int(n);
    if (column.type === 'number')
      for (let i = 0; i < n; i++) codes[i] = Number.isNaN(column.values[i]!) ? 1 : 0;
    else for (let i = 0; i < n; i++) codes[i] = column.codes[i]! < 0 ? 1 : 0;
    return { type: 'code', codes };
  }
  if (column.type !== 'label') throw new Error(`column "${dimension.column}" is not a label column`);
  // Plan code of each dictionary code (−2: a label the plan never saw).
  const map = dimension.codeOfLabel;
  const planCode = Int32Array.from(column.dictionary.labels, (label) =>
    map === null ? (label === 'true' ? 1 : 0) : (map.get(label) ?? -2),
  );
  const codes = arrays.int(column.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = column.codes[i]!;
    if (code < 0) {
      codes[i] = -1;
      continue;
    }
    const mapped = planCode[code]!;
    if (mapped === -2) throw changed(dimension.column);
    codes[i] = mapped;
  }
  return { type: 'code', codes };
}
