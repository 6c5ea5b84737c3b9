/**
 * The privacy section of a validation report: can anyone be found in this synthetic data? Runs the
 * distance tests against the training data and a holdout of real customers the model never saw,
 * the Anonymeter attacks with that holdout as control, and identity disclosure on the schema's
 * quasi-identifiers. Every figure the release policy can gate on is also listed flat in `figures`.
 */

import { DoppelError } from '../errors.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { type PreparedTable, selectRows } from '../schema/prepare-table.js';
import { makeRandom } from '../stats/random.js';
import { sampleWithoutReplacement } from '../stats/random-rows.js';
import type { AttackEvaluation } from './anonymeter/risk.js';
import { type AttackPlan, type AttackResults, inferenceRiskMax, runAttacks } from './attacks.js';
import { dcr, medianOf } from './dcr.js';
import { dcrBaselineProtection } from './dcr-baseline-protection.js';
import {
  type DcrOverfittingProtectionResult,
  dcrOverfittingProtection,
} from './dcr-overfitting-protection.js';
import { withDistancePool } from './distance-pool.js';
import { exactMatchRate } from './exact-match-rate.js';
import { type AuxChoice, chooseInferenceAux } from './inference-aux.js';
import { kAnonymity, replicatedUniques } from './k-anonymity.js';
import { chooseLinkSets, type LinkSetChoice } from './link-sets.js';
import { newRowSynthesis } from './new-row-synthesis.js';
import { comparableColumnNames } from './table-columns.js';

export interface PrivacyOptions {
  readonly seed: number;
  /** Attacks per Anonymeter evaluation (Anonymeter's default 500). */
  readonly attacks?: number;
  /** Synthetic rows used for the tests: at most this many, drawn at random (default: the training size). */
  readonly syntheticRows?: number;
  readonly workers?: number;
  /** The linkability attack's two auxiliary column sets (default: chosen, see link-sets.ts). */
  readonly linkColumns?: readonly [readonly string[], readonly string[]];
}

/**
 * Checks the linkability sets given with `--link-columns` against the compared columns.
 * @throws DoppelError `usage` for an unknown column, an empty set or a column in both sets.
 */
export function checkLinkColumns(
  columns: readonly string[],
  given: readonly [readonly string[], readonly string[]],
): [string[], string[]] {
  const [a, b] = given;
  const unknown = [...a, ...b].filter((name) => !columns.includes(name));
  if (unknown.length > 0) {
    throw new DoppelError(
      'usage',
      `linkability columns not compared in the data: ${unknown.join(', ')} (use numeric, date, categorical or boolean columns of the schema)`,
    );
  }
  if (a.length === 0 || b.length === 0) {
    throw new DoppelError('usage', 'linkability needs two non-empty column sets, e.g. age,zip/gender,income');
  }
  const shared = a.filter((name) => b.includes(name));
  if (shared.length > 0) {
    throw new DoppelError('usage', `a linkability column is in both sets: ${shared.join(', ')}`);
  }
  return [[...a], [...b]];
}

/** Each half of the holdout needs this many rows for the fresh-customer attacks. */
export const MIN_FRESH_ROWS = 20;

/** The privacy figures a release policy can gate on. */
export const PRIVACY_FIGURES = [
  'dcrOverfittingProtection',
  'dcrOverfittingProtectionRaw',
  'dcrBaselineProtection',
  'newRowSynthesis',
  'newRowSynthesisShortfall',
  'dcrBaselineProtectionShortfall',
  'exactMatchRate',
  'exactMatchRateExcess',
  'singlingOutRiskUnivariate',
  'singlingOutRiskMultivariate',
  'linkabilityRisk',
  'inferenceRiskMax',
  'replicatedUniques',
  'singlingOutRiskUnivariateFresh',
  'singlingOutRiskMultivariateFresh',
  'anonymeterSinglingOutRiskUnivariate',
  'anonymeterSinglingOutRiskMultivariate',
  'anonymeterSinglingOutRiskUnivariateFresh',
  'anonymeterSinglingOutRiskMultivariateFresh',
  'linkabilityRiskFresh',
  'inferenceRiskMaxFresh',
] as const;

export type PrivacyFigure = (typeof PRIVACY_FIGURES)[number];

/** The figures by name; null when not computed (no holdout) or not applicable (see `notApplicable`). */
export type PrivacyFigures = Record<PrivacyFigure, number | null>;

export interface PrivacyReport {
  readonly rows: { readonly training: number; readonly holdout: number | null; readonly synthetic: number };
  readonly columns: readonly string[];
  readonly quasiIdentifiers: readonly string[];
  readonly sensitive: readonly string[];
  readonly medianDcrToTraining: number;
  readonly dcrOverfittingProtection: DcrOverfittingProtectionResult | null;
  readonly dcrBaselineProtection: number | null;
  readonly newRowSynthesis: number;
  readonly exactMatchRate: number;
  /** The holdout's own figures against training: what fresh real customers score. */
  readonly holdoutExactMatchRate: number | null;
  readonly holdoutNewRowSynthesis: number | null;
  readonly holdoutDcrBaselineProtection: number | null;
  readonly singlingOut: AttackResults['singlingOut'] | null;
  readonly linkability: AttackEvaluation | null;
  /** The auxiliary column sets of the linkability attack; null when it could not run. */
  readonly linkabilityColumns: readonly [readonly string[], readonly string[]] | null;
  /** How the sets were chosen and how much of a copy of the training rows they link. */
  readonly linkabilityChoice: LinkSetChoice;
  readonly inference: AttackResults['inference'];
  /** For each sensitive column outside the quasi-identifiers: the aux columns chosen and how much of a copy they reveal. */
  readonly inferenceAux: readonly AuxChoice[];
  /**
   * The same attacks with fresh real customers as the synthetic data (half the holdout, the other
   * half as control): the figures an honest generator can expect. Null without a holdout of at
   * least {@link MIN_FRESH_ROWS} rows per half.
   */
  readonly freshCustomers: {
    readonly rows: { readonly synthetic: number; readonly control: number };
    readonly attacks: AttackResults;
  } | null;
  readonly identity: {
    readonly realK: number;
    readonly syntheticK: number;
    readonly realUniqueShare: number;
    readonly replicatedUniques: number;
  } | null;
  readonly figures: PrivacyFigures;
  /**
   * Figures that do not apply to this dataset, with the reason (e.g. no quasi-identifiers in the
   * schema: nothing to link on or to infer from). A policy rule on such a figure passes, saying so.
   */
  readonly notApplicable: Partial<Record<PrivacyFigure, string>>;
  /** The sampling noise of figures that have one (a policy rule may allow it, see `noise`). */
  readonly standardErrors: Partial<Record<PrivacyFigure, number>>;
}

/**
 * Measures re-identification risk of `synthetic` against `training` (what the model was fitted on)
 * and `holdout` (real customers it never saw; null to skip the holdout-based tests).
 */
export async function privacyReport(
  training: PreparedTable,
  holdout: PreparedTable | null,
  synthetic: PreparedTable,
  schema: DatasetSchema,
  options: PrivacyOptions,
): Promise<PrivacyReport> {
  const random = (stream: number) => makeRandom(options.seed, stream);
  const columns = comparableColumnNames(training);
  const attacks = options.attacks ?? 500;
  // Compare like with like: as many synthetic rows as training rows (a larger synthetic table
  // makes every nearest neighbour nearer and every attack easier to build).
  const limit = Math.min(synthetic.rowCount, options.syntheticRows ?? training.rowCount);
  const syn =
    limit < synthetic.rowCount
      ? selectRows(synthetic, sampleWithoutReplacement(random(1), synthetic.rowCount, limit))
      : synthetic;
  const quasiIdentifiers = schema.columns.filter((c) => c.quasiIdentifier).map((c) => c.name);
  const sensitive = schema.columns.filter((c) => c.sensitive).map((c) => c.name);
  const linkChoice = chooseLinkSets(
    training,
    columns,
    quasiIdentifiers,
    sensitive,
    options.linkColumns ? checkLinkColumns(columns, options.linkColumns) : undefined,
  );
  const linkSets = linkChoice.columns;
  const inferenceAux = sensitive
    .filter((secret) => columns.includes(secret) && !quasiIdentifiers.includes(secret))
    .map((secret) => chooseInferenceAux(training, columns, quasiIdentifiers, sensitive, secret));

  return withDistancePool({ workers: options.workers ?? 2 }, async (distance) => {
    const overfitting = holdout
      ? await dcrOverfittingProtection(training, holdout, syn, columns, {
          random: random(2),
          // Each equal-size reference is one random subsample of training; averaging five keeps the
          // figure's spread (±0.05 from a single draw on telco) well inside the policy's margin.
          iterations: 5,
          ...distance,
        })
      : null;
    const baseline = await dcrBaselineProtection(training, syn, columns, { random: random(3), ...distance });
    const toTraining = await dcr(syn, training, columns, distance);
    const exact = exactMatchRate(training, syn, columns).rate;
    const newRows = newRowSynthesis(training, syn, columns, {}).score;
    // Fresh real customers scored as if synthetic: data with many natural duplicates (a handful of
    // yes/no columns, shared shelf prices) has exact twins and DCR 0 even between strangers.
    const holdoutExact = holdout ? exactMatchRate(training, holdout, columns).rate : null;
    const holdoutNewRows = holdout ? newRowSynthesis(training, holdout, columns, {}).score : null;
    const holdoutBaseline = holdout
      ? (await dcrBaselineProtection(training, holdout, columns, { random: random(7), ...distance })).score
      : null;

    const plan: AttackPlan = { columns, linkSets, inferenceAux, attacks };
    const attacked = holdout ? runAttacks(training, syn, holdout, plan, (i) => random(4 + i)) : null;
    // Fresh real customers as if synthetic: half the holdout attacked with the other half as
    // control, what an honest generator can expect from the same attacks on the same data.
    let fresh: PrivacyReport['freshCustomers'] = null;
    if (holdout && holdout.rowCount >= 2 * MIN_FRESH_ROWS) {
      const order = sampleWithoutReplacement(random(8), holdout.rowCount, holdout.rowCount);
      const half = Math.floor(holdout.rowCount / 2);
      const freshRows = selectRows(holdout, Array.from(order.subarray(0, half)));
      const controlRows = selectRows(holdout, Array.from(order.subarray(half)));
      fresh = {
        rows: { synthetic: freshRows.rowCount, control: controlRows.rowCount },
        attacks: runAttacks(training, freshRows, controlRows, plan, (i) => random(100 + i)),
      };
    }
    const singling = attacked?.singlingOut ?? null;
    const link = attacked?.linkability ?? null;
    const inferences = attacked?.inference ?? [];
    let identity: PrivacyReport['identity'] = null;
    if (quasiIdentifiers.length > 0) {
      const uniques = replicatedUniques(training, syn, quasiIdentifiers);
      identity = {
        realK: kAnonymity(training, quasiIdentifiers).k,
        syntheticK: kAnonymity(syn, quasiIdentifiers).k,
        realUniqueShare: uniques.uniqueInReal,
        replicatedUniques: uniques.replicatedUniques,
      };
    }
    const inferenceMax = attacked ? inferenceRiskMax(attacked) : null;
    const freshAttacks = fresh?.attacks ?? null;
    const figures: PrivacyFigures = {
      dcrOverfittingProtection: overfitting?.equalSize.score ?? null,
      dcrOverfittingProtectionRaw: overfitting?.raw.score ?? null,
      dcrBaselineProtection: baseline.score,
      newRowSynthesis: newRows,
      newRowSynthesisShortfall: holdoutNewRows === null ? null : holdoutNewRows - newRows,
      dcrBaselineProtectionShortfall:
        holdoutBaseline === null || !Number.isFinite(baseline.score) || !Number.isFinite(holdoutBaseline)
          ? null
          : holdoutBaseline - baseline.score,
      exactMatchRate: exact,
      exactMatchRateExcess: holdoutExact === null ? null : exact - holdoutExact,
      singlingOutRiskUnivariate: singling?.univariate.risk.value ?? null,
      singlingOutRiskMultivariate: singling?.multivariate.risk.value ?? null,
      linkabilityRisk: link?.risk.value ?? null,
      inferenceRiskMax: inferenceMax,
      anonymeterSinglingOutRiskUnivariate: singling?.univariate.anonymeter.risk.value ?? null,
      anonymeterSinglingOutRiskMultivariate: singling?.multivariate.anonymeter.risk.value ?? null,
      anonymeterSinglingOutRiskUnivariateFresh:
        freshAttacks?.singlingOut.univariate.anonymeter.risk.value ?? null,
      anonymeterSinglingOutRiskMultivariateFresh:
        freshAttacks?.singlingOut.multivariate.anonymeter.risk.value ?? null,
      singlingOutRiskUnivariateFresh: freshAttacks?.singlingOut.univariate.risk.value ?? null,
      singlingOutRiskMultivariateFresh: freshAttacks?.singlingOut.multivariate.risk.value ?? null,
      linkabilityRiskFresh: freshAttacks?.linkability?.risk.value ?? null,
      inferenceRiskMaxFresh: freshAttacks ? inferenceRiskMax(freshAttacks) : null,
      replicatedUniques: identity?.replicatedUniques ?? null,
    };
    return {
      rows: { training: training.rowCount, holdout: holdout?.rowCount ?? null, synthetic: syn.rowCount },
      columns,
      quasiIdentifiers,
      sensitive,
      medianDcrToTraining: medianOf(toTraining),
      dcrOverfittingProtection: overfitting,
      dcrBaselineProtection: baseline.score,
      newRowSynthesis: newRows,
      exactMatchRate: exact,
      holdoutExactMatchRate: holdoutExact,
      holdoutNewRowSynthesis: holdoutNewRows,
      holdoutDcrBaselineProtection: holdoutBaseline,
      singlingOut: singling,
      linkability: link,
      linkabilityColumns: link ? linkSets : null,
      linkabilityChoice: linkChoice,
      inference: inferences,
      inferenceAux,
      freshCustomers: fresh,
      identity,
      figures,
      notApplicable: notApplicableFigures(quasiIdentifiers, sensitive, linkChoice, inferenceAux),
      standardErrors: overfitting ? { dcrOverfittingProtection: overfitting.equalSize.standardError } : {},
    };
  });
}

/** Figures the schema gives nothing to compute from, with the reason. */
function notApplicableFigures(
  quasiIdentifiers: readonly string[],
  sensitive: readonly string[],
  linkChoice: LinkSetChoice,
  inferenceAux: readonly AuxChoice[],
): Partial<Record<PrivacyFigure, string>> {
  const reasons: Partial<Record<PrivacyFigure, string>> = {};
  if (quasiIdentifiers.length === 0) reasons.replicatedUniques = 'the schema marks no quasi-identifiers';
  if (!sensitive.some((name) => !quasiIdentifiers.includes(name))) {
    reasons.inferenceRiskMax = 'the schema marks no sensitive column outside the quasi-identifiers';
  } else if (inferenceAux.every((choice) => choice.columns === null)) {
    const best = Math.max(0, ...inferenceAux.map((choice) => choice.copyInferred));
    reasons.inferenceRiskMax = `no set of columns reveals a sensitive column from a copy of the training rows (at best ${(100 * best).toFixed(0)}% of them): too many customers share their values for the attack to tell a copy from fresh data`;
  }
  if (linkChoice.none !== null) reasons.linkabilityRisk = linkChoice.none;
  for (const figure of ['linkabilityRisk', 'inferenceRiskMax'] as const) {
    const reason = reasons[figure];
    if (reason !== undefined) reasons[`${figure}Fresh`] = reason;
  }
  return reasons;
}
