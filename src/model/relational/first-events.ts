/**
 * Event columns whose first event differs from the later ones: a panel's enrolment record (a
 * patient's diagnosis visit, a household's first purchase in an early price period). The events
 * model is fitted on events that have a previous one, so without this every first event would be
 * drawn from the later events' marginals. Decided from the values: a complete-at-first number
 * column whose first-event values and later-event values differ by more than a two-sample
 * Kolmogorov-Smirnov test allows at the 1% level (PBC: alkaline phosphatase above 11,000 at five
 * diagnosis visits and never after, D = 0.16; the synthetic visits' range then stopped at 5,900, and
 * SDMetrics bins each side between its own ends, so every pair with it lost a third of its score).
 * Such a column's first value joins the parent's copula as a summary (evolving-columns.ts's
 * first-value summary, k-private like every root column), and a first event takes its parent's.
 */
import { roleOf } from '../../schema/dataset-schema.js';
import type { PreparedTable } from '../../schema/prepare-table.js';

/** c(α) of the two-sample KS test at α = 1%: D > c · √(1/n + 1/m) rejects equal distributions. */
const KS_CRITICAL_1_PERCENT = 1.628;

/** The two-sample Kolmogorov-Smirnov statistic of two samples (sorts them in place). O((n + m) log(n + m)). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const x = a.sort();
  const y = b.sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * The names of the child's event columns whose first events differ from the later ones (see the
 * module comment): integer or numeric, modelled, present at every parent's first event, not among
 * `exclude` (the evolving columns, which already start from a first value), with first events of at
 * least 2k parents. `parentRow` gives each row's parent; a parent's rows are contiguous, in order.
 * O(events · log events · columns).
 * @example firstEventColumns(visits, parentRow, ['day', 'bili'], 5) // ['albumin', 'alk.phos', …]
 */
export function firstEventColumns(
  child: PreparedTable,
  parentRow: Int32Array,
  exclude: readonly string[],
  minCount: number,
): string[] {
  const isFirst = (i: number) => i === 0 || parentRow[i] !== parentRow[i - 1];
  const out: string[] = [];
  for (const column of child.columns) {
    const kind = column.spec.kind;
    if (column.type !== 'number' || (kind !== 'integer' && kind !== 'numeric')) continue;
    if (roleOf(column.spec) !== 'modelled' || exclude.includes(column.spec.name)) continue;
    // Counted, then filled: typed arrays, where JS arrays and their copies took 32 bytes an event.
    const values = column.values;
    let firsts = 0;
    let laters = 0;
    let complete = true;
    for (let i = 0; i < values.length; i++) {
      if (isFirst(i)) {
        if (Number.isNaN(values[i]!)) complete = false;
        firsts++;
      } else if (!Number.isNaN(values[i]!)) laters++;
    }
    if (!complete || firsts < 2 * minCount || laters < 2 * minCount) continue;
    const first = new Float64Array(firsts);
    const later = new Float64Array(laters);
    for (let i = 0, f = 0, l = 0; i < values.length; i++) {
      if (isFirst(i)) first[f++] = values[i]!;
      else if (!Number.isNaN(values[i]!)) later[l++] = values[i]!;
    }
    const d = ksStatistic(first, later);
    if (d > KS_CRITICAL_1_PERCENT * Math.sqrt(1 / first.length + 1 / later.length))
      out.push(column.spec.name);
  }
  return out;
}
