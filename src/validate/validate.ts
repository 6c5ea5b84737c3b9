import type { Table } from 'apache-arrow';
import { DEFAULT_MIN_COUNT } from '../model/fit.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { type PreparedTable, prepareTable } from '../schema/prepare-table.js';
import { makeRandom } from '../stats/random.js';
import { VERSION } from '../version.js';
import { type ColumnDistribution, columnDistributions } from './distributions.js';
import type { EpsilonSweep } from './epsilon-sweep.js';
import { metricColumnsFromPrepared } from './metric-column.js';
import { type RuleAdherenceEntry, ruleAdherenceReport } from './rule-adherence-report.js';
import { type SegmentReport, type SegmentRule, segmentReport } from './segments.js';
import { type UtilityReport, utilityCheck } from './utility/utility.js';
import { type QualityReport, type ValidateQualityOptions, validateQuality } from './validate-quality.js';

export const REPORT_FORMAT = 'doppel-validation-report';
export const REPORT_FORMAT_VERSION = 1;

/** Where the compared data came from, as the caller names it (file paths on the CLI). */
export interface ReportInputs {
  readonly real?: string;
  readonly synthetic?: string;
  readonly holdout?: string;
  readonly schema?: string;
}

/** How messages call each table: by its file when known, else by its role. */
export function tableSources(inputs: ReportInputs | undefined): {
  real: string;
  synthetic: string;
  holdout: string;
} {
  const name = (role: string, path: string | undefined) =>
    path === undefined ? `the ${role} data` : `${role} data ${path}`;
  return {
    real: name('real', inputs?.real),
    synthetic: name('synthetic', inputs?.synthetic),
    holdout: name('holdout', inputs?.holdout),
  };
}

/** A release decision (privacy policy, quality floor, ...) attached to a report by whoever judges it. */
export interface ReleaseGate {
  readonly passed: boolean;
  /** What the decision was made against, e.g. the policy file. */
  readonly policy?: string;
  readonly checks: readonly {
    readonly name: string;
    readonly passed: boolean;
    readonly value?: number | null;
    /** The requirement as text, e.g. `≥ 0.95`. */
    readonly requirement?: string;
  }[];
}

export interface ValidateOptions extends ValidateQualityOptions {
  /**
   * Real rows the generator never saw. The utility models are tested on them; without a holdout a
   * seeded 30% of the real rows is set aside for testing instead.
   */
  readonly holdout?: Table;
  /** Column the utility check predicts: default the schema's `target`; null skips the check. */
  readonly target?: string | null;
  /** Rows each utility model trains on at most (default 5 000). */
  readonly utilityTrainRows?: number;
  /** Overrides of the segment flagging rule. */
  readonly segmentRule?: Partial<SegmentRule>;
  /** Names of the inputs, copied into the report. */
  readonly inputs?: ReportInputs;
  /** When the report was made (default: now); pin it for reproducible reports. */
  readonly createdAt?: Date;
}

/** What `doppel validate` reports; plain JSON (incomputable scores are null), no real row's values. */
export interface ValidationReport {
  readonly format: typeof REPORT_FORMAT;
  readonly formatVersion: typeof REPORT_FORMAT_VERSION;
  readonly doppelVersion: string;
  /** ISO 8601 time the report was made. */
  readonly createdAt: string;
  /** The dataset schema's `name`. */
  readonly dataset: string;
  readonly inputs: ReportInputs;
  /** Seed of every random draw in the report (subsamples, the utility split). */
  readonly seed: number;
  readonly rows: {
    /** Real rows read, and those used after the consent rule. */
    readonly realRead: number;
    readonly real: number;
    readonly realDroppedByConsent: number;
    readonly synthetic: number;
    /** Holdout rows used (after the consent rule), when a holdout was given. */
    readonly holdout?: number;
  };
  readonly quality: QualityReport;
  /** Train-on-synthetic vs train-on-real; null without a target. */
  readonly utility: UtilityReport | null;
  readonly segments: SegmentReport;
  /** Real vs synthetic shares per bin or category, for the plots. */
  readonly distributions: readonly ColumnDistribution[];
  /** The pass/fail decision, when a policy was applied; the summary leads with it. */
  readonly gate?: ReleaseGate;
  /** Quality against ε, when asked for (`doppel run --epsilon-sweep`). */
  readonly epsilonSweep?: EpsilonSweep;
  /** Adherence to the schema's business rules, real and synthetic (present when it has rules). */
  readonly rules?: readonly RuleAdherenceEntry[];
}

/** Independent streams of the report's seed, apart from the quality subsample's and the sampler's. */
const UTILITY_STREAM = 0x7574696c;
const SEGMENT_STREAM = 0x7365676d;

function minCountOf(schema: DatasetSchema): number {
  return schema.privacy?.minCount ?? DEFAULT_MIN_COUNT;
}

/**
 * Validates a synthetic table against the real one under a dataset schema: reads every schema
 * column of both (the real table, and the holdout, with the consent rule applied, since only
 * consenting customers were modelled) and reports fidelity ({@link validateQuality}), utility for
 * the target column ({@link utilityCheck}), fidelity per group of every sensitive or segment column
 * ({@link segmentReport}), and the distributions the HTML report plots. Deterministic for a seed
 * (apart from `createdAt`).
 * @throws DoppelError `schema-mismatch` when a table lacks a schema column or holds values of the
 *   wrong kind; `usage` for a target that is not a predictable column of the schema.
 */
export function validate(
  real: Table,
  synthetic: Table,
  schema: DatasetSchema,
  options: ValidateOptions = {},
): ValidationReport {
  const seed = options.seed ?? 0;
  const sources = tableSources(options.inputs);
  const preparedReal = prepareTable(real, schema, {
    columns: 'all',
    applyConsent: true,
    source: sources.real,
  });
  const preparedSynthetic = prepareTable(synthetic, schema, {
    columns: 'all',
    applyConsent: false,
    source: sources.synthetic,
  });
  const preparedHoldout: PreparedTable | null = options.holdout
    ? prepareTable(options.holdout, schema, { columns: 'all', applyConsent: true, source: sources.holdout })
    : null;
  const realColumns = metricColumnsFromPrepared(preparedReal).columns;
  const syntheticColumns = metricColumnsFromPrepared(preparedSynthetic).columns;
  const minCount = minCountOf(schema);
  const target = options.target === undefined ? (schema.target ?? null) : options.target;
  const utility =
    target === null
      ? null
      : utilityCheck(
          realColumns,
          syntheticColumns,
          preparedHoldout ? metricColumnsFromPrepared(preparedHoldout).columns : null,
          {
            target,
            minCount,
            random: makeRandom(seed, UTILITY_STREAM),
            ...(options.utilityTrainRows === undefined ? {} : { trainRows: options.utilityTrainRows }),
          },
        );
  return {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    doppelVersion: VERSION,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    dataset: schema.name,
    inputs: options.inputs ?? {},
    seed,
    rows: {
      realRead: preparedReal.rowsRead,
      real: preparedReal.rowCount,
      realDroppedByConsent: preparedReal.rowsDroppedByConsent,
      synthetic: preparedSynthetic.rowCount,
      ...(preparedHoldout ? { holdout: preparedHoldout.rowCount } : {}),
    },
    quality: validateQuality(preparedReal, preparedSynthetic, options),
    utility,
    segments: segmentReport(schema.columns, realColumns, syntheticColumns, {
      minCount,
      random: makeRandom(seed, SEGMENT_STREAM),
      ...(options.segmentRule ? { rule: options.segmentRule } : {}),
    }),
    distributions: columnDistributions(realColumns, syntheticColumns, minCount),
    ...(schema.rules && schema.rules.length > 0
      ? { rules: ruleAdherenceReport(schema, preparedReal, preparedSynthetic) }
      : {}),
  };
}
