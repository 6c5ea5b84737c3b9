import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { RandomSource } from '../stats/random.js';
import { takeRows } from './take-rows.js';

export interface SplitTables {
  readonly train: Table;
  readonly holdout: Table;
}

/**
 * The share of real rows held out from fitting when no share is given (`split`, `run`): 30%, as
 * the benchmarks in the README split their data.
 */
export const DEFAULT_HOLDOUT_SHARE = 0.3;

/**
 * A reproducible random split: round(fraction × rows) rows go to the holdout, the rest to training,
 * each keeping the original row order. Fit on `train`; validate privacy against `holdout`, which
 * plays the part of customers the model never saw.
 * @throws DoppelError `usage` unless 0 < fraction < 1 and both parts get at least one row.
 */
export function splitTable(table: Table, holdoutFraction: number, random: RandomSource): SplitTables {
  const n = table.numRows;
  const holdoutRows = Math.round(holdoutFraction * n);
  if (!(holdoutFraction > 0 && holdoutFraction < 1) || holdoutRows < 1 || holdoutRows >= n) {
    throw new DoppelError(
      'usage',
      `--holdout must be a fraction between 0 and 1 that leaves rows on both sides (got ${holdoutFraction} of ${n} rows)`,
    );
  }
  // Fisher–Yates on row indices with the caller's seeded source.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.nextDouble() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const holdout = order.slice(0, holdoutRows).sort((a, b) => a - b);
  const train = order.slice(holdoutRows).sort((a, b) => a - b);
  return { train: takeRows(table, train), holdout: takeRows(table, holdout) };
}
