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
  readonly sources: Int32Array;
  /** Linear coefficients (product: unused; order: [1]). */
  readonly coefficients: Float64Array;
  readonly intercept: number;
  /** 10^decimals for rounding, or 0 for none. */
  readonly scale: number;
}

/** The model's derived columns by index, in rebuild order; empty when it has none. */
export function prepareDerived(model: Model): PreparedDerived[] {
  const index = (name: string) => {
    const i = model.columns.findIndex((c) => c.name === name);
    if (i === -1) throw new Error(`derived column source "${name}" is not a model column`);
    return i;
  };
  return (model.derived ?? []).map((d) => {
    const scale = d.decimals === null ? 0 : 10 ** d.decimals;
    switch (d.kind) {
      case 'product':
        return {
          kind: d.kind,
          column: index(d.column),
          sources: Int32Array.from(d.factors, index),
          coefficients: new Float64Array(0),
          intercept: 0,
          scale,
        };
      case 'linear':
        return {
          kind: d.kind,
          column: index(d.column),
          sources: Int32Array.from(d.terms, (t) => index(t.column)),
          coefficients: Float64Array.from(d.terms, (t) => t.coefficient),
          intercept: d.intercept,
          scale,
        };
      default:
        return {
          kind: d.kind,
          column: index(d.column),
          sources: Int32Array.of(index(d.lower)),
          coefficients: Float64Array.of(1),
          intercept: 0,
          scale,
        };
    }
  });
}

function valueAt(values: ColumnValues, i: number): number {
  return values instanceof BigInt64Array ? Number(values[i]) : (values[i] as number);
}

function isPresent(column: ColumnBuffers, i: number): boolean {
  return column.validity === null || (((column.validity[i >>> 3] as number) >>> (i & 7)) & 1) === 1;
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
