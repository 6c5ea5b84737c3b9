/**
 * NewRowSynthesis (SDMetrics, metrics.md §1.11): the share of synthetic rows that match no real
 * row. A synthetic row s matches a real row r when, in every compared column, a missing s[c] meets
 * a missing r[c], a label equals, and a number satisfies |r[c] - s[c]| <= |tol · s[c]| (relative to
 * the SYNTHETIC value).
 *
 * SDMetrics runs one pandas query per synthetic row (O(n·m)). Here the real rows are grouped by
 * their labels and missing pattern, sorted within a group by the first present number, and each
 * synthetic row checks only the real rows inside its tolerance window: the same matches,
 * O((n + m) log m) on typical data.
 *
 * Datetimes are compared in epoch milliseconds; SDMetrics uses nanoseconds, which scales both sides
 * of the inequality alike (so 1% of the time since 1970 ≈ ±6 months around 2020, as there).
 */

import { type PreparedColumn, type PreparedTable, selectRows } from '../schema/prepare-table.js';
import type { RandomSource } from '../stats/random.js';
import { sampleWithoutReplacement } from '../stats/random-rows.js';
import { alignedColumns, isComparableKind } from './table-columns.js';

export interface NewRowSynthesisOptions {
  /** Relative tolerance for numbers (default 0.01). */
  readonly numericalMatchTolerance?: number;
  /** Score a random sample of this many synthetic rows (needs `random`). */
  readonly syntheticSampleSize?: number;
  readonly random?: RandomSource;
}

export interface NewRowSynthesisResult {
  /** Share of synthetic rows matching no real row: 1 is best. */
  readonly score: number;
  readonly numNewRows: number;
  readonly numMatchedRows: number;
}

interface Group {
  /** Real rows of the group, sorted by the window column. */
  rows: Int32Array;
  /** The window column's values for `rows`, ascending; empty when no number is present. */
  keys: Float64Array;
}

/**
 * NewRowSynthesis of `synthetic` against `real` over the comparable named columns.
 * @throws DoppelError `schema-mismatch` for a missing column or kinds that disagree.
 * @example newRowSynthesis(real, synthetic, ['age', 'city']) // { score: 1, numNewRows: 12, numMatchedRows: 0 }
 */
export function newRowSynthesis(
  real: PreparedTable,
  synthetic: PreparedTable,
  columns: readonly string[],
  options: NewRowSynthesisOptions = {},
): NewRowSynthesisResult {
  const tol = options.numericalMatchTolerance ?? 0.01;
  let syn = synthetic;
  if (options.syntheticSampleSize !== undefined && options.syntheticSampleSize < synthetic.rowCount) {
    if (!options.random) throw new RangeError('syntheticSampleSize needs a random source');
    syn = selectRows(
      synthetic,
      sampleWithoutReplacement(options.random, synthetic.rowCount, options.syntheticSampleSize),
    );
  }
  const pairs = alignedColumns(
    [
      { table: real, role: 'real data' },
      { table: syn, role: 'synthetic data' },
    ],
    columns,
  ).filter(([r]) => isComparableKind(r!.spec.kind)) as [PreparedColumn, PreparedColumn][];
  const labelPairs = pairs.filter(([r]) => r.type === 'label');
  const numberPairs = pairs.filter(([r]) => r.type === 'number') as [
    PreparedColumn & { type: 'number' },
    PreparedColumn & { type: 'number' },
  ][];

  const keyOf = (side: 0 | 1, row: number): string => {
    const parts: string[] = [];
    for (const pair of labelPairs) {
      const v = pair[side].values[row] as string | null;
      parts.push(v === null ? '\u0000' : `=${v}`);
    }
    let pattern = '';
    for (const pair of numberPairs) pattern += Number.isNaN(pair[side].values[row]!) ? '0' : '1';
    parts.push(pattern);
    return parts.join('\u0001');
  };
  // The first number present in a missing pattern orders the group; -1 when all are missing.
  const windowColumn = (key: string): number => key.slice(key.lastIndexOf('\u0001') + 1).indexOf('1');

  const members = new Map<string, number[]>();
  for (let row = 0; row < real.rowCount; row++) {
    const key = keyOf(0, row);
    const list = members.get(key);
    if (list) list.push(row);
    else members.set(key, [row]);
  }
  const groups = new Map<string, Group>();
  for (const [key, list] of members) {
    const w = windowColumn(key);
    if (w < 0) {
      groups.set(key, { rows: Int32Array.from(list), keys: new Float64Array(0) });
      continue;
    }
    const values = numberPairs[w]![0].values;
    list.sort((a, b) => values[a]! - values[b]!);
    groups.set(key, { rows: Int32Array.from(list), keys: Float64Array.from(list, (r) => values[r]!) });
  }

  let matched = 0;
  for (let s = 0; s < syn.rowCount; s++) {
    const key = keyOf(1, s);
    const group = groups.get(key);
    if (!group) continue;
    const w = windowColumn(key);
    if (w < 0) {
      matched++; // labels and missing pattern agree, and there is no number to compare
      continue;
    }
    const x = numberPairs[w]![1].values[s]!;
    const t = Math.abs(tol * x);
    // Widen the window by a relative hair so rounding in x ± t never drops a boundary match; the
    // exact SDMetrics test below decides.
    const slack = (Math.abs(x) + t) * 4e-16;
    let i = lowerBound(group.keys, x - t - slack);
    let found = false;
    for (; i < group.keys.length && group.keys[i]! <= x + t + slack && !found; i++) {
      const r = group.rows[i]!;
      found = true;
      for (const [realColumn, synColumn] of numberPairs) {
        const sv = synColumn.values[s]!;
        if (Number.isNaN(sv)) continue; // the missing pattern already matched
        if (!(Math.abs(realColumn.values[r]! - sv) <= Math.abs(tol * sv))) {
          found = false;
          break;
        }
      }
    }
    if (found) matched++;
  }
  const numNewRows = syn.rowCount - matched;
  return { score: numNewRows / syn.rowCount, numNewRows, numMatchedRows: matched };
}

/** First index whose value is >= x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
