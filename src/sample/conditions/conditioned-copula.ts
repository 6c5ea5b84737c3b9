/**
 * Exact sampling of a Gaussian copula's scores z ~ N(0, R) given that some dimensions C lie in
 * score sets (unions of intervals), in two steps:
 *
 * 1. z_C ~ N(0, R_CC) restricted to the box of sets, by the sequential (GHK) construction with an
 *    accept step that makes it exact: dimension k is drawn from its conditional normal given the
 *    earlier ones, restricted to its set (inversion), and the row is kept with probability
 *    m_k / M_k, where m_k is the set's mass under that conditional and M_k a bound of m_k over the
 *    box. The GHK proposal's density is φ_R 1_box / Π m_k, so accepting with Π m_k / Π M_k leaves
 *    exactly φ_R 1_box (Genz & Bretz 2009, "Computation of Multivariate Normal and t
 *    Probabilities", §4.2; Robert & Casella 2004, §2.3). The first dimension is never rejected
 *    (its mass is a constant), so one condition, or several on a mixture group, cost no rejection.
 * 2. z_F | z_C ~ N(A z_C, R_FF − A R_CF), A = R_FC R_CC⁻¹ (the Schur complement): a Cholesky
 *    product of fresh normals, as unconditioned sampling does, plus the regression on z_C.
 *
 * Everything a worker needs is plain typed arrays, computed once on the main thread.
 */
import { DoppelError } from '../../errors.js';
import { makeRandom, type RandomSource } from '../../stats/random.js';
import type { NormalStream } from '../../stats/ziggurat.js';
import { correlateInPlace } from '../correlate.js';
import { type CategoryShift, discreteScore } from './category-shift.js';
import type { ScoreSet } from './score-sets.js';
import { drawFromEnds, drawInSet, massAndEnds, setMass, standardMass } from './truncated-normal.js';

/** A copula's condition, ready for the per-row loop (plain data: it is posted to the workers). */
export interface ScoreCondition {
  /** The conditioned dimensions, in drawing order (smallest mass first). */
  readonly conditioned: Int32Array;
  /** Set k's intervals are lows/highs[setStart[k] .. setStart[k + 1]). */
  readonly setStart: Int32Array;
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  /** c × c lower triangle: L of R_CC; z_k = Σ_{j<k} L_kj e_j + L_kk e_k. */
  readonly sequential: Float64Array;
  /** Per k, an upper bound of m_k over the box (bound[0] = m_0 exactly). */
  readonly bound: Float64Array;
  /** The free dimensions. */
  readonly free: Int32Array;
  /** f × c: the conditional mean of z_F is A z_C. */
  readonly regression: Float64Array;
  /** f × f lower Cholesky factor of R_FF − A R_CF. */
  readonly freeCholesky: Float64Array;
  /** Per free dimension, z = offset + scale · (A z_C + noise): the categories' own moments (category-shift.ts); null: none. */
  readonly freeShift: CategoryShift | null;
  /** P(z_C in the box) (estimated for several dimensions) and the expected acceptance rate. */
  readonly probability: number;
  readonly acceptance: number;
}

/**
 * A lower Cholesky factor that tolerates a semidefinite matrix (a conditional covariance where a
 * free dimension is fully decided by the conditioned ones): pivots below ε give a zero column.
 */
function semidefiniteCholesky(matrix: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j] as number;
    for (let k = 0; k < j; k++) pivot -= (L[j * n + k] as number) ** 2;
    const diagonal = pivot > 1e-12 ? Math.sqrt(pivot) : 0;
    L[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let s = matrix[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      L[i * n + j] = diagonal > 0 ? s / diagonal : 0;
    }
  }
  return L;
}

/** Solves L x = b (L lower, n × n, zero pivots give 0) in place. */
function forward(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (b[k] as number);
    const diagonal = L[i * n + i] as number;
    b[i] = diagonal > 0 ? s / diagonal : 0;
  }
}

/** Solves Lᵀ x = b in place. */
function backward(L: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (b[k] as number);
    const diagonal = L[i * n + i] as number;
    b[i] = diagonal > 0 ? s / diagonal : 0;
  }
}

/** The largest mass of [a, b) under N(μ, s²) for μ anywhere in [μlo, μhi]: μ nearest the middle. */
function largestMass(a: number, b: number, sd: number, meanLow: number, meanHigh: number): number {
  if (sd === 0) return 1;
  const middle =
    Number.isFinite(a) && Number.isFinite(b)
      ? (a + b) / 2
      : Number.isFinite(a)
        ? Number.POSITIVE_INFINITY
        : Number.NEGATIVE_INFINITY;
  if (!Number.isFinite(a) && !Number.isFinite(b)) return 1;
  const mean = Math.min(Math.max(middle, meanLow), meanHigh);
  if (!Number.isFinite(mean)) return 1;
  return standardMass((a - mean) / sd, (b - mean) / sd);
}

/** GHK draws for the probability estimate: enough for about 3 significant digits. */
const ESTIMATE_DRAWS = 1 << 15;
/** Below this acceptance rate a condition is refused rather than sampled slowly. */
export const MIN_ACCEPTANCE = 1e-4;

/**
 * Prepares the condition of a copula with correlation factor `cholesky` (d × d, R = L Lᵀ) whose
 * dimensions `sets` restricts. Returns null when the sets constrain nothing.
 * @throws DoppelError `usage` when the box has (numerically) no probability, naming `text`.
 */
export function prepareScoreCondition(
  cholesky: Float64Array,
  d: number,
  sets: ReadonlyMap<number, ScoreSet>,
): ScoreCondition | null {
  const correlation = (i: number, j: number) => {
    let s = 0;
    const n = Math.min(i, j);
    for (let k = 0; k <= n; k++) s += (cholesky[i * d + k] as number) * (cholesky[j * d + k] as number);
    return s;
  };
  const constrained = [...sets].filter(
    ([, set]) =>
      !(
        set.lows.length === 1 &&
        set.lows[0] === Number.NEGATIVE_INFINITY &&
        set.highs[0] === Number.POSITIVE_INFINITY
      ),
  );
  if (constrained.length === 0) return null;
  const marginalMass = (set: ScoreSet) =>
    set.lows.reduce((m, low, i) => m + standardMass(low, set.highs[i] as number), 0);
  // Smallest mass first: the first dimension is drawn without rejection.
  constrained.sort((x, y) => marginalMass(x[1]) - marginalMass(y[1]) || x[0] - y[0]);
  const c = constrained.length;
  const conditioned = Int32Array.from(constrained, ([dimension]) => dimension);
  const setStart = new Int32Array(c + 1);
  constrained.forEach(([, set], k) => {
    setStart[k + 1] = (setStart[k] as number) + set.lows.length;
  });
  const lows = Float64Array.from(constrained.flatMap(([, set]) => set.lows));
  const highs = Float64Array.from(constrained.flatMap(([, set]) => set.highs));
  const rCC = new Float64Array(c * c);
  for (let i = 0; i < c; i++)
    for (let j = 0; j < c; j++)
      rCC[i * c + j] = correlation(conditioned[i] as number, conditioned[j] as number);
  const sequential = semidefiniteCholesky(rCC, c);

  // The bound of m_k: the conditional mean μ_k = B_k z_<k ranges over an interval as z_<k ranges
  // over the hull of the earlier sets; B_k = L_k,<k · L_<k⁻¹.
  const bound = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const sd = sequential[k * c + k] as number;
    const row = new Float64Array(k);
    for (let j = 0; j < k; j++) row[j] = sequential[k * c + j] as number;
    // B_k solves L_<kᵀ B_kᵀ = L_k,<kᵀ.
    const sub = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sub[i * k + j] = sequential[i * c + j] as number;
    backward(sub, k, row);
    let meanLow = 0;
    let meanHigh = 0;
    for (let j = 0; j < k; j++) {
      const b = row[j] as number;
      if (b === 0) continue;
      const low = lows[setStart[j] as number] as number;
      const high = highs[(setStart[j + 1] as number) - 1] as number;
      meanLow += Math.min(b * low, b * high);
      meanHigh += Math.max(b * low, b * high);
    }
    if (Number.isNaN(meanLow)) meanLow = Number.NEGATIVE_INFINITY;
    if (Number.isNaN(meanHigh)) meanHigh = Number.POSITIVE_INFINITY;
    let m = 0;
    for (let i = setStart[k] as number; i < (setStart[k + 1] as number); i++) {
      m += largestMass(lows[i] as number, highs[i] as number, sd, meanLow, meanHigh);
    }
    bound[k] = Math.min(1, m);
  }

  const freeList: number[] = [];
  for (let i = 0; i < d; i++) if (!conditioned.includes(i)) freeList.push(i);
  const free = Int32Array.from(freeList);
  const f = free.length;
  const regression = new Float64Array(f * c);
  const column = new Float64Array(c);
  for (let i = 0; i < f; i++) {
    for (let k = 0; k < c; k++) column[k] = correlation(free[i] as number, conditioned[k] as number);
    forward(sequential, c, column);
    backward(sequential, c, column);
    regression.set(column, i * c);
  }
  const covariance = new Float64Array(f * f);
  for (let i = 0; i < f; i++) {
    for (let j = 0; j <= i; j++) {
      let s = correlation(free[i] as number, free[j] as number);
      for (let k = 0; k < c; k++)
        s -= (regression[i * c + k] as number) * correlation(conditioned[k] as number, free[j] as number);
      covariance[i * f + j] = s;
      covariance[j * f + i] = s;
    }
  }
  const draft = {
    conditioned,
    setStart,
    lows,
    highs,
    sequential,
    bound,
    free,
    regression,
    freeCholesky: semidefiniteCholesky(covariance, f),
    freeShift: null,
    probability: 0,
    acceptance: 0,
  };
  const probability = estimateProbability(draft);
  const proposal = bound.reduce((p, b) => p * b, 1);
  return { ...draft, probability, acceptance: proposal > 0 ? probability / proposal : 0 };
}

/**
 * P(z_C in the box): the first set's mass when one dimension is conditioned, else the GHK mean of
 * Π m_k over {@link ESTIMATE_DRAWS} draws from a fixed stream (the same estimate on every machine).
 */
function estimateProbability(condition: ScoreCondition): number {
  const c = condition.conditioned.length;
  const { setStart, lows, highs, sequential } = condition;
  const first = setMass(lows, highs, 0, setStart[1] as number, 0, sequential[0] as number);
  if (c === 1 || first === 0) return first;
  const random = makeRandom(0x5eed, 0);
  const e = new Float64Array(c);
  let total = 0;
  for (let n = 0; n < ESTIMATE_DRAWS; n++) {
    let weight = 1;
    for (let k = 0; k < c && weight > 0; k++) {
      let mean = 0;
      for (let j = 0; j < k; j++) mean += (sequential[k * c + j] as number) * (e[j] as number);
      const sd = sequential[k * c + k] as number;
      const from = setStart[k] as number;
      const to = setStart[k + 1] as number;
      const m = setMass(lows, highs, from, to, mean, sd);
      weight *= m;
      if (m === 0) break;
      const z = drawInSet(lows, highs, from, to, mean, sd, m, random.nextDouble());
      e[k] = sd > 0 ? (z - mean) / sd : 0;
    }
    total += weight;
  }
  return total / ESTIMATE_DRAWS;
}

/** Scratch for the free dimensions' draws (a worker samples one chunk at a time). */
let freeScores = new Float64Array(0);
/** Scratch: the interval ends of the first conditioned dimension's set, and of the current one's. */
let ends0 = new Float64Array(8);
let endsK = new Float64Array(8);

/**
 * Fills a block of scores (dimension-major, `rows` rows of d dimensions) that satisfy the
 * condition: conditioned dimensions first, row by row, then the free ones given them.
 */
export function fillConditionedScores(
  condition: ScoreCondition,
  random: RandomSource,
  normals: NormalStream,
  z: Float64Array,
  rows: number,
): void {
  const { conditioned, setStart, lows, highs, sequential, bound, free, regression, freeCholesky, freeShift } =
    condition;
  const c = conditioned.length;
  const e = new Float64Array(c);
  const from0 = setStart[0] as number;
  const to0 = setStart[1] as number;
  const sd0 = sequential[0] as number;
  const base0 = (conditioned[0] as number) * rows;
  // The first dimension's distribution is the same on every row: its interval ends once per block.
  if (ends0.length < 2 * (to0 - from0)) ends0 = new Float64Array(2 * (to0 - from0));
  const m0 = sd0 > 0 ? massAndEnds(lows, highs, from0, to0, 0, sd0, ends0) : (bound[0] as number);
  for (let r = 0; r < rows; r++) {
    for (;;) {
      const u0 = random.nextDouble();
      const z0 =
        sd0 > 0
          ? drawFromEnds(lows, highs, from0, to0, 0, sd0, ends0, m0, u0)
          : drawInSet(lows, highs, from0, to0, 0, sd0, m0, u0);
      z[base0 + r] = z0;
      e[0] = sd0 > 0 ? z0 / sd0 : 0;
      let accepted = true;
      for (let k = 1; k < c; k++) {
        let mean = 0;
        for (let j = 0; j < k; j++) mean += (sequential[k * c + j] as number) * (e[j] as number);
        const sd = sequential[k * c + k] as number;
        const from = setStart[k] as number;
        const to = setStart[k + 1] as number;
        if (endsK.length < 2 * (to - from)) endsK = new Float64Array(2 * (to - from));
        const m =
          sd > 0
            ? massAndEnds(lows, highs, from, to, mean, sd, endsK)
            : setMass(lows, highs, from, to, mean, sd);
        if (random.nextDouble() * (bound[k] as number) >= m) {
          accepted = false;
          break;
        }
        const u = random.nextDouble();
        const zk =
          sd > 0
            ? drawFromEnds(lows, highs, from, to, mean, sd, endsK, m, u)
            : drawInSet(lows, highs, from, to, mean, sd, m, u);
        z[(conditioned[k] as number) * rows + r] = zk;
        e[k] = sd > 0 ? (zk - mean) / sd : 0;
      }
      if (accepted) break;
    }
  }
  const f = free.length;
  if (f === 0) return;
  if (freeScores.length < f * rows) freeScores = new Float64Array(f * rows);
  const x = freeScores.subarray(0, f * rows);
  normals.fill(x);
  correlateInPlace(freeCholesky, f, x, rows);
  for (let i = 0; i < f; i++) {
    const target = (free[i] as number) * rows;
    const source = i * rows;
    for (let r = 0; r < rows; r++) z[target + r] = x[source + r] as number;
    for (let k = 0; k < c; k++) {
      const a = regression[i * c + k] as number;
      if (a === 0) continue;
      const from = (conditioned[k] as number) * rows;
      for (let r = 0; r < rows; r++) z[target + r] = (z[target + r] as number) + a * (z[from + r] as number);
    }
    if (freeShift === null) continue;
    if ((freeShift.cutStart[i + 1] as number) > (freeShift.cutStart[i] as number)) {
      for (let r = 0; r < rows; r++) z[target + r] = discreteScore(z[target + r] as number, freeShift, i);
    } else {
      const offset = freeShift.offset[i] as number;
      const scale = freeShift.scale[i] as number;
      for (let r = 0; r < rows; r++) z[target + r] = offset + scale * (z[target + r] as number);
    }
  }
}

/**
 * @throws DoppelError `usage` when the condition is (numerically) impossible or too rare under
 * the model to sample exactly at a useful speed.
 */
export function checkFeasible(probability: number, acceptance: number, text: string): void {
  if (!(probability > 0)) {
    throw new DoppelError('usage', `the condition ${text} cannot be met: the model gives it no probability`, [
      { path: ['where'], message: text },
    ]);
  }
  if (acceptance < MIN_ACCEPTANCE) {
    throw new DoppelError(
      'usage',
      `the condition ${text} is too rare under the model to sample exactly (about ${probability.toPrecision(2)} of rows); drop or widen a term`,
      [{ path: ['where'], message: text }],
    );
  }
}
