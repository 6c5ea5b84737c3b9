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
  /** What real unseen customers score in place of the synthetic ones: the ceiling; null without a holdout. */
  readonly holdoutBaseline: HoldoutBaseline | null;
  /** Every figure a policy can name, flat. */
  readonly figures: Readonly<Record<string, number | null>>;
  readonly policy: PolicyVerdict | null;
  readonly gate?: ReleaseGate;
}

/**
 * The holdout scored as if it were the synthetic data: the quality a generator that reproduces the
 * population (but not the training customers) reaches at this size, and the real persistence of
 * each categorical event column in unseen customers.
 */
export interface HoldoutBaseline {
  readonly overall: number | null;
  readonly overallAllPairs: number | null;
  readonly columnShapes: number | null;
  readonly cardinality: number | null;
  readonly intertableTrendsAllPairs: number | null;
  /** Same-value share of consecutive events, holdout against synthetic, per categorical event column. */
  readonly persistence: readonly {
    readonly childTable: string;
    readonly column: string;
    readonly holdout: number | null;
    readonly synthetic: number | null;
  }[];
}

/** Streams of the report's seed. */
const QUALITY_STREAM = 0x72716c74;
const HOLDOUT_QUALITY_STREAM = 0x686f6c64;

function persistenceOf(sequences: readonly SequenceFidelity[]): Map<string, number | null> {
  const shares = new Map<string, number | null>();
  for (const sequence of sequences) {
    for (const row of sequence.coherence) {
      if (row.kind === 'categorical')
        shares.set(JSON.stringify([sequence.childTable, row.column]), row.syntheticSameShare);
    }
  }
  return shares;
}

function holdoutBaselineOf(
  real: PreparedRelational,
  holdout: PreparedRelational,
  sequences: readonly SequenceFidelity[],
  options: { thresholds: QualityThresholds; subsampleRows: number | null; seed: number },
): HoldoutBaseline {
  const relationships = real.source.relationships.map((r) => relationshipScores(real, holdout, r));
  const quality = multiTableQuality(real, holdout, relationships, {
    thresholds: options.thresholds,
    subsampleRows: options.subsampleRows,
    random: makeRandom(options.seed, HOLDOUT_QUALITY_STREAM),
  });
  const holdoutShares = persistenceOf(
    real.source.relationships.map((r) => sequenceFidelity(real, holdout, r)),
  );
  const syntheticShares = persistenceOf(sequences);
  return {
    overall: quality.overall,
    overallAllPairs: quality.overallAllPairs,
    columnShapes: quality.columnShapes,
    cardinality: quality.cardinality,
    intertableTrendsAllPairs: quality.intertableTrendsAllPairs,
    persistence: [...holdoutShares].map(([key, share]) => {
      const [childTable, column] = JSON.parse(key) as [string, string];
      return { childTable, column, holdout: share, synthetic: syntheticShares.get(key) ?? null };
    }),
  };
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

function largestGap(baseline: HoldoutBaseline | null): number | null {
  if (!baseline) return null;
  const gaps = baseline.persistence.flatMap((p) =>
    p.holdout === null || p.synthetic === null ? [] : [Math.abs(p.synthetic - p.holdout)],
  );
  return gaps.length === 0 ? null : Math.max(...gaps);
}

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

  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const subsampleRows = options.subsampleRows === undefined ? DEFAULT_SUBSAMPLE_ROWS : options.subsampleRows;
  const relationships = real.relationships.map((r) => relationshipScores(preparedReal, preparedSynthetic, r));
  const quality = multiTableQuality(preparedReal, preparedSynthetic, relationships, {
    thresholds,
    subsampleRows,
    random: makeRandom(seed, QUALITY_STREAM),
  });
  const sequences = real.relationships.map((r) => sequenceFidelity(preparedReal, preparedSynthetic, r));
  const holdoutBaseline = preparedHoldout
    ? holdoutBaselineOf(preparedReal, preparedHoldout, sequences, { thresholds, subsampleRows, seed })
    : null;
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
    'quality.ofHoldout': ratio(quality.overallAllPairs, holdoutBaseline?.overallAllPairs ?? null),
    'sequences.persistenceGap': largestGap(holdoutBaseline),
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
    holdoutBaseline,
    figures: { ...relationalPrivacyFigures(privacy), ...fidelity },
    policy: verdict,
    ...(verdict ? { gate: gateOf(verdict) } : {}),
  };
}
