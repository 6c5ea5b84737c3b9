/**
 * How a private fit splits its budget across statistics. The split depends only on the schema
 * (column kinds and what it declares), never on the data, so it is public and costs nothing.
 */
import type { ColumnSpec } from '../../schema/dataset-schema.js';

/** Share of the whole budget for the row counts (rows used, rows dropped by consent). */
export const ROWS_SHARE = 0.01;
/** Share for the copula correlation, when there are two or more modelled columns. */
export const CORRELATION_SHARE = 0.15;
/**
 * Share for laying nominal categories out along a number column (private-category-order.ts), when
 * the schema has both.
 */
export const CATEGORY_ORDER_SHARE = 0.04;
/**
 * Relative weight of each kind's marginal in the rest: a number's distribution is measured on
 * dozens of bins (plus its range and precision), a category's on a few cells, a boolean's on two.
 */
export const MARGINAL_WEIGHTS = {
  numeric: 3,
  integer: 3,
  datetime: 3,
  categorical: 1,
  boolean: 0.5,
} as const;

/** Shares of the whole budget (they sum to 1). */
export interface BudgetPlan {
  readonly rows: number;
  readonly correlation: number;
  readonly categoryOrder: number;
  /** Marginal share of each modelled column, by name. */
  readonly columns: ReadonlyMap<string, number>;
}

type ModelledSpec = Extract<ColumnSpec, { kind: keyof typeof MARGINAL_WEIGHTS }>;

/**
 * The budget split for the modelled columns of a schema: {@link ROWS_SHARE} for the row counts,
 * {@link CORRELATION_SHARE} for the correlation (none with fewer than two columns: there is no
 * pair to correlate), {@link CATEGORY_ORDER_SHARE} for the layout of nominal categories (only with
 * nominal and number columns both present), the rest to the marginals in proportion to
 * {@link MARGINAL_WEIGHTS}.
 * @example planBudget([{ name: 'a', kind: 'boolean' }, { name: 'b', kind: 'boolean' }])
 * // { rows: 0.01, correlation: 0.15, categoryOrder: 0, columns: Map { 'a' => 0.42, 'b' => 0.42 } }
 */
export function planBudget(modelled: readonly ModelledSpec[]): BudgetPlan {
  const correlation = modelled.length >= 2 ? CORRELATION_SHARE : 0;
  const nominal = modelled.some((spec) => spec.kind === 'categorical' && !spec.ordered);
  const numbers = modelled.some(
    (spec) => spec.kind === 'numeric' || spec.kind === 'integer' || spec.kind === 'datetime',
  );
  const categoryOrder = nominal && numbers ? CATEGORY_ORDER_SHARE : 0;
  const rows = modelled.length === 0 ? 1 : ROWS_SHARE;
  const rest = 1 - rows - correlation - categoryOrder;
  const totalWeight = modelled.reduce((sum, spec) => sum + MARGINAL_WEIGHTS[spec.kind], 0);
  const columns = new Map(
    modelled.map((spec) => [spec.name, (rest * MARGINAL_WEIGHTS[spec.kind]) / totalWeight] as const),
  );
  return { rows, correlation, categoryOrder, columns };
}
