/**
 * What every per-kind fitter receives and returns, and the checks they share.
 */
import { DoppelError } from '../errors.js';
import type { ColumnSpec } from '../schema/dataset-schema.js';
import type { RandomSource } from '../stats/random.js';
import type { RowOwners } from './holders.js';
import type { ModelledColumnModel } from './model-format.js';

/** Filled, validated options and the random stream of one column's value dimension. */
export interface FitContext {
  /** k: no category or value held by fewer than k rows is stored. */
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  /** Draws the position of each row inside its value's interval (see normal-scores.ts). */
  readonly random: RandomSource;
  /** For a nominal categorical column: each category's place (see category-order.ts). */
  readonly categoryRank?: ReadonlyMap<string, number>;
  /**
   * The customer of each row, in an event table (see holders.ts): the k rule then counts distinct
   * customers, not rows. Absent: every row is its own customer.
   */
  readonly owners?: RowOwners;
}

/** A column's model and the normal score of each row's value (NaN where it has none). */
export interface FittedColumn<M extends ModelledColumnModel = ModelledColumnModel> {
  readonly model: M;
  readonly scores: Float64Array;
}

export type SpecOfKind<K extends ColumnSpec['kind']> = Extract<ColumnSpec, { kind: K }>;

/**
 * A column needs at least k present values: with fewer, any statistic of them would describe fewer
 * than k customers.
 * @throws DoppelError `schema-mismatch`.
 */
export function requireEnoughValues(name: string, present: number, minCount: number): void {
  if (present >= minCount) return;
  throw new DoppelError(
    'schema-mismatch',
    `column "${name}" has ${present} present value(s), fewer than minCount k = ${minCount}: it cannot be modelled without describing fewer than k customers. Remove it from the schema, or lower privacy.minCount.`,
    [{ path: [name], message: `needs at least ${minCount} present values` }],
  );
}

/**
 * Share of rows without a value; 0 when fewer than k customers lack one (a rate of 3 in 1,000 would
 * tell that exactly three customers left the field empty; a whole table's rate and each mixture
 * group's fall under the same k rule as categories).
 * @param missingHolders distinct customers with a missing value (default: the missing rows, one
 *   customer each).
 */
export function missingRateOf(
  rows: number,
  present: number,
  minCount: number,
  missingHolders: number = rows - present,
): number {
  const missing = rows - present;
  return rows === 0 || missingHolders < minCount ? 0 : missing / rows;
}
