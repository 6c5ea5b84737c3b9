/**
 * Privacy of whole histories (metrics.md §3.8): the single-table privacy report (DCR against an
 * equal-size training subsample and the holdout, fresh real customers as the baseline, singling out,
 * linkability, inference, identity disclosure) run on customer vectors, and the release policy
 * applied to a relational release.
 */
import { dcrOverfittingProtection } from '../../privacy/dcr-overfitting-protection.js';
import { PRIVACY_FIGURES, type PrivacyReport, privacyReport } from '../../privacy/privacy-report.js';
import { evaluatePolicy, type PolicyVerdict, type ReleasePolicy } from '../../privacy/release-policy.js';
import { comparableColumnNames } from '../../privacy/table-columns.js';
import { selectRows } from '../../schema/prepare-table.js';
import { makeRandom } from '../../stats/random.js';
import { sampleWithoutReplacement } from '../../stats/random-rows.js';
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
  /**
   * DCR overfitting protection of fresh real customers: half the holdout scored as if synthetic,
   * against training and the other half (metrics.md §3.8). What a generator that leaks nothing
   * scores at this size; null with fewer than 4 holdout customers.
   */
  readonly freshDcrOverfittingProtection: number | null;
}

/** Seed stream of the fresh-customer split, apart from the privacy report's own streams. */
const FRESH_STREAM = 0x66726573;

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
  const trainingVectors = customerVectors(training, plan);
  const holdoutVectors = customerVectors(holdout, plan);
  const workers = options.workers === undefined ? {} : { workers: options.workers };
  const privacy = await privacyReport(
    trainingVectors,
    holdoutVectors,
    customerVectors(synthetic, plan),
    plan.schema,
    {
      seed: options.seed,
      ...workers,
      ...(options.attacks === undefined ? {} : { attacks: options.attacks }),
    },
  );
  let freshDcrOverfittingProtection: number | null = null;
  const n = holdoutVectors.rowCount;
  if (n >= 4) {
    const order = sampleWithoutReplacement(makeRandom(options.seed, FRESH_STREAM), n, n);
    const half = n >> 1;
    const fresh = await dcrOverfittingProtection(
      trainingVectors,
      selectRows(holdoutVectors, order.subarray(half)),
      selectRows(holdoutVectors, order.subarray(0, half)),
      comparableColumnNames(trainingVectors),
      // Five equal-size draws, as the privacy report averages its own figure.
      { random: makeRandom(options.seed, FRESH_STREAM + 1), iterations: 5, ...workers },
    );
    freshDcrOverfittingProtection = fresh.equalSize.score;
  }
  return {
    rootTable,
    vectorColumns: plan.schema.columns.map((c) => c.name),
    privacy,
    freshDcrOverfittingProtection,
  };
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
  /** Overall quality (all pairs) over the real holdout's own: 1 = as faithful as unseen real customers. */
  'quality.ofHoldout',
  /** The largest |synthetic − holdout| same-value share of consecutive events over categorical event columns. */
  'sequences.persistenceGap',
  'utility.ratio',
] as const;

/** Every figure a policy may name for a relational release. */
export const RELATIONAL_POLICY_FIGURES: readonly string[] = [
  ...PRIVACY_FIGURES,
  'dcrOverfittingProtectionShortfall',
  ...RELATIONAL_FIDELITY_FIGURES,
];

/**
 * The privacy figures of the customer vectors, plus how far the synthetic customers' DCR
 * overfitting protection falls below fresh real customers' (positive = worse than fresh customers).
 */
export function relationalPrivacyFigures(
  privacy: RelationalPrivacyReport | null,
): Record<string, number | null> {
  if (!privacy) return {};
  const synthetic = privacy.privacy.figures.dcrOverfittingProtection;
  const fresh = privacy.freshDcrOverfittingProtection;
  return {
    ...privacy.privacy.figures,
    dcrOverfittingProtectionShortfall: synthetic === null || fresh === null ? null : fresh - synthetic,
  };
}

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
  const figures = { ...relationalPrivacyFigures(privacy), ...fidelity };
  return evaluatePolicy(
    policy,
    figures,
    {
      ...(privacy?.privacy.notApplicable ?? {}),
      'utility.ratio': 'the utility check is single-table; related tables are judged by their histories',
    },
    privacy?.privacy.standardErrors,
  );
}
