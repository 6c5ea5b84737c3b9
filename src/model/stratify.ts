/**
 * Which column, if any, splits the customers into groups that each deserve their own copula (a
 * mixture of Gaussian copulas). One Gaussian copula has one category order per column and one
 * correlation for the whole table; when a column decides how the others behave (telco's
 * internet_service: without internet every service column is "No internet service" and the
 * monthly charge sits in its own range), no order serves every pair, and a copula per group of
 * that column holds the structure exactly (issue 3; on telco the quality ratio goes from 0.97 to
 * 1.00 of the holdout ceiling).
 */
import type { DatasetSchema } from '../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';

/** Every group must hold this many rows at least (and 10 per copula dimension): each fits a correlation. */
export const MIN_STRATUM_ROWS = 200;
/** At most this many groups: each is a whole model. */
export const MAX_STRATA = 6;
/**
 * The mean share η² of the other columns' score variance that a column's groups explain, above
 * which stratifying on it pays off. Calibrated on the shared datasets: telco's internet_service
 * explains 0.236 (and its mixture lifts quality from 0.970 to 1.00 of the holdout ceiling; the
 * service columns that follow it explain 0.23); the strongest column of any other dataset, 0.10
 * (creditcard_aer's card).
 */
export const MIN_EXPLAINED = 0.15;

/** The rows of each group of `column`, in the order of `categories`. */
export function strataRows(column: PreparedColumn, categories: readonly string[]): Int32Array[] {
  if (column.type !== 'label') throw new Error(`strataRows: column "${column.spec.name}" is not categorical`);
  const slot = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array<number>(categories.length).fill(0);
  for (const label of column.values) {
    const s = label === null ? undefined : slot.get(label);
    if (s !== undefined) counts[s]!++;
  }
  const rows = counts.map((n) => new Int32Array(n));
  const filled = new Array<number>(categories.length).fill(0);
  column.values.forEach((label, r) => {
    const s = label === null ? undefined : slot.get(label);
    if (s !== undefined) rows[s]![filled[s]!++] = r;
  });
  return rows;
}

/** Correlation ratio η of scores grouped by labels: √(between-group / total sum of squares). */
function correlationRatio(labels: readonly (string | null)[], scores: Float64Array): number {
  const sums = new Map<string, { n: number; sum: number }>();
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < scores.length; i++) {
    const label = labels[i];
    const x = scores[i]!;
    if (label === null || label === undefined || Number.isNaN(x)) continue;
    const group = sums.get(label) ?? { n: 0, sum: 0 };
    group.n++;
    group.sum += x;
    sums.set(label, group);
    n++;
    sum += x;
    squares += x * x;
  }
  const total = squares - (sum * sum) / n;
  if (n < 2 || !(total > 0)) return 0;
  let between = 0;
  for (const group of sums.values()) between += (group.sum * group.sum) / group.n;
  between -= (sum * sum) / n;
  return Math.sqrt(Math.max(0, Math.min(1, between / total)));
}

/**
 * The column to stratify on: the schema's `model.stratifyBy` when given (null: none), else the
 * categorical or boolean column with at most {@link MAX_STRATA} groups of at least
 * max({@link MIN_STRATUM_ROWS}, 10 d) rows whose groups explain the largest mean share η² (the
 * squared correlation ratio) of the other columns' normal scores, if it reaches
 * {@link MIN_EXPLAINED}. Missing labels count in no group.
 * @param scores each modelled column's normal scores (value dimension), by name.
 */
export function chooseStratum(
  schema: DatasetSchema,
  prepared: PreparedTable,
  scores: ReadonlyMap<string, Float64Array>,
  dimensions: number,
): string | null {
  const given = schema.model?.stratifyBy;
  if (given !== undefined) return given;
  const minRows = Math.max(MIN_STRATUM_ROWS, 10 * dimensions);
  let best: { name: string; explained: number } | null = null;
  for (const column of prepared.columns) {
    const kind = column.spec.kind;
    if ((kind !== 'categorical' && kind !== 'boolean') || column.type !== 'label') continue;
    if (!scores.has(column.spec.name)) continue;
    const counts = new Map<string, number>();
    for (const label of column.values) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
    if (counts.size < 2 || counts.size > MAX_STRATA) continue;
    if ([...counts.values()].some((n) => n < minRows)) continue;
    const etas = [...scores]
      .filter(([name]) => name !== column.spec.name)
      .map(([, other]) => correlationRatio(column.values, other));
    const explained = etas.reduce((a, b) => a + b * b, 0) / Math.max(1, etas.length);
    if (explained >= MIN_EXPLAINED && (best === null || explained > best.explained)) {
      best = { name: column.spec.name, explained };
    }
  }
  return best?.name ?? null;
}
