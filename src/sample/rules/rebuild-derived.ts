/**
 * Sample side of enforced business rules: after a chunk is sampled, each derived column's buffer
 * holds the remainder the model drew (a ratio, a residual, a difference); it is turned into the
 * column's value from its sources' values in the same row, rounded as the column is. A row with a
 * source missing gets the derived value missing too. Hand-written: it runs once per row and rule.
 */
// Types only: a value import from model-format.ts would load zod into every worker.
import type { DerivedColumn, Model } from '../../model/model-format.js';
import type { ColumnBuffers, ColumnValues } from '../columns/column-buffers.js';

export interface PreparedDerived {
  readonly kind: DerivedColumn['kind'];
  /** The derived column's index among the model's columns. */
  readonly column: number;
  /** Columns it is rebuilt from (combination, zero-when: the leader). */
  readonly sources: Int32Array;
  /** Linear coefficients (product: unused; order: [1]). */
  readonly coefficients: Float64Array;
  readonly intercept: number;
  /** 10^decimals for rounding, or 0 for none. */
  readonly scale: number;
  /** Combination, zero-when: the leader's value as stored (dictionary index, or 1/0 for yes/no). */
  readonly when: number;
  /** Combination: the value written (dictionary index, or 1/0); zero-when: the step off 0. */
  readonly set: number;
  /** Whether the leader and the derived column are yes/no columns (bit-packed buffers). */
  readonly bits: { readonly leader: boolean; readonly target: boolean };
}

/** A label as its column's buffers hold it: a dictionary index, or 1/0 for a yes/no column. */
function storedLabel(model: Model, name: string, label: string): number {
  const column = model.columns.find((c) => c.name === name);
  if (column?.kind === 'boolean') return label === 'true' ? 1 : 0;
  const index = column?.kind === 'categorical' ? column.categories.indexOf(label) : -1;
  if (index === -1) throw new Error(`business rule value of "${name}" is not among its categories`);
  return index;
}

/** The model's derived columns by index, in rebuild order; empty when it has none. */
export function prepareDerived(model: Model): PreparedDerived[] {
  const index = (name: string) => {
    const i = model.columns.findIndex((c) => c.name === name);
    if (i === -1) throw new Error(`derived column source "${name}" is not a model column`);
    return i;
  };
  return (model.derived ?? []).map((d): PreparedDerived => {
    const isBits = (name: string) => model.columns.find((c) => c.name === name)?.kind === 'boolean';
    const base = {
      kind: d.kind,
      column: index(d.column),
      intercept: 0,
      when: 0,
      set: 0,
      bits: {
        leader: d.kind === 'combination' || d.kind === 'zero-when' ? isBits(d.when.column) : false,
        target: isBits(d.column),
      },
    };
    switch (d.kind) {
      case 'product':
        return {
          ...base,
          sources: Int32Array.from(d.factors, index),
          coefficients: new Float64Array(0),
          scale: scaleOf(d.decimals),
        };
      case 'linear':
        return {
          ...base,
          sources: Int32Array.from(d.terms, (t) => index(t.column)),
          coefficients: Float64Array.from(d.terms, (t) => t.coefficient),
          intercept: d.intercept,
          scale: scaleOf(d.decimals),
        };
      case 'order':
        return {
          ...base,
          sources: Int32Array.of(index(d.lower)),
          coefficients: Float64Array.of(1),
          scale: scaleOf(d.decimals),
        };
      default:
        return {
          ...base,
          sources: Int32Array.of(index(d.when.column)),
          coefficients: new Float64Array(0),
          scale: 0,
          when: storedLabel(model, d.when.column, d.when.value),
          set: d.kind === 'zero-when' ? d.step : storedLabel(model, d.column, d.value),
        };
    }
  });
}

function scaleOf(decimals: number | null): number {
  return decimals === null ? 0 : 10 ** decimals;
}

function valueAt(values: ColumnValues, i: number): number {
  return values instanceof BigInt64Array ? Number(values[i]) : (values[i] as number);
}

function isPresent(column: ColumnBuffers, i: number): boolean {
  return column.validity === null || (((column.validity[i >>> 3] as number) >>> (i & 7)) & 1) === 1;
}

/** The stored label of a yes/no (bit-packed) or categorical (dictionary index) column at row i. */
function labelAt(column: ColumnBuffers, i: number, bits: boolean): number {
  return bits ? ((column.values[i >>> 3] as number) >>> (i & 7)) & 1 : (column.values[i] as number);
}

/**
 * Sets a combination's or zero-when's fixed cells from its leader: the value on the leader's rows
 * (present even where the column drew a missing value), and, for zero-when, a value off 0 on the
 * others. Returns the column's new null count.
 */
function setFixedCells(
  rule: PreparedDerived,
  target: ColumnBuffers,
  leader: ColumnBuffers,
  rows: number,
): number {
  const bits = rule.bits;
  const values = target.values;
  const validity = target.validity;
  let nullCount = target.nullCount;
  for (let i = 0; i < rows; i++) {
    if (!isPresent(leader, i)) continue;
    if (labelAt(leader, i, bits.leader) === rule.when) {
      if (validity !== null && !isPresent(target, i)) {
        validity[i >>> 3] = (validity[i >>> 3] as number) | (1 << (i & 7));
        nullCount--;
      }
      if (rule.kind === 'zero-when') {
        if (values instanceof BigInt64Array) values[i] = 0n;
        else values[i] = 0;
      } else if (bits.target) {
        const bit = 1 << (i & 7);
        values[i >>> 3] =
          rule.set === 1 ? (values[i >>> 3] as number) | bit : (values[i >>> 3] as number) & ~bit;
      } else values[i] = rule.set;
    } else if (rule.kind === 'zero-when' && isPresent(target, i) && valueAt(values, i) === 0) {
      if (values instanceof BigInt64Array) values[i] = BigInt(rule.set);
      else values[i] = rule.set;
    }
  }
  return nullCount;
}

/**
 * Rebuilds the derived columns of a sampled chunk in place (their buffers), returning the columns
 * with updated null counts.
 */
export function rebuildDerived(
  derived: readonly PreparedDerived[],
  columns: readonly ColumnBuffers[],
  rows: number,
): ColumnBuffers[] {
  const out = [...columns];
  for (const rule of derived) {
    const target = out[rule.column] as ColumnBuffers;
    const sources = Array.from(rule.sources, (s) => out[s] as ColumnBuffers);
    if (rule.kind === 'combination' || rule.kind === 'zero-when') {
      const nullCount = setFixedCells(rule, target, sources[0] as ColumnBuffers, rows);
      out[rule.column] = { ...target, nullCount };
      continue;
    }
    const values = target.values;
    const validity = target.validity;
    let nullCount = target.nullCount;
    for (let i = 0; i < rows; i++) {
      if (!isPresent(target, i)) continue;
      let missing = false;
      for (const source of sources) if (!isPresent(source, i)) missing = true;
      if (missing) {
        if (validity !== null) {
          validity[i >>> 3] = (validity[i >>> 3] as number) & ~(1 << (i & 7));
          nullCount++;
        }
        continue;
      }
      const remainder = valueAt(values, i);
      let x: number;
      if (rule.kind === 'order') {
        const lower = valueAt((sources[0] as ColumnBuffers).values, i);
        if (remainder >= lower) continue;
        x = lower;
      } else if (rule.kind === 'product') {
        x =
          valueAt((sources[0] as ColumnBuffers).values, i) *
          valueAt((sources[1] as ColumnBuffers).values, i) *
          remainder;
      } else {
        x = rule.intercept + remainder;
        for (let k = 0; k < sources.length; k++)
          x += (rule.coefficients[k] as number) * valueAt((sources[k] as ColumnBuffers).values, i);
      }
      if (rule.scale !== 0) x = Math.round(x * rule.scale) / rule.scale;
      if (values instanceof BigInt64Array) values[i] = BigInt(Math.round(x));
      else values[i] = x;
    }
    out[rule.column] = { ...target, nullCount };
  }
  return out;
}
