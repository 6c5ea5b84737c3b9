/**
 * Event columns whose values evolve within a parent rather than being drawn afresh: a year, years of
 * experience, a wage. Decided from the values: a complete numeric column whose change from one event
 * to the next varies much less than the values themselves (the spread of consecutive differences is
 * at most {@link EVOLVING_SPREAD} of the values' spread). Such a column is generated as a level plus
 * changes: the first event takes its parent's first value (a summary in the parent's copula, so it
 * correlates with the parent's attributes), each later one the previous value plus a change drawn
 * from the change's own marginal, conditioned on the parent and the previous event. Years then count
 * up by one and experience grows by one exactly, where a level drawn per event would scatter them.
 */
import type { ColumnSpec } from '../../schema/dataset-schema.js';
import { roleOf } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import type { BatchedColumn } from '../partial/batched-table.js';
import { DELTA, firstValueName } from './child-column-prefixes.js';

export { DELTA, firstValueName };

/**
 * A column evolves when sd(x_t − x_t−1) ≤ this × sd(x) over consecutive pairs: its changes carry at
 * most half the variance of its levels (for a stationary column, a lag-1 correlation of at least
 * 0.75). Drawing a level given the previous one regresses it to the mean (the conditional's ridge
 * shrinks the previous value's weight), which loses persistence and growth; drawing the change keeps
 * both. (PSID wages, ratio 0.51: lag-1 0.91 and yearly growth 0.13 as changes, 0.85 and 0.06 as
 * levels, against the real 0.86-0.90 and 0.12; the margarine prices, ratios 0.79 and above, stay levels.)
 */
export const EVOLVING_SPREAD = Math.SQRT1_2;

/**
 * The sample standard deviation of `count` values, given as a function that calls `each` with them
 * in order (twice): the values are never held as an array, where JS arrays of a column's values
 * and changes took 24 bytes an event at the fit's peak.
 */
function standardDeviation(count: number, values: (each: (v: number) => void) => void): number {
  if (count < 2) return Number.NaN;
  let mean = 0;
  values((v) => {
    mean += v / count;
  });
  let sum = 0;
  values((v) => {
    sum += (v - mean) ** 2;
  });
  return Math.sqrt(sum / (count - 1));
}

/**
 * The names of the child's evolving columns (see the module comment): integer or numeric, modelled,
 * never missing, with at least `minCount` consecutive pairs. O(events · columns).
 * @example evolvingColumns(years, parentRow, 5) // ['year', 'experience', 'wage']
 */
export function evolvingColumns(child: PreparedTable, parentRow: Int32Array, minCount: number): string[] {
  const out: string[] = [];
  for (const column of child.columns) {
    const kind = column.spec.kind;
    if (column.type !== 'number' || (kind !== 'integer' && kind !== 'numeric')) continue;
    if (roleOf(column.spec) !== 'modelled' || column.values.some(Number.isNaN)) continue;
    const values = column.values;
    let pairs = 0;
    for (let i = 1; i < values.length; i++) if (parentRow[i] === parentRow[i - 1]) pairs++;
    if (pairs < Math.max(minCount, 2)) continue;
    const spread = standardDeviation(values.length, (each) => {
      for (const v of values) each(v);
    });
    const changes = (each: (v: number) => void) => {
      for (let i = 1; i < values.length; i++)
        if (parentRow[i] === parentRow[i - 1]) each(values[i]! - values[i - 1]!);
    };
    if (spread > 0 && standardDeviation(pairs, changes) <= EVOLVING_SPREAD * spread)
      out.push(column.spec.name);
  }
  return out;
}

/** An evolving column's kind (integer or numeric: {@link evolvingColumns} picks no other). */
function numberKind(spec: ColumnSpec): 'integer' | 'numeric' {
  return spec.kind === 'integer' ? 'integer' : 'numeric';
}

/** Each parent's first event's value of every evolving column (NaN for a parent without events). O(events). */
export function firstValueSummaries(
  childName: string,
  child: PreparedTable,
  parentRow: Int32Array,
  parentRows: number,
  evolving: readonly string[],
): PreparedColumn[] {
  return evolving.map((name) => {
    const column = child.columns.find((c) => c.spec.name === name)!;
    const values = new Float64Array(parentRows).fill(Number.NaN);
    for (let i = column.values.length - 1; i >= 0; i--) values[parentRow[i]!] = column.values[i] as number;
    const spec: ColumnSpec = { name: firstValueName(childName, name), kind: numberKind(column.spec) };
    return { type: 'number', spec, values };
  });
}

/**
 * The change of an evolving column from each row's previous event (rows all have one), computed
 * for a range of rows when read.
 */
export function changeColumn(column: PreparedColumn, rows: Int32Array): BatchedColumn {
  if (column.type !== 'number') throw new Error(`changeColumn: "${column.spec.name}" is not numeric`);
  const values = column.values;
  return {
    type: 'number',
    spec: { name: `${DELTA}${column.spec.name}`, kind: numberKind(column.spec) },
    read: (from, to) => Float64Array.from(rows.subarray(from, to), (r) => values[r]! - values[r - 1]!),
  };
}
