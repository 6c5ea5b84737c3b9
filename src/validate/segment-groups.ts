/**
 * The groups of a segment column, for the segment report: each category held by at least k real
 * rows, the rarer ones pooled (never named, as the model never stores them), quartile ranges of a
 * number, and missing values as a group of their own.
 */
import { quantileSorted } from 'simple-statistics';
import type { MetricColumn } from './metric-column.js';

export interface GroupDefinition {
  /** The category, or the range as text; null for a pooled or missing group. */
  readonly label: string | null;
  readonly kind: 'category' | 'range' | 'other' | 'missing';
}

/** Every row of both tables assigned to one group (indices into `groups`). */
export interface SegmentGrouping {
  readonly groups: readonly GroupDefinition[];
  readonly real: Int32Array;
  readonly synthetic: Int32Array;
}

function formatEdge(value: number, datetime: boolean): string {
  if (datetime) return new Date(value).toISOString().slice(0, 10);
  return String(Number(value.toPrecision(4)));
}

function labelGrouping(
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
  minCount: number,
): SegmentGrouping {
  const counts = new Map<string, number>();
  for (const label of real) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
  const named = [...counts]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label]) => label);
  const index = new Map(named.map((label, i) => [label, i]));
  const groups: GroupDefinition[] = named.map((label) => ({ label, kind: 'category' }));
  const other = groups.length;
  const missing = other + 1;
  const assign = (values: readonly (string | null)[]) => {
    const groupOf = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const label = values[i]!;
      groupOf[i] = label === null ? missing : (index.get(label) ?? other);
    }
    return groupOf;
  };
  const realGroups = assign(real);
  const syntheticGroups = assign(synthetic);
  groups.push({ label: null, kind: 'other' }, { label: null, kind: 'missing' });
  return { groups, real: realGroups, synthetic: syntheticGroups };
}

function rangeGrouping(real: Float64Array, synthetic: Float64Array, datetime: boolean): SegmentGrouping {
  const sorted = real.filter((v) => !Number.isNaN(v)).sort();
  const edges =
    sorted.length === 0
      ? []
      : [...new Set([0.25, 0.5, 0.75].map((p) => quantileSorted(Array.from(sorted), p)))];
  // Groups: (−∞, e1), [e1, e2), …, [e_last, ∞); an edge at the minimum would leave its first group empty.
  const cuts = edges.filter((edge) => edge > sorted[0]!);
  const groups: GroupDefinition[] = [];
  for (let g = 0; g <= cuts.length; g++) {
    const lo = g === 0 ? null : formatEdge(cuts[g - 1]!, datetime);
    const hi = g === cuts.length ? null : formatEdge(cuts[g]!, datetime);
    const label =
      lo === null ? (hi === null ? 'all values' : `< ${hi}`) : hi === null ? `≥ ${lo}` : `${lo} to < ${hi}`;
    groups.push({ label, kind: 'range' });
  }
  const missing = groups.length;
  groups.push({ label: null, kind: 'missing' });
  const assign = (values: Float64Array) => {
    const groupOf = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      let g = 0;
      while (g < cuts.length && v >= cuts[g]!) g++;
      groupOf[i] = Number.isNaN(v) ? missing : g;
    }
    return groupOf;
  };
  return { groups, real: assign(real), synthetic: assign(synthetic) };
}

/**
 * Groups the rows of a segment column. Categorical and boolean columns: one group per category held
 * by at least `minCount` real rows, most frequent first, then `other` (rarer categories, and
 * categories only the synthetic data has), then `missing`. Numerical and datetime columns: the real
 * quartiles cut up to four ranges, then `missing`. Groups may be empty; the caller drops those
 * empty on both sides. O(n + m) (plus a sort of the real values for ranges).
 */
export function segmentGrouping(
  real: MetricColumn,
  synthetic: MetricColumn,
  minCount: number,
): SegmentGrouping {
  if (real.sdtype === 'numerical' || real.sdtype === 'datetime') {
    return rangeGrouping(real.values, synthetic.values as Float64Array, real.sdtype === 'datetime');
  }
  return labelGrouping(
    real.values as readonly (string | null)[],
    synthetic.values as readonly (string | null)[],
    minCount,
  );
}
