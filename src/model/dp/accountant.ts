/**
 * Privacy accounting of a differentially private fit: turns the requested (ε, δ) into the budget
 * the mechanisms share, measures every statistic through {@link measure} so that nothing is
 * released off the books, and composes the ledger into the model's `privacy` section.
 *
 * Two accountings:
 * - **pure** (δ = 0): every statistic is measured by the Laplace mechanism with its share εᵢ of ε;
 *   sequential composition makes the fit (Σ εᵢ)-DP = ε-DP.
 * - **zcdp** (δ > 0): the mechanisms share ρ = cdpRho(ε, δ_conv) (Canonne, Kamath & Steinke 2020;
 *   metrics.md §4.4); each statistic is measured by the Gaussian mechanism with its share ρᵢ, and
 *   zCDP composes by adding ρ (Bun & Steinke 2016, Lemma 2.3). Releasing category labels seen in
 *   the data needs a stability threshold (a label of one row is released only with probability
 *   δᵢ), which makes the fit δ_thr-approximately ρ-zCDP with δ_thr = Σ δᵢ; that composes and
 *   converts to (ε, δ_conv + δ_thr)-DP (Bun & Steinke 2016, §8). δ_thr is half of δ when some
 *   column needs a threshold, else 0, and δ_conv is the rest.
 */
import { DoppelError } from '../../errors.js';
import { normalQuantile } from '../../stats/normal.js';
import { makeRandom, type RandomSource } from '../../stats/random.js';
import type { ModelPrivacy, PrivacyLedgerEntry } from '../model-format.js';
import { cdpEpsilon, cdpRho } from './cdp.js';
import {
  gaussianMechanism,
  gaussianSigma,
  laplaceMechanism,
  laplaceScale,
  type Measurement,
} from './mechanisms.js';

/** δ when a private fit is asked for without one: smartnoise's MST and AIM default (metrics.md §4.4). */
export const DEFAULT_DELTA = 1e-9;

/** The filled-in privacy parameters of a fit. */
export interface PrivacyParameters {
  readonly epsilon: number;
  readonly delta: number;
  readonly accounting: 'pure' | 'zcdp';
  /** The ρ the mechanisms share (zcdp), else null. */
  readonly rho: number | null;
  /** δ of the zCDP to (ε, δ) conversion (zcdp), else 0. */
  readonly conversionDelta: number;
  /** δ shared by the stability thresholds; 0 when no column needs one. */
  readonly thresholdDelta: number;
}

/**
 * Splits (ε, δ) into the accounting's budget.
 * @param thresholds how many columns release values found in the data through a stability
 *   threshold: `labels`, categorical columns without declared categories (required: pure DP cannot
 *   release them), and `values`, number columns whose frequent exact values are released when δ > 0
 *   (skipped under pure DP). Each gets an equal share of δ_thr.
 * @throws DoppelError `usage` for ε not positive and finite, δ outside [0, 1), or δ = 0 while a
 *   column's labels are not declared in the schema (pure DP cannot release unknown labels).
 */
export function privacyParameters(
  epsilon: number,
  delta: number,
  thresholds: { readonly labels: number; readonly values: number },
): PrivacyParameters {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new DoppelError('usage', `epsilon must be a positive number, got ${String(epsilon)}`, [
      { path: ['epsilon'], message: 'expected a finite number > 0' },
    ]);
  }
  if (!(delta >= 0 && delta < 1)) {
    throw new DoppelError('usage', `delta must be at least 0 and below 1, got ${String(delta)}`, [
      { path: ['delta'], message: 'expected 0 <= delta < 1' },
    ]);
  }
  if (delta === 0) {
    if (thresholds.labels > 0) {
      throw new DoppelError(
        'usage',
        `pure ε-DP (delta 0) cannot release category labels read from the data: declare the "categories" of every categorical column in the schema, or give a delta > 0`,
        [{ path: ['delta'], message: 'expected delta > 0, or declared categories' }],
      );
    }
    return { epsilon, delta, accounting: 'pure', rho: null, conversionDelta: 0, thresholdDelta: 0 };
  }
  const thresholdDelta = thresholds.labels + thresholds.values > 0 ? delta / 2 : 0;
  const conversionDelta = delta - thresholdDelta;
  return {
    epsilon,
    delta,
    accounting: 'zcdp',
    rho: cdpRho(epsilon, conversionDelta),
    conversionDelta,
    thresholdDelta,
  };
}

/** One statistic to measure. */
export interface MeasureRequest {
  readonly statistic: string;
  readonly column: string | null;
  readonly values: Float64Array;
  /** L1 sensitivity (used by the Laplace mechanism). */
  readonly l1Sensitivity: number;
  /** L2 sensitivity (used by the Gaussian mechanism). */
  readonly l2Sensitivity: number;
  /** Share of the whole budget, in (0, 1]. */
  readonly share: number;
  /** δ this release's stability threshold spends (0 if it has none). */
  readonly thresholdDelta?: number;
}

/** Measures statistics against the budget and keeps the ledger. */
export interface Accountant {
  readonly parameters: PrivacyParameters;
  /**
   * Measures one statistic with the noise of its share: Gaussian with ρᵢ = share·ρ (zcdp) or
   * Laplace with εᵢ = share·ε (pure), from a random stream keyed by (column, statistic) so that
   * adding a column leaves the other columns' noise as it was.
   * @throws Error when the shares exceed the budget or a (column, statistic) is measured twice
   *   (bugs, not user errors).
   */
  measure(request: MeasureRequest): Measurement;
  /**
   * The noise scale a share would get, before measuring: σ = Δ₂/√(2·share·ρ) or b = Δ₁/(share·ε).
   * Data-independent, so choices made from it (how many bins to measure) cost nothing.
   */
  scaleFor(share: number, l1Sensitivity: number, l2Sensitivity: number): number;
  /**
   * The level that noise of `scale` exceeds with probability p (one-sided): σ·Φ⁻¹(1 − p) for
   * Gaussian noise, b·ln(1/(2p)) for Laplace noise.
   */
  noiseAbove(scale: number, p: number): number;
  /**
   * The stability threshold of a histogram over values read from the data: τ = max(k, 1 + the
   * level its noise exceeds with probability δᵢ), raised by a relative 1e-9 against rounding in
   * Φ⁻¹. A value held by one row (count 1) reaches τ with probability at most δᵢ.
   */
  stabilityThreshold(scale: number, thresholdDelta: number, minCount: number): number;
  /** The variance of one cell's noise of `scale`: σ² (Gaussian) or 2b² (Laplace). */
  noiseVariance(scale: number): number;
  /** The ledger so far. */
  ledger(): readonly PrivacyLedgerEntry[];
  /** The model's `privacy` section: parameters, ledger and what it composes to. */
  privacySection(): ModelPrivacy;
}

/** Random streams of the noise sit above 2⁴⁰, apart from the fit's score streams (below 2³⁴). */
const NOISE_STREAM_BASE = 2 ** 40;
/** Shares may add up to 1 plus rounding; more is a bug. */
const SHARE_SLACK = 1e-9;

/**
 * @param earlier releases already made under these parameters (by an earlier step of one fit, as a
 *   merge of partial statistics makes them: model/partial/private-merge.ts): they stay in the ledger,
 *   their shares count against the budget, and their statistics cannot be measured again.
 */
export function makeAccountant(
  parameters: PrivacyParameters,
  seed: number,
  earlier: readonly PrivacyLedgerEntry[] = [],
): Accountant {
  const entries: PrivacyLedgerEntry[] = [...earlier];
  const keys = new Set(earlier.map((e) => `${e.column ?? ''}\u0000${e.statistic}`));
  let shareUsed = earlier.reduce(
    (sum, e) =>
      sum + (parameters.accounting === 'pure' ? e.epsilon! / parameters.epsilon : e.rho! / parameters.rho!),
    0,
  );
  const randomFor = (key: string): RandomSource => makeRandom(seed, NOISE_STREAM_BASE + fnv1a(key));
  const noiseAbove = (scale: number, p: number): number =>
    parameters.accounting === 'pure' ? scale * Math.log(1 / (2 * p)) : -scale * normalQuantile(p);

  return {
    parameters,
    measure(request) {
      const key = `${request.column ?? ''}\u0000${request.statistic}`;
      if (keys.has(key))
        throw new Error(`statistic "${request.statistic}" of "${request.column}" measured twice`);
      keys.add(key);
      if (!(request.share > 0) || shareUsed + request.share > 1 + SHARE_SLACK) {
        throw new Error(`budget share ${request.share} of "${request.statistic}" exceeds what is left`);
      }
      shareUsed += request.share;
      const random = randomFor(key);
      const thresholdDelta = request.thresholdDelta ?? 0;
      if (parameters.accounting === 'pure') {
        const epsilon = request.share * parameters.epsilon;
        const measured = laplaceMechanism(request.values, request.l1Sensitivity, epsilon, random);
        entries.push(
          entry(request, 'laplace', request.l1Sensitivity, epsilon, null, measured.scale, thresholdDelta),
        );
        return measured;
      }
      const rho = request.share * (parameters.rho as number);
      const measured = gaussianMechanism(request.values, request.l2Sensitivity, rho, random);
      entries.push(
        entry(request, 'gaussian', request.l2Sensitivity, null, rho, measured.scale, thresholdDelta),
      );
      return measured;
    },
    scaleFor(share, l1Sensitivity, l2Sensitivity) {
      return parameters.accounting === 'pure'
        ? laplaceScale(l1Sensitivity, share * parameters.epsilon)
        : gaussianSigma(l2Sensitivity, share * (parameters.rho as number));
    },
    noiseAbove,
    stabilityThreshold(scale, thresholdDelta, minCount) {
      return Math.max(minCount, 1 + noiseAbove(scale, thresholdDelta) * (1 + 1e-9));
    },
    noiseVariance(scale) {
      return parameters.accounting === 'pure' ? 2 * scale * scale : scale * scale;
    },
    ledger: () => entries,
    privacySection: () => privacySection(parameters, entries),
  };
}

function entry(
  request: MeasureRequest,
  mechanism: 'gaussian' | 'laplace',
  sensitivity: number,
  epsilon: number | null,
  rho: number | null,
  scale: number,
  thresholdDelta: number,
): PrivacyLedgerEntry {
  return {
    statistic: request.statistic,
    column: request.column,
    mechanism,
    sensitivity,
    epsilon,
    rho,
    scale,
    thresholdDelta,
  };
}

/**
 * Composes a ledger: pure ε's add; zCDP ρ's add and convert at δ_conv (cdpEpsilon), and the
 * thresholds' δ's add to it. Never more than the requested budget, up to rounding of the sums.
 */
export function privacySection(
  parameters: PrivacyParameters,
  ledger: readonly PrivacyLedgerEntry[],
): ModelPrivacy {
  const thresholdDelta = ledger.reduce((sum, e) => sum + e.thresholdDelta, 0);
  let spent: { epsilon: number; delta: number; rho: number | null };
  if (parameters.accounting === 'pure') {
    spent = { epsilon: ledger.reduce((sum, e) => sum + (e.epsilon ?? 0), 0), delta: 0, rho: null };
  } else {
    const rho = ledger.reduce((sum, e) => sum + (e.rho ?? 0), 0);
    const epsilon = rho === 0 ? 0 : cdpEpsilon(rho, parameters.conversionDelta);
    spent = { epsilon, delta: parameters.conversionDelta + thresholdDelta, rho };
  }
  spent = {
    epsilon: withinRounding(spent.epsilon, parameters.epsilon),
    delta: withinRounding(spent.delta, parameters.delta),
    rho: spent.rho === null ? null : withinRounding(spent.rho, parameters.rho as number),
  };
  return {
    differentialPrivacy: true,
    epsilon: parameters.epsilon,
    delta: parameters.delta,
    neighbouring: 'add-remove-one-row',
    accounting: parameters.accounting,
    rho: parameters.rho,
    conversionDelta: parameters.conversionDelta,
    ledger: [...ledger],
    spent,
  };
}

/**
 * A composed budget within floating-point rounding of the requested one (a relative 1e-9: sums of
 * shares, bisections) is the requested one; anything further off stays visible, as the bug it is.
 */
function withinRounding(spent: number, requested: number): number {
  return Math.abs(spent - requested) <= requested * 1e-9 ? requested : spent;
}

/** 32-bit FNV-1a (Fowler, Noll & Vo) of a string: a stable stream number per statistic. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
