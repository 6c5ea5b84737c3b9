/**
 * Which column, if any, splits the customers into groups that each deserve their own copula (a
 * mixture of Gaussian copulas). One Gaussian copula has one category order per column and one
 * correlation for the whole table; when a column decides how the others behave (telco's
 * internet_service: without internet every service column is "No internet service" and the
 * monthly charge sits in its own range), no order serves every pair, and a copula per group of
 * that column holds the structure exactly (issue 3; on telco the quality ratio goes from 0.97 to
 * 1.00 of the holdout ceiling).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DoppelError } from '../errors.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { stratifyByIssues } from '../schema/load-schema.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';
import { codeLabels } from './label-codes.js';

/** Every group must hold this many rows at least (and 10 per copula dimension): each fits a correlation. */
export const MIN_STRATUM_ROWS = 200;
/** At most this many groups: each is a whole model. */
export const MAX_STRATA = 6;
/**
 * The group separation (see {@link groupSeparation}) above which stratifying pays off. Calibrated
 * on the shared datasets (70% training splits, seeds 1-5): telco's internet_service separates
 * 0.155-0.157 and its mixture lifts quality from 0.970 to 1.00 of the holdout ceiling; the service
 * columns that follow it 0.11-0.13 (each one's "No internet service" group is internet_service's
 * "No", but it misses DSL against fibre); the strongest column of any other dataset 0.08
 * (creditcard_aer's card, whose mixture lowers quality from 0.990 to 0.984).
 */
export const MIN_SEPARATION = 0.12;

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

/**
 * How far a column's groups pull the other columns' normal scores apart: −ln Λ / p for Wilks' Λ =
 * det(W) / det(T), the pooled within-group over the total scatter of the p other scores (−n/2 ln Λ
 * is the log-likelihood gain of giving each group its own mean). Unlike a mean of per-column
 * correlation ratios it counts columns that move together once, so a service column that echoes
 * internet_service's "No" group does not tie with internet_service itself. A missing or dropped
 * value scores 0, the scores' mean, and so separates nothing. O(n p²), or O(n p) given `gram`.
 * @param gram Σ x xᵀ of the other scores over all rows (lower triangle, p × p, NaN as 0), which
 * {@link gramOf} makes; only valid when no label is null. The sums run over the rows in the same
 * order either way, so the result is the same to the last bit.
 */
export function groupSeparation(
  labels: readonly (string | null)[],
  others: readonly Float64Array[],
  gram?: Float64Array,
): number {
  const p = others.length;
  if (p === 0) return 0;
  const slot = new Map<string, number>();
  const groupOf = codeLabels(labels, slot);
  const groups = slot.size;
  const sums = new Float64Array(groups * p);
  const counts = new Float64Array(groups);
  // Σ x xᵀ over rows in any group, lower triangle: given when every row is in a group (then it is
  // the same for every candidate column, computed once by chooseStratum), else summed here.
  const products = gram ?? new Float64Array(p * p);
  if (gram === undefined) {
    const x = new Float64Array(p);
    for (let r = 0; r < labels.length; r++) {
      const g = groupOf[r]!;
      if (g < 0) continue;
      counts[g]!++;
      for (let i = 0; i < p; i++) {
        const v = others[i]![r]!;
        x[i] = Number.isNaN(v) ? 0 : v;
        sums[g * p + i]! += x[i]!;
        for (let j = 0; j <= i; j++) products[i * p + j]! += x[i]! * x[j]!;
      }
    }
  } else {
    // Column by column (each sum still adds its rows in row order, so the same bits): a row-by-row
    // walk across p score arrays was most of the mixture search's time.
    for (let r = 0; r < labels.length; r++) {
      const g = groupOf[r]!;
      if (g >= 0) counts[g]!++;
    }
    for (let i = 0; i < p; i++) {
      const column = others[i]!;
      for (let r = 0; r < labels.length; r++) {
        const g = groupOf[r]!;
        if (g < 0) continue;
        const v = column[r]!;
        sums[g * p + i]! += Number.isNaN(v) ? 0 : v;
      }
    }
  }
  const n = counts.reduce((a, b) => a + b, 0);
  const total = new Matrix(p, p);
  const within = new Matrix(p, p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sumI = 0;
      let sumJ = 0;
      let between = 0;
      for (let g = 0; g < groups; g++) {
        if (counts[g] === 0) continue;
        sumI += sums[g * p + i]!;
        sumJ += sums[g * p + j]!;
        between += (sums[g * p + i]! * sums[g * p + j]!) / counts[g]!;
      }
      total.set(i, j, products[i * p + j]! - (sumI * sumJ) / n);
      within.set(i, j, products[i * p + j]! - between);
    }
  }
  // Both in the total's correlation scale, with a small ridge, so a constant or duplicated column
  // leaves the determinants finite (and cancels out of the ratio).
  const scales = Array.from({ length: p }, (_, i) => Math.sqrt(total.get(i, i)) || 1);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const s = scales[i]! * scales[j]!;
      for (const m of [total, within]) {
        const v = m.get(i, j) / s + (i === j ? 1e-9 : 0);
        m.set(i, j, v);
        m.set(j, i, v);
      }
    }
  }
  const separation = (logDeterminant(total) - logDeterminant(within)) / p;
  return Number.isFinite(separation) ? Math.max(0, separation) : 0;
}

/**
 * Σ x xᵀ over all rows of the columns' scores (NaN as 0), lower triangle of a P × P matrix, summed
 * row by row in the order {@link groupSeparation} sums. O(n P²).
 */
export function gramOf(columns: readonly Float64Array[]): Float64Array {
  const p = columns.length;
  const products = new Float64Array(p * p);
  const x = new Float64Array(p);
  const rows = columns[0]?.length ?? 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      const v = columns[i]![r]!;
      x[i] = Number.isNaN(v) ? 0 : v;
      const xi = x[i]!;
      const row = i * p;
      for (let j = 0; j <= i; j++) products[row + j]! += xi * x[j]!;
    }
  }
  return products;
}

/** A Gram matrix (lower triangle, p × p) without row and column `drop`. */
function withoutColumn(gram: Float64Array, p: number, drop: number): Float64Array {
  const q = p - 1;
  const out = new Float64Array(q * q);
  for (let i = 0, oi = 0; i < p; i++) {
    if (i === drop) continue;
    for (let j = 0, oj = 0; j <= i; j++) {
      if (j === drop) continue;
      out[oi * q + oj] = gram[i * p + j]!;
      oj++;
    }
    oi++;
  }
  return out;
}

/** ln det of a positive definite matrix (−∞ when it is not). */
function logDeterminant(matrix: Matrix): number {
  const cholesky = new CholeskyDecomposition(matrix);
  if (!cholesky.isPositiveDefinite()) return Number.NEGATIVE_INFINITY;
  const lower = cholesky.lowerTriangularMatrix;
  let sum = 0;
  for (let i = 0; i < matrix.rows; i++) sum += 2 * Math.log(lower.get(i, i));
  return sum;
}

/**
 * The column to stratify on: the schema's `model.stratifyBy` when given (null: none), else the
 * categorical or boolean column without missing values, with 2 to {@link MAX_STRATA} groups of at
 * least max({@link MIN_STRATUM_ROWS}, 10 d) rows, whose groups separate the other columns' normal
 * scores most ({@link groupSeparation}), if by at least {@link MIN_SEPARATION}. (A missing value
 * would be in no group, and a mixture samples only from its groups.)
 * @param scores each modelled column's normal scores (value dimension), by name.
 * @throws DoppelError `invalid-schema` when `stratifyBy` names no modelled categorical or boolean column.
 */
export function chooseStratum(
  schema: DatasetSchema,
  prepared: PreparedTable,
  scores: ReadonlyMap<string, Float64Array>,
  dimensions: number,
): string | null {
  const given = schema.model?.stratifyBy;
  if (given !== undefined) {
    const issues = stratifyByIssues(schema);
    if (issues.length > 0) throw new DoppelError('invalid-schema', issues[0]!.message, issues);
    return given;
  }
  const minRows = Math.max(MIN_STRATUM_ROWS, 10 * dimensions);
  let best: { name: string; separation: number } | null = null;
  // Every candidate has no missing value, so each one's products are those of all rows: the scores'
  // Gram matrix, summed once (O(n P²)) rather than once per candidate.
  const names = [...scores.keys()];
  let gram: Float64Array | null = null;
  for (const column of prepared.columns) {
    const kind = column.spec.kind;
    if ((kind !== 'categorical' && kind !== 'boolean') || column.type !== 'label') continue;
    if (!scores.has(column.spec.name) || column.values.includes(null)) continue;
    const counts = new Map<string, number>();
    for (const label of column.values) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1);
    if (counts.size < 2 || counts.size > MAX_STRATA) continue;
    if ([...counts.values()].some((n) => n < minRows)) continue;
    const others = [...scores].filter(([name]) => name !== column.spec.name).map(([, other]) => other);
    gram ??= gramOf([...scores.values()]);
    const separation = groupSeparation(
      column.values,
      others,
      withoutColumn(gram, names.length, names.indexOf(column.spec.name)),
    );
    if (separation >= MIN_SEPARATION && (best === null || separation > best.separation)) {
      best = { name: column.spec.name, separation };
    }
  }
  return best?.name ?? null;
}
