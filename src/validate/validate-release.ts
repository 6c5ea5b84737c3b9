/**
 * Validation with the privacy side and the release gate: fidelity (validate.ts), then
 * re-identification risk against the training data and a holdout of unseen real customers
 * (src/privacy), then a release policy's verdict over both.
 */
import type { Table } from 'apache-arrow';
import {
  PRIVACY_FIGURES,
  type PrivacyOptions,
  type PrivacyReport,
  privacyReport,
} from '../privacy/privacy-report.js';
import { evaluatePolicy, type PolicyVerdict, type ReleasePolicy } from '../privacy/release-policy.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { prepareTable } from '../schema/prepare-table.js';
import {
  type ReleaseGate,
  tableSources,
  type ValidateOptions,
  type ValidationReport,
  validate,
} from './validate.js';

export interface ReleaseValidationOptions extends ValidateOptions {
  /** Thresholds that decide whether the release may go out; none: report only. */
  readonly policy?: ReleasePolicy;
  /** Worker threads for the distance computations (default 2). */
  readonly workers?: number;
  /** The linkability attack's two auxiliary column sets (default from the schema). */
  readonly linkColumns?: PrivacyOptions['linkColumns'];
}

export interface ReleaseValidationReport extends ValidationReport {
  /** Re-identification risk; null without a holdout (the distance tests need unseen customers). */
  readonly privacy: PrivacyReport | null;
  readonly policy: PolicyVerdict | null;
}

/** The headline fidelity scores a policy may name. */
export const FIDELITY_FIGURES = [
  'quality.overall',
  'quality.overallAllPairs',
  'quality.columnShapes',
  'utility.ratio',
] as const;

/** Every figure a policy may name: the privacy figures plus the headline fidelity scores. */
export const POLICY_FIGURES: readonly string[] = [...PRIVACY_FIGURES, ...FIDELITY_FIGURES];

function fidelityFigures(report: ValidationReport): Record<string, number | null> {
  return {
    'quality.overall': report.quality.overall,
    'quality.overallAllPairs': report.quality.overallAllPairs,
    'quality.columnShapes': report.quality.columnShapes,
    'utility.ratio': report.utility?.ratio ?? null,
  };
}

/** A policy verdict as the report's release gate. */
export function gateOf(verdict: PolicyVerdict): ReleaseGate {
  return {
    passed: verdict.passed,
    policy: verdict.policy,
    checks: verdict.rules.map((rule) => ({
      name: rule.figure,
      passed: rule.passed,
      value: rule.value,
      requirement: [rule.min === null ? null : `≥ ${rule.min}`, rule.max === null ? null : `≤ ${rule.max}`]
        .filter(Boolean)
        .join(' and '),
    })),
  };
}

/**
 * Validates a synthetic table for release: {@link validate}, plus the privacy report when a holdout
 * is given, plus the policy's verdict when a policy is given (a figure that could not be computed
 * fails its rule).
 */
export async function validateRelease(
  real: Table,
  synthetic: Table,
  schema: DatasetSchema,
  options: ReleaseValidationOptions = {},
): Promise<ReleaseValidationReport> {
  const fidelity = validate(real, synthetic, schema, options);
  const sources = tableSources(options.inputs);
  const privacy = options.holdout
    ? await privacyReport(
        prepareTable(real, schema, { columns: 'all', applyConsent: true, source: sources.real }),
        prepareTable(options.holdout, schema, {
          columns: 'all',
          applyConsent: true,
          source: sources.holdout,
        }),
        prepareTable(synthetic, schema, { columns: 'all', applyConsent: false, source: sources.synthetic }),
        schema,
        {
          seed: options.seed ?? 0,
          ...(options.workers === undefined ? {} : { workers: options.workers }),
          ...(options.linkColumns ? { linkColumns: options.linkColumns } : {}),
        },
      )
    : null;
  const figures = { ...(privacy?.figures ?? {}), ...fidelityFigures(fidelity) };
  const verdict = options.policy
    ? evaluatePolicy(options.policy, figures, privacy?.notApplicable, privacy?.standardErrors)
    : null;
  return { ...fidelity, ...(verdict ? { gate: gateOf(verdict) } : {}), privacy, policy: verdict };
}
