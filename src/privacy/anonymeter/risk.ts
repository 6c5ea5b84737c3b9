/**
 * From attack counts to a privacy risk, as Anonymeter's `EvaluationResults` (metrics.md §2.1).
 * With a control set the risk is the residual success: the excess of the attack's success on
 * training targets over its success on control targets, relative to what the control left to win,
 * R = (a − c) / (1 − c), with the error propagated to first order. Without one it is the attack's
 * success rate. Both are clipped to [0, 1] with their interval.
 */
import { type SuccessRate, successRate } from './wilson.js';

/** A risk in [0, 1] and its confidence interval. Lower is better. */
export interface PrivacyRisk {
  readonly value: number;
  readonly ci: readonly [number, number];
}

/** What every attack evaluator returns. */
export interface AttackEvaluation {
  /** The denominator of every rate (Anonymeter 1.0 divides by the requested attacks, always). */
  readonly nAttacks: number;
  readonly nSuccess: number;
  readonly nBaseline: number;
  /** Successes on control targets (size-corrected for singling out); null without a control set. */
  readonly nControl: number | null;
  readonly confidenceLevel: number;
  readonly attackRate: SuccessRate;
  readonly baselineRate: SuccessRate;
  readonly controlRate: SuccessRate | null;
  /** The residual risk (with control) or the attack rate (without), bound to [0, 1]. */
  readonly risk: PrivacyRisk;
  /** The random-guess attacker's rate as a risk. */
  readonly baselineRisk: PrivacyRisk;
  /** Anonymeter's sanity warnings (e.g. the attack is no better than the baseline). */
  readonly warnings: readonly string[];
}

/**
 * Clips a point estimate and its symmetric error to [0, 1].
 * @example bindValue(1.1, 0.5) // { value: 1, ci: [0.6, 1] }
 */
export function bindValue(value: number, error: number): PrivacyRisk {
  const clip = (x: number) => Math.min(Math.max(x, 0.0), 1.0);
  return { value: clip(value), ci: [clip(value - error), clip(value + error)] };
}

/**
 * Residual success of an attack over its control: (a − c)/(1 − c) with first-order error.
 * @example residualSuccess({ rate: 0.9, error: 0.02 }, { rate: 0.85, error: 0.02 }) // { rate: 0.333…, error: 0.16… }
 */
export function residualSuccess(attack: SuccessRate, control: SuccessRate): SuccessRate {
  const rate = (attack.rate - control.rate) / (1.0 - control.rate);
  const derivativeAttack = 1 / Math.abs(1 - control.rate);
  const derivativeControl = (attack.rate - 1) / (1 - control.rate) ** 2;
  const error = Math.sqrt((attack.error * derivativeAttack) ** 2 + (control.error * derivativeControl) ** 2);
  return { rate, error };
}

/**
 * Rates, risk and warnings from attack counts; every rate uses `nAttacks` as its denominator.
 * @example evaluationResults({ nAttacks: 4, nSuccess: 1, nBaseline: 0, nControl: null }).risk // { value: 0.3725…, ci: [0.0456…, 0.6994…] }
 */
export function evaluationResults(counts: {
  readonly nAttacks: number;
  readonly nSuccess: number;
  readonly nBaseline: number;
  readonly nControl: number | null;
  readonly confidenceLevel?: number;
}): AttackEvaluation {
  const confidenceLevel = counts.confidenceLevel ?? 0.95;
  const attackRate = successRate(counts.nAttacks, counts.nSuccess, confidenceLevel);
  const baselineRate = successRate(counts.nAttacks, counts.nBaseline, confidenceLevel);
  const controlRate =
    counts.nControl === null ? null : successRate(counts.nAttacks, counts.nControl, confidenceLevel);
  const warnings: string[] = [];
  if (baselineRate.rate >= attackRate.rate) {
    warnings.push('the attack is no better than random guessing; its results cannot be trusted');
  }
  if (controlRate !== null && controlRate.rate === 1) {
    warnings.push('the attack succeeds on every control target; the residual risk cannot be measured');
  }
  const risk =
    controlRate === null
      ? bindValue(attackRate.rate, attackRate.error)
      : (() => {
          const residual = residualSuccess(attackRate, controlRate);
          return bindValue(residual.rate, residual.error);
        })();
  return {
    nAttacks: counts.nAttacks,
    nSuccess: counts.nSuccess,
    nBaseline: counts.nBaseline,
    nControl: counts.nControl,
    confidenceLevel,
    attackRate,
    baselineRate,
    controlRate,
    risk,
    baselineRisk: bindValue(baselineRate.rate, baselineRate.error),
    warnings,
  };
}
