/**
 * What every private marginal fitter receives and returns.
 */
import type { ModelledColumnModel } from '../model-format.js';
import type { Accountant } from './accountant.js';

/** Filled options and the budget of one column's marginal. */
export interface PrivateColumnContext {
  readonly accountant: Accountant;
  /** The column's share of the whole budget (see budget-plan.ts). */
  readonly share: number;
  /** k: categories and missing-value rates are released only above noisy counts of k. */
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
}

/**
 * A released marginal, and where each row's value lies on [0, 1] under it: the interval a copula
 * score of the row is drawn from, or null when the row has no value (missing, or a dropped
 * category). Computed from the released model and the row alone, so the copula's sensitivity
 * analysis can treat each row's score as a function of that row only.
 */
export interface PrivateFittedColumn<M extends ModelledColumnModel = ModelledColumnModel> {
  readonly model: M;
  /**
   * An unbiased noisy estimate of how many rows the column saw (the sum of noisy cells that
   * together count every row once) and its variance; the fit combines these across columns into
   * its row count (post-processing).
   */
  readonly rowsEstimate: { readonly value: number; readonly variance: number };
  interval(row: number): readonly [number, number] | null;
}
