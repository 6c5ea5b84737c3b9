/**
 * Anonymeter's size correction of the singling-out control count (metrics.md §2.3). A query that
 * singles out one row in a table of n rows does so with probability P(w, n) = n·w(1−w)^(n−1) for
 * its weight w (Cohen & Nissim 2020, arXiv 1904.06009); the expected number of singling-out queries
 * as a function of n is modelled as f(n) = norm · ∫₀^w_eff P = norm · [1 − (n·w_eff + 1)(1 − w_eff)^n] / (n + 1),
 * fitted to counts measured on subsamples of the control table. The control count is then scaled
 * by f(|ori|) / f(|control|).
 *
 * Anonymeter fits (w_eff, norm) with scipy's `curve_fit` (bounded trust region from an initial
 * guess). Here the same least-squares problem is solved by variable projection: for a fixed w_eff
 * the best norm is linear least squares (closed form), leaving a 1-D search over w_eff ∈ (0, 1]
 * (log grid, then golden section). This finds the global minimum, where curve_fit normally lands
 * too. The correction ratio depends on w_eff only (norm cancels).
 *
 * One deliberate difference: Anonymeter measures from min(1000, n) rows up, which for a control
 * table of at most 1,000 rows is one size measured ten times. Such points cannot determine w_eff
 * (every w fits them exactly, and curve_fit returns its starting guess), yet the correction may then
 * extrapolate several-fold to a larger training set. doppel measures such tables from n/10 rows up,
 * so the curve's shape is seen; among equally good fits it keeps the one nearest curve_fit's start.
 */
import type { PreparedTable } from '../../schema/prepare-table.js';
import type { RandomSource } from '../../stats/random.js';
import { sampleWithoutReplacement } from '../../stats/random-rows.js';
import { compileQuery, type SinglingOutQuery } from './singling-out-queries.js';

/** ∫ of P(w, n) over [wMin, wMax], Anonymeter's `singling_out_probability_integral`. */
export function singlingOutProbabilityIntegral(n: number, wMin: number, wMax: number): number {
  if (wMin < 0 || wMin > 1) throw new RangeError('wMin must be between 0 and 1');
  if (wMax < wMin || wMax > 1) throw new RangeError('wMax must be between wMin and 1');
  return ((n * wMin + 1) * (1 - wMin) ** n - (n * wMax + 1) * (1 - wMax) ** n) / (n + 1);
}

/** The fitted model f(n) = norm · integral(n, 0, w_eff). */
export interface CorrectionModel {
  readonly wEff: number;
  readonly norm: number;
  (n: number): number;
}

/**
 * Least-squares fit of f to (size, successes) points.
 * @example fitCorrectionModel([1000, 2000], [40, 35])(3000) // the extrapolated count at n = 3000
 */
export function fitCorrectionModel(sizes: readonly number[], successes: readonly number[]): CorrectionModel {
  const g = (w: number) => sizes.map((n) => singlingOutProbabilityIntegral(n, 0, w));
  const solve = (w: number) => {
    const gs = g(w);
    let gy = 0;
    let gg = 0;
    gs.forEach((v, i) => {
      gy += v * successes[i]!;
      gg += v * v;
    });
    const norm = gg > 0 ? Math.max(0, gy / gg) : 0;
    let residual = 0;
    gs.forEach((v, i) => {
      residual += (successes[i]! - norm * v) ** 2;
    });
    return { norm, residual };
  };
  // Coarse log grid of w over [1e-9, 1], then golden-section search on log w around the best point.
  // Ties (points that cannot tell w apart) go to the grid point nearest curve_fit's start, 1/max(n).
  const startLog = -Math.log10(Math.max(1, ...sizes));
  const steps = 181;
  let bestLog = 0;
  let bestResidual = Number.POSITIVE_INFINITY;
  for (let s = 0; s < steps; s++) {
    const logW = -9 + (9 * s) / (steps - 1);
    const r = solve(10 ** logW).residual;
    const tie = Math.abs(r - bestResidual) <= 1e-9 * Math.max(1, bestResidual);
    if ((r < bestResidual && !tie) || (tie && Math.abs(logW - startLog) < Math.abs(bestLog - startLog))) {
      bestResidual = Math.min(r, bestResidual);
      bestLog = logW;
    }
  }
  let lo = Math.max(-9, bestLog - 0.05);
  let hi = Math.min(0, bestLog + 0.05);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (solve(10 ** a).residual <= solve(10 ** b).residual) hi = b;
    else lo = a;
  }
  const wEff = 10 ** ((lo + hi) / 2);
  const { norm } = solve(wEff);
  const model = ((n: number) => norm * singlingOutProbabilityIntegral(n, 0, wEff)) as CorrectionModel;
  return Object.assign(model, { wEff, norm });
}

/**
 * Counts singling-out queries on subsamples of `table`: 10 sizes from min(1000, n) to n
 * (`np.linspace(...).astype(int)`; doppel's sizes from ⌈n/10⌉ when n ≤ 1000, see above), 5 random subsamples each. Each query's matching rows are found
 * once; a subsample only checks membership.
 */
export function measureQueriesSuccess(
  table: PreparedTable,
  queries: readonly SinglingOutQuery[],
  random: RandomSource,
  repeats = 5,
  measurements = 10,
  sizesFrom: 'doppel' | 'anonymeter' = 'doppel',
): { sizes: number[]; successes: number[] } {
  const n = table.rowCount;
  const matches = queries.map((query) => {
    const test = compileQuery(query, table);
    const rows: number[] = [];
    for (let r = 0; r < n; r++) if (test(r)) rows.push(r);
    return rows;
  });
  const inSample = new Uint8Array(n);
  const sizes: number[] = [];
  const successes: number[] = [];
  // Anonymeter: from min(1000, n); doppel: from n/10 on tables of at most 1,000 rows (see above).
  const minRows = n > 1000 ? 1000 : sizesFrom === 'anonymeter' ? n : Math.ceil(n / 10);
  for (let m = 0; m < measurements; m++) {
    const size = Math.trunc(measurements === 1 ? n : minRows + ((n - minRows) * m) / (measurements - 1));
    for (let rep = 0; rep < repeats; rep++) {
      const sample = sampleWithoutReplacement(random, n, size);
      for (const r of sample) inSample[r] = 1;
      let singled = 0;
      for (const rows of matches) {
        let found = 0;
        for (const r of rows) if (inSample[r] && ++found > 1) break;
        if (found === 1) singled++;
      }
      for (const r of sample) inSample[r] = 0;
      sizes.push(size);
      successes.push(singled);
    }
  }
  return { sizes, successes };
}
