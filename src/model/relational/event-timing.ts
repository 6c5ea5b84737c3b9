/**
 * Events that carry time: a child table whose order column is a number or a time (a day count, a
 * date, a timestamp). Its timing becomes the customer's: the first event's time (the first-event
 * offset, evolving-columns.ts's first-value summary), the level of the gaps between events, their
 * dispersion and the span from the first event to the last join the parent's copula, so timing
 * correlates with the customer's attributes and counts as it does in the data; the events then
 * follow in order, each gap drawn from the fitted gap model (the change of the order column,
 * evolving-columns.ts) given the parent and the previous event. Decided from the schema's order
 * column and its values' kind, never from names.
 */
import { roleOf } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';

/** The names timing summaries get in the parent's copula (never written to output). */
export const timingName = {
  gapMean: (child: string, order: string) => `${child}.gapMean(${order})`,
  gapDispersion: (child: string, order: string) => `${child}.gapDispersion(${order})`,
  span: (child: string, order: string) => `${child}.span(${order})`,
};

/**
 * The child's order column when it carries time: named by the schema, modelled, and a number or a
 * time (a sequence of file order, or a categorical order, carries none). Its values are complete
 * and strictly increasing within a parent (prepare-relational.ts rejects ties and gaps).
 */
export function timedOrderColumn(order: string | null, child: PreparedTable): string | null {
  if (order === null) return null;
  const column = child.columns.find((c) => c.spec.name === order);
  if (column === undefined || column.type !== 'number' || roleOf(column.spec) !== 'modelled') return null;
  const kind = column.spec.kind;
  return kind === 'integer' || kind === 'numeric' || kind === 'datetime' ? order : null;
}

/**
 * Per parent row: the mean gap between consecutive events (the gap level), the gaps' coefficient
 * of variation (their dispersion: 0 with one gap), and the span from the first event to the last,
 * all in the order column's unit (milliseconds for times); NaN for a parent with fewer than two
 * events. `parentRow` gives each child row's parent; rows of one parent are contiguous, in order.
 * O(events).
 */
export function timingSummaries(
  childName: string,
  child: PreparedTable,
  parentRow: Int32Array,
  parentRows: number,
  order: string,
): PreparedColumn[] {
  const column = child.columns.find((c) => c.spec.name === order);
  if (column === undefined || column.type !== 'number')
    throw new Error(`timingSummaries: "${order}" is not a numeric order column`);
  const times = column.values;
  const first = new Float64Array(parentRows).fill(Number.NaN);
  const last = new Float64Array(parentRows).fill(Number.NaN);
  const gaps = new Float64Array(parentRows);
  const sum = new Float64Array(parentRows);
  const squares = new Float64Array(parentRows);
  for (let i = 0; i < times.length; i++) {
    const p = parentRow[i]!;
    if (Number.isNaN(first[p]!)) first[p] = times[i]!;
    if (i > 0 && parentRow[i - 1] === p) {
      const gap = times[i]! - times[i - 1]!;
      gaps[p]!++;
      sum[p]! += gap;
      squares[p]! += gap * gap;
    }
    last[p] = times[i]!;
  }
  const mean = new Float64Array(parentRows);
  const dispersion = new Float64Array(parentRows);
  const span = new Float64Array(parentRows);
  for (let p = 0; p < parentRows; p++) {
    const n = gaps[p]!;
    if (n === 0) {
      mean[p] = dispersion[p] = span[p] = Number.NaN;
      continue;
    }
    const m = sum[p]! / n;
    mean[p] = m;
    // Population variance of the parent's own gaps: a description of them, not an estimate.
    const variance = Math.max(0, squares[p]! / n - m * m);
    dispersion[p] = m > 0 ? Math.sqrt(variance) / m : 0;
    span[p] = last[p]! - first[p]!;
  }
  // Gaps of integer orders and of dates are whole numbers (of days: milliseconds that are multiples
  // of a day); their mean and dispersion are not, so only the span keeps the order's kind.
  const spanKind = column.spec.kind === 'integer' ? 'integer' : 'numeric';
  return [
    {
      type: 'number',
      spec: { name: timingName.gapMean(childName, order), kind: 'numeric' },
      values: mean,
    },
    {
      type: 'number',
      spec: { name: timingName.gapDispersion(childName, order), kind: 'numeric' },
      values: dispersion,
    },
    { type: 'number', spec: { name: timingName.span(childName, order), kind: spanKind }, values: span },
  ];
}
