/**
 * DCRBaselineProtection (SDMetrics ≥ 0.20, metrics.md §1.8): how far synthetic rows sit from the
 * real ones compared with random rows drawn independently per column from the real ranges:
 * score = min(median DCR(synthetic → real) / median DCR(random → real), 1).
 *
 * SDMetrics draws its random table with numpy's PCG64 (and an unseedable global for the missing
 * values); doppel draws it from a seeded {@link RandomSource}, so the baseline agrees with
 * SDMetrics statistically, while the synthetic median is the same number exactly.
 */

import { type PreparedColumn, type PreparedTable, selectRows } from '../schema/prepare-table.js';
import type { RandomSource } from '../stats/random.js';
import { randomInt, sampleWithoutReplacement } from '../stats/random-rows.js';
import { dcr, medianOf } from './dcr.js';
import { type DistanceRunOptions, withDistancePool } from './distance-pool.js';
import { alignedColumns, isComparableKind } from './table-columns.js';

export interface DcrBaselineProtectionOptions extends DistanceRunOptions {
  /** Seeded source for the random table (and subsamples). */
  readonly random: RandomSource;
  /** Rows drawn from synthetic, random and real data in each iteration (default: no subsampling). */
  readonly rowsPerIteration?: number;
  /** Iterations averaged; more than 1 needs `rowsPerIteration` (default 1). */
  readonly iterations?: number;
}

export interface DcrBaselineProtectionResult {
  /** min(synthetic median / random median, 1) averaged over iterations; NaN when the random median is 0. */
  readonly score: number;
  /** Median DCR to the real data, averaged over iterations. */
  readonly medianDcrToReal: { readonly synthetic: number; readonly randomBaseline: number };
}

/**
 * A table of `rowCount` rows drawn column by column from the real data, as SDMetrics'
 * `_generate_random_data`: integers uniform on [min, max], other numbers and datetimes uniform on
 * [min, max), labels uniform over the distinct present values; then each cell is missing with
 * the column's real missing share.
 * @example randomBaselineTable(real, 1000, makeRandom(7)).rowCount // 1000
 */
export function randomBaselineTable(
  real: PreparedTable,
  rowCount: number,
  random: RandomSource,
): PreparedTable {
  const columns = real.columns.map((column): PreparedColumn => {
    let missing = 0;
    if (column.type === 'number') {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const x of column.values) {
        if (Number.isNaN(x)) missing++;
        else {
          if (x < min) min = x;
          if (x > max) max = x;
        }
      }
      const values = new Float64Array(rowCount);
      const span = max - min;
      for (let i = 0; i < rowCount; i++) {
        if (min > max) values[i] = Number.NaN;
        else if (column.spec.kind === 'integer') values[i] = min + randomInt(random, span + 1);
        else {
          const u = random.nextDouble();
          // The convex form where the span overflows (values near ±1.8e308).
          values[i] = Number.isFinite(span) ? min + span * u : min * (1 - u) + max * u;
        }
      }
      injectMissing(values.length, missing / Math.max(1, column.values.length), random, (i) => {
        values[i] = Number.NaN;
      });
      return { ...column, values };
    }
    const distinct: string[] = [];
    const seen = new Set<string>();
    for (const label of column.values) {
      if (label === null) missing++;
      else if (!seen.has(label)) {
        seen.add(label);
        distinct.push(label);
      }
    }
    const values = new Array<string | null>(rowCount);
    for (let i = 0; i < rowCount; i++) {
      values[i] = distinct.length === 0 ? null : distinct[randomInt(random, distinct.length)]!;
    }
    injectMissing(rowCount, missing / Math.max(1, column.values.length), random, (i) => {
      values[i] = null;
    });
    return { ...column, values };
  });
  return { rowCount, rowsRead: rowCount, rowsDroppedByConsent: 0, columns };
}

function injectMissing(n: number, share: number, random: RandomSource, clear: (i: number) => void): void {
  for (let i = 0; i < n; i++) if (random.nextDouble() < share) clear(i);
}

/**
 * DCRBaselineProtection of `synthetic` against `real`.
 * @throws DoppelError as {@link dcr}.
 * @example await dcrBaselineProtection(real, syn, columns, { random: makeRandom(123) })
 */
export async function dcrBaselineProtection(
  real: PreparedTable,
  synthetic: PreparedTable,
  columns: readonly string[],
  options: DcrBaselineProtectionOptions,
): Promise<DcrBaselineProtectionResult> {
  const used = alignedColumns(
    [
      { table: real, role: 'real data' },
      { table: synthetic, role: 'synthetic data' },
    ],
    columns,
  )
    .map(([c]) => c!)
    .filter((c) => isComparableKind(c.spec.kind));
  const realUsed: PreparedTable = { ...real, columns: used };
  const names = used.map((c) => c.spec.name);
  let subsample = options.rowsPerIteration;
  let iterations = Math.max(1, Math.floor(options.iterations ?? 1));
  // SDMetrics ignores subsampling (and extra iterations) when asked for more rows than synthetic has.
  if (subsample === undefined || subsample > synthetic.rowCount) {
    subsample = undefined;
    iterations = 1;
  }
  const randomTable = randomBaselineTable(realUsed, synthetic.rowCount, options.random);
  let sumSynthetic = 0;
  let sumRandom = 0;
  let sumScore = 0;
  await withDistancePool(options, async (run) => {
    for (let it = 0; it < iterations; it++) {
      let syn = synthetic;
      let rnd = randomTable;
      let ref = real;
      if (subsample !== undefined) {
        syn = selectRows(synthetic, sampleWithoutReplacement(options.random, synthetic.rowCount, subsample));
        rnd = selectRows(
          randomTable,
          sampleWithoutReplacement(options.random, randomTable.rowCount, subsample),
        );
        const n = Math.min(subsample, real.rowCount);
        ref = selectRows(real, sampleWithoutReplacement(options.random, real.rowCount, n));
      }
      const mSyn = medianOf(await dcr(syn, ref, names, run));
      const mRnd = medianOf(await dcr(rnd, ref, names, run));
      sumSynthetic += mSyn;
      sumRandom += mRnd;
      sumScore += mRnd !== 0 ? Math.min(mSyn / mRnd, 1) : Number.NaN;
    }
  });
  return {
    score: sumRandom === 0 ? Number.NaN : sumScore / iterations,
    medianDcrToReal: { synthetic: sumSynthetic / iterations, randomBaseline: sumRandom / iterations },
  };
}
