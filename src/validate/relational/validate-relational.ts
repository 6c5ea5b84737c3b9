/**
 * Validation of related tables (customers and their events), the way the field judges it: SDMetrics'
 * multi-table QualityReport and Relationship Validity number for number, sequence fidelity,
 * segment fidelity over customer groups, privacy of whole histories, and the release policy.
 */
import { DoppelError } from '../../errors.js';
import type { PolicyVerdict, ReleasePolicy } from '../../privacy/release-policy.js';
import { makeRandom } from '../../stats/random.js';
import { VERSION } from '../../version.js';
import { jsonNumber } from '../json-number.js';
import { nanMean } from '../metrics/pairwise-sum.js';
import { DEFAULT_THRESHOLDS, type QualityThresholds } from '../pair-trends.js';
import { DEFAULT_SUBSAMPLE_ROWS } from '../quality-report.js';
import type { ReleaseGate } from '../validate.js';
import { gateOf } from '../validate-release.js';
import { type CustomerSegment, customerSegments } from './customer-segments.js';
import { type MultiTableQuality, multiTableQuality } from './multi-table-quality.js';
import { checkSameStructure, type PreparedRelational, prepareRelational } from './prepare-relational.js';
import {
  type RelationalPrivacyReport,
  relationalPolicyVerdict,
  relationalPrivacyFigures,
  relationalPrivacyReport,
} from './relational-privacy.js';
import { type RelationalTables, rootTableOf } from './relational-tables.js';
import { type RelationshipScores, relationshipScores } from './relationship-scores.js';
import { type SequenceFidelity, sequenceFidelity } from './sequence-fidelity.js';

export const RELATIONAL_REPORT_FORMAT = 'doppel-relational-validation-report';
export const RELATIONAL_REPORT_FORMAT_VERSION = 1;

export interface RelationalValidateOptions {
  /** Real customers (with their events) the generator never saw: enables the privacy report. */
  readonly holdout?: RelationalTables;
  /** Thresholds that decide whether the release may go out (without a holdout every privacy rule fails). */
  readonly policy?: ReleasePolicy;
  /** Seed of every random draw (subsamples, privacy attacks); default 0. */
  readonly seed?: number;
  /** Default SDMetrics ≥ 0.27's 0.5 / 0.3; every score is also given with all pairs counting. */
  readonly thresholds?: QualityThresholds;
  /** Contingency pairs use at most this many rows per side (default 50 000; null = all). */
  readonly subsampleRows?: number | null;
  /** k of the customer vectors' category shares (default 5). */
  readonly minCount?: number;
  readonly workers?: number;
  readonly attacks?: number;
  /** A name for the dataset in the report (default: the customers table's name). */
  readonly dataset?: string;
  readonly createdAt?: Date;
}

export interface RelationalValidationReport {
  readonly format: typeof RELATIONAL_REPORT_FORMAT;
  readonly formatVersion: typeof RELATIONAL_REPORT_FORMAT_VERSION;
  readonly doppelVersion: string;
  readonly createdAt: string;
  readonly dataset: string;
  readonly seed: number;
  /** The customers' table, the root every history hangs from. */
  readonly rootTable: string;
  readonly tables: readonly {
    readonly table: string;
    readonly realRows: number;
    readonly syntheticRows: number;
    readonly holdoutRows: number | null;
  }[];
  readonly quality: MultiTableQuality;
  /** Cardinality and Relationship Validity per relationship. */
  readonly relationships: readonly RelationshipScores[];
  /** The DiagnosticReport's Relationship Validity property: mean of every relationship's two scores. */
  readonly relationshipValidity: number | null;
  readonly sequences: readonly SequenceFidelity[];
  readonly segments: readonly CustomerSegment[];
  readonly privacy: RelationalPrivacyReport | null;
  /** Every figure a policy can name, flat. */
  readonly figures: Readonly<Record<string, number | null>>;
  readonly policy: PolicyVerdict | null;
  readonly gate?: ReleaseGate;
}

/** Streams of the report's seed. */
const QUALITY_STREAM = 0x72716c74;

function worst(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.min(...present);
}

/**
 * Validates a synthetic relational dataset against the real one (the training data) and, given a
 * holdout, its privacy and the release policy. Deterministic for a seed (apart from `createdAt`).
 * @throws DoppelError `schema-mismatch` when the datasets differ in tables or relationships, or a
 *   table does not match its schema; `usage` when the dataset has no single root table.
 */
export async function validateRelational(
  real: RelationalTables,
  synthetic: RelationalTables,
  options: RelationalValidateOptions = {},
): Promise<RelationalValidationReport> {
  const seed = options.seed ?? 0;
  const rootTable = rootTableOf(real);
  if (rootTable === null) {
    throw new DoppelError(
      'usage',
      'relational validation needs exactly one root table (the customers), which is no table’s child',
      [{ path: ['relationships'], message: `tables: ${[...real.tables.keys()].join(', ')}` }],
    );
  }
  checkSameStructure(real, synthetic, 'synthetic');
  if (options.holdout) checkSameStructure(real, options.holdout, 'holdout');
  const preparedReal = prepareRelational(real, 'real');
  const preparedSynthetic = prepareRelational(synthetic, 'synthetic');
  const preparedHoldout: PreparedRelational | null = options.holdout
    ? prepareRelational(options.holdout, 'holdout')
    : null;

  const relationships = real.relationships.map((r) => relationshipScores(preparedReal, preparedSynthetic, r));
  const quality = multiTableQuality(preparedReal, preparedSynthetic, relationships, {
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    subsampleRows: options.subsampleRows === undefined ? DEFAULT_SUBSAMPLE_ROWS : options.subsampleRows,
    random: makeRandom(seed, QUALITY_STREAM),
  });
  const sequences = real.relationships.map((r) => sequenceFidelity(preparedReal, preparedSynthetic, r));
  const segments = customerSegments(preparedReal, preparedSynthetic, rootTable);
  const relationshipValidity = jsonNumber(
    nanMean(
      relationships.flatMap((r) => [
        r.referentialIntegrity ?? Number.NaN,
        r.cardinalityBoundaryAdherence ?? Number.NaN,
      ]),
    ),
  );
  const fidelity: Record<string, number | null> = {
    'quality.overall': quality.overall,
    'quality.overallAllPairs': quality.overallAllPairs,
    'quality.columnShapes': quality.columnShapes,
    'quality.cardinality': quality.cardinality,
    'quality.intertableTrends': quality.intertableTrendsAllPairs,
    'relationships.referentialIntegrity': worst(relationships.map((r) => r.referentialIntegrity)),
    'relationships.cardinalityBoundaryAdherence': worst(
      relationships.map((r) => r.cardinalityBoundaryAdherence),
    ),
    'sequences.coherence': jsonNumber(nanMean(sequences.map((s) => s.coherenceScore ?? Number.NaN))),
    'utility.ratio': null,
  };
  const privacy = preparedHoldout
    ? await relationalPrivacyReport(preparedReal, preparedHoldout, preparedSynthetic, rootTable, {
        seed,
        ...(options.minCount === undefined ? {} : { minCount: options.minCount }),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        ...(options.attacks === undefined ? {} : { attacks: options.attacks }),
      })
    : null;
  const verdict = options.policy ? relationalPolicyVerdict(privacy, options.policy, fidelity) : null;
  return {
    format: RELATIONAL_REPORT_FORMAT,
    formatVersion: RELATIONAL_REPORT_FORMAT_VERSION,
    doppelVersion: VERSION,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    dataset: options.dataset ?? rootTable,
    seed,
    rootTable,
    tables: [...real.tables.keys()].map((table) => ({
      table,
      realRows: preparedReal.tables.get(table)!.rowCount,
      syntheticRows: preparedSynthetic.tables.get(table)!.rowCount,
      holdoutRows: preparedHoldout?.tables.get(table)?.rowCount ?? null,
    })),
    quality,
    relationships,
    relationshipValidity,
    sequences,
    segments,
    privacy,
    figures: { ...relationalPrivacyFigures(privacy), ...fidelity },
    policy: verdict,
    ...(verdict ? { gate: gateOf(verdict) } : {}),
  };
}
