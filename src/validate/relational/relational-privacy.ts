/**
 * Privacy of whole histories (metrics.md §3.8): the single-table privacy report (DCR against an
 * equal-size training subsample and the holdout, fresh real customers as the baseline, singling out,
 * linkability, inference, identity disclosure) run on customer vectors, and the release policy
 * applied to a relational release.
 */
import { type PrivacyReport, privacyReport } from '../../privacy/privacy-report.js';
import { evaluatePolicy, type PolicyVerdict, type ReleasePolicy } from '../../privacy/release-policy.js';
import { customerVectors, planCustomerVectors } from './customer-vectors.js';
import type { PreparedRelational } from './prepare-relational.js';

export interface RelationalPrivacyOptions {
  readonly seed: number;
  /** k: a category held by fewer training customers is not summarised (default 5). */
  readonly minCount?: number;
  readonly workers?: number;
  /** Attacks per Anonymeter evaluation (default 500, capped by the customers available). */
  readonly attacks?: number;
}

export interface RelationalPrivacyReport {
  /** The customers' table: one vector per row of it. */
  readonly rootTable: string;
  /** The vector's columns: the customers' own, then `child: events`, `child: mean x`, `child: share x=v`. */
  readonly vectorColumns: readonly string[];
  readonly privacy: PrivacyReport;
}

/**
 * Scores synthetic customers with their histories against the training customers and a holdout of
 * customers the generator never saw. O(customers² × columns) for the distances, on worker threads.
 */
export async function relationalPrivacyReport(
  training: PreparedRelational,
  holdout: PreparedRelational,
  synthetic: PreparedRelational,
  rootTable: string,
  options: RelationalPrivacyOptions,
): Promise<RelationalPrivacyReport> {
  const plan = planCustomerVectors(training, rootTable, options.minCount ?? 5);
  const privacy = await privacyReport(
    customerVectors(training, plan),
    customerVectors(holdout, plan),
    customerVectors(synthetic, plan),
    plan.schema,
    {
      seed: options.seed,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.attacks === undefined ? {} : { attacks: options.attacks }),
    },
  );
  return { rootTable, vectorColumns: plan.schema.columns.map((c) => c.name), privacy };
}

/** Fidelity figures a policy may name for a relational release, besides the privacy figures. */
export const RELATIONAL_FIDELITY_FIGURES = [
  'quality.overall',
  'quality.overallAllPairs',
  'quality.columnShapes',
  'quality.cardinality',
  'quality.intertableTrends',
  'relationships.referentialIntegrity',
  'relationships.cardinalityBoundaryAdherence',
  'sequences.coherence',
  'utility.ratio',
] as const;

/**
 * The release policy's verdict on a relational release: the privacy figures of the customer
 * vectors (null without a holdout) plus the given fidelity figures (a rule on a figure not given
 * fails: the gate cannot vouch for it; the single-table utility check does not apply to related tables and passes, saying so).
 */
export function relationalPolicyVerdict(
  privacy: RelationalPrivacyReport | null,
  policy: ReleasePolicy,
  fidelity: Readonly<Record<string, number | null>> = {},
): PolicyVerdict {
  const figures = { ...(privacy?.privacy.figures ?? {}), ...fidelity };
  return evaluatePolicy(policy, figures, {
    ...(privacy?.privacy.notApplicable ?? {}),
    'utility.ratio': 'the utility check is single-table; related tables are judged by their histories',
  });
}
