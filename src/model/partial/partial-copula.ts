/**
 * The second pass: sums of normal scores per pair of copula dimensions over complete rows, in the
 * layout of a {@link ScopePlan}. Sums add, so partials from any split merge exactly (up to the
 * rounding of floating-point addition).
 */
import { type CodedBatch, selectCodedRows } from './coded-batch.js';
import { rowsByLabel, stratumColumn } from './partial-marginals.js';
import { type CodedDimension, codeDimension, type ScopePlan } from './score-plan.js';

/** Second-pass sums of the table and of each stratum group (by label). */
export interface TableCopulaSums {
  readonly whole: Float64Array;
  readonly groups: ReadonlyMap<string, Float64Array> | null;
}

export interface TablePlan {
  readonly whole: ScopePlan;
  readonly groups: { readonly column: string; readonly byLabel: ReadonlyMap<string, ScopePlan> } | null;
}

export function emptyCopulaSums(plan: TablePlan): TableCopulaSums {
  return {
    whole: new Float64Array(plan.whole.size),
    groups:
      plan.groups === null
        ? null
        : new Map([...plan.groups.byLabel].map(([label, p]) => [label, new Float64Array(p.size)])),
  };
}

/** Adds one coded batch's pair sums into `into` (in place). */
export function addCopulaBatch(plan: TablePlan, into: TableCopulaSums, batch: CodedBatch): void {
  addScope(plan.whole, into.whole, batch);
  if (plan.groups === null || into.groups === null) return;
  for (const [label, rows] of rowsByLabel(stratumColumn(batch, plan.groups.column))) {
    const groupPlan = plan.groups.byLabel.get(label);
    const sums = into.groups.get(label);
    // A label with no group of its own (rare, dropped) is in no component, as in the row fit.
    if (groupPlan && sums) addScope(groupPlan, sums, selectCodedRows(batch, rows));
  }
}

function addScope(plan: ScopePlan, sums: Float64Array, batch: CodedBatch): void {
  const byName = new Map(batch.columns.map((c) => [c.spec.name, c]));
  const coded = plan.dimensions.map((d) => codeDimension(d, byName.get(d.column)!));
  const n = batch.rowCount;
  for (let a = 0, p = 0; a < coded.length; a++)
    for (let b = 0; b < a; b++, p++) {
      const dimension = plan.dimensions[b]!;
      const width = dimension.type === 'code' ? dimension.codes : 0;
      addPair(coded[a]!, coded[b]!, sums, plan.offsets[p]!, n, width);
    }
}

/** Hand-written: the pass's hot loop (d² / 2 pairs over every row). */
function addPair(
  x: CodedDimension,
  y: CodedDimension,
  sums: Float64Array,
  at: number,
  n: number,
  width: number,
): void {
  if (x.type === 'number' && y.type === 'number') {
    let count = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const xi = x.mean[i]!;
      const yi = y.mean[i]!;
      if (Number.isNaN(xi) || Number.isNaN(yi)) continue;
      count++;
      sx += xi;
      sy += yi;
      sxx += x.square[i]!;
      syy += y.square[i]!;
      sxy += xi * yi;
    }
    sums[at]! += count;
    sums[at + 1]! += sx;
    sums[at + 2]! += sy;
    sums[at + 3]! += sxx;
    sums[at + 4]! += syy;
    sums[at + 5]! += sxy;
    return;
  }
  if (x.type === 'code' && y.type === 'code') {
    for (let i = 0; i < n; i++) {
      const cx = x.codes[i]!;
      const cy = y.codes[i]!;
      if (cx >= 0 && cy >= 0) sums[at + cx * width + cy]! += 1;
    }
    return;
  }
  const code = (x.type === 'code' ? x : y) as Extract<CodedDimension, { type: 'code' }>;
  const num = (x.type === 'number' ? x : y) as Extract<CodedDimension, { type: 'number' }>;
  for (let i = 0; i < n; i++) {
    const c = code.codes[i]!;
    const m = num.mean[i]!;
    if (c < 0 || Number.isNaN(m)) continue;
    sums[at + 3 * c]! += 1;
    sums[at + 3 * c + 1]! += m;
    sums[at + 3 * c + 2]! += num.square[i]!;
  }
}

/** Adds `b` into `a` (in place). */
export function mergeCopulaSums(a: TableCopulaSums, b: TableCopulaSums): void {
  addInto(a.whole, b.whole);
  if (a.groups === null || b.groups === null) return;
  for (const [label, sums] of b.groups) addInto(a.groups.get(label)!, sums);
}

function addInto(a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length) throw new Error('copula sums of different plans');
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
}
