/**
 * Per-parent behaviour summaries of a child table: how many events a parent row has, and its level of
 * each event column (mean of a number or time, share of true of a boolean, the most frequent category
 * and the share of consecutive events that repeat a category). They become columns of the parent's
 * copula, so counts, habits and attributes correlate as they do in the data, and the child's events
 * are later drawn given them.
 */
import type { ColumnSpec } from '../../schema/dataset-schema.js';
import { roleOf } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';

/** The names summaries get in the parent's copula (never written to output). */
export const summaryName = {
  count: (child: string) => `${child}.count`,
  mean: (child: string, column: string) => `${child}.mean(${column})`,
  share: (child: string, column: string) => `${child}.share(${column})`,
  mode: (child: string, column: string) => `${child}.mode(${column})`,
  repeat: (child: string, column: string) => `${child}.repeat(${column})`,
};

/**
 * Summary columns of `child` for each of `parentRows` parent rows. `parentRow` gives each child
 * row's parent; child rows of one parent are contiguous, in event order. O(rows · columns).
 */
export function behaviourSummaries(
  childName: string,
  child: PreparedTable,
  parentRow: Int32Array,
  parentRows: number,
): PreparedColumn[] {
  const counts = new Float64Array(parentRows);
  for (let i = 0; i < parentRow.length; i++) counts[parentRow[i]!]!++;
  const out: PreparedColumn[] = [
    { type: 'number', spec: { name: summaryName.count(childName), kind: 'integer' }, values: counts },
  ];
  for (const column of child.columns) {
    const spec = column.spec;
    if (roleOf(spec) !== 'modelled') continue;
    if (column.type === 'number') {
      out.push({
        type: 'number',
        spec: meanSpec(childName, spec),
        values: meanPerParent(column.values, parentRow, parentRows),
      });
    } else if (spec.kind === 'boolean') {
      const ones = Float64Array.from(column.values, (v) => (v === null ? Number.NaN : v === 'true' ? 1 : 0));
      out.push({
        type: 'number',
        spec: { name: summaryName.share(childName, spec.name), kind: 'numeric' },
        values: meanPerParent(ones, parentRow, parentRows),
      });
    } else if (spec.kind === 'categorical') {
      out.push({
        type: 'label',
        spec: { name: summaryName.mode(childName, spec.name), kind: 'categorical' },
        values: modePerParent(column.values, parentRow, parentRows),
      });
      out.push({
        type: 'number',
        spec: { name: summaryName.repeat(childName, spec.name), kind: 'numeric' },
        values: repeatSharePerParent(column.values, parentRow, parentRows),
      });
    }
  }
  return out;
}

function meanSpec(child: string, spec: ColumnSpec): ColumnSpec {
  const name = summaryName.mean(child, spec.name);
  return spec.kind === 'datetime'
    ? { name, kind: 'datetime', ...(spec.unit === undefined ? {} : { unit: spec.unit }) }
    : { name, kind: 'numeric' };
}

function meanPerParent(values: Float64Array, parentRow: Int32Array, parents: number): Float64Array {
  const sum = new Float64Array(parents);
  const n = new Float64Array(parents);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    sum[parentRow[i]!]! += x;
    n[parentRow[i]!]!++;
  }
  for (let p = 0; p < parents; p++) sum[p] = n[p]! > 0 ? sum[p]! / n[p]! : Number.NaN;
  return sum;
}

/** The most frequent category of each parent's events (the earliest of tied ones); null when none. */
function modePerParent(
  values: readonly (string | null)[],
  parentRow: Int32Array,
  parents: number,
): (string | null)[] {
  const out = new Array<string | null>(parents).fill(null);
  let start = 0;
  while (start < values.length) {
    const p = parentRow[start]!;
    let end = start;
    const counts = new Map<string, number>();
    let best: string | null = null;
    let bestCount = 0;
    while (end < values.length && parentRow[end] === p) {
      const v = values[end++];
      if (v === null || v === undefined) continue;
      const c = (counts.get(v) ?? 0) + 1;
      counts.set(v, c);
      if (c > bestCount) {
        best = v;
        bestCount = c;
      }
    }
    out[p] = best;
    start = end;
  }
  return out;
}

/** Share of each parent's consecutive event pairs (both present) that repeat a category; NaN without pairs. */
function repeatSharePerParent(
  values: readonly (string | null)[],
  parentRow: Int32Array,
  parents: number,
): Float64Array {
  const same = new Float64Array(parents);
  const pairs = new Float64Array(parents);
  for (let i = 1; i < values.length; i++) {
    const p = parentRow[i]!;
    if (parentRow[i - 1] !== p || values[i] === null || values[i - 1] === null) continue;
    pairs[p]!++;
    if (values[i] === values[i - 1]) same[p]!++;
  }
  for (let p = 0; p < parents; p++) same[p] = pairs[p]! > 0 ? same[p]! / pairs[p]! : Number.NaN;
  return same;
}
