/**
 * doppel's public library API, grouped by pipeline stage. The CLI (src/cli) is a thin layer over
 * exactly these functions; everything not exported here is internal.
 */

// Errors: one type for everything a user can cause, with a code and structured issues.
export {
  DoppelError,
  type DoppelErrorCode,
  type DoppelIssue,
  EXIT,
  exitCodeFor,
  isDoppelError,
} from './errors.js';
// seed: synthetic rows into PostgreSQL, SQLite or a SQL script, in one transaction.
export type { SeedSummary, SeedTableSummary } from './io/database/seed-database.js';
export { type SeedOptions, type SeedTarget, seedModel, seedPlanInto } from './io/database/seed-model.js';
export type { SeedColumn, SeedForeignKey, SeedPlan, SeedTable, SqlType } from './io/database/seed-plan.js';
export { seedPlanFromModel } from './io/database/seed-plan-from-model.js';
// io: every input format becomes an Arrow table.
export { readRelatedTables, readTableOf, relationalTablesOf } from './io/read-related-tables.js';
export { readRelatedTablesInDirectory } from './io/read-related-tables-in-directory.js';
export { readTable, type TableFormat } from './io/read-table.js';
export { type SplitRelatedTables, splitRelatedTables } from './io/split-related-tables.js';
export { type SplitTables, splitTable } from './io/split-table.js';
export { writeTable } from './io/write-table.js';
// model: fit marginals and a Gaussian copula; the model file format.
export { type FitOptions, fit } from './model/fit.js';
export { loadAnyModel, loadModel, parseAnyModel, parseModel } from './model/load-model.js';
export { type ColumnModel, MODEL_FORMAT_VERSION, type Model } from './model/model-format.js';
export { fitRelational } from './model/relational/fit-relational.js';
export {
  type DoppelModel,
  isRelationalModel,
  type RelationalModel,
  relationalModelSchema,
} from './model/relational/relational-model-format.js';
export { fitRelatedFiles } from './pipeline/fit-related-files.js';
export {
  type RunAndValidateRelatedOptions,
  type RunAndValidateRelatedResult,
  runAndValidateRelated,
} from './pipeline/run-and-validate-related.js';
export { type RunRelatedOptions, type RunRelatedResult, runRelated } from './pipeline/run-related.js';
export { type ValidateRelatedFilesOptions, validateRelatedFiles } from './pipeline/validate-related-files.js';
// privacy: re-identification risk against a holdout and the release policy (gate).
export { PRIVACY_FIGURES, type PrivacyReport } from './privacy/privacy-report.js';
export {
  evaluatePolicy,
  formatVerdict,
  loadPolicy,
  type PolicyVerdict,
  type ReleasePolicy,
} from './privacy/release-policy.js';
// release: a governed bundle (data + manifest with purpose, expiry, hashes) and its verification.
export { buildManifest, type ManifestInputs } from './release/build-manifest.js';
export { describeManifest } from './release/describe-manifest.js';
export { type Manifest, manifestSchema } from './release/manifest-format.js';
export { assertBundleValid, type BundleCheck, checkBundle } from './release/verify-bundle.js';
// sample: synthetic rows with worker threads into Arrow files, or in memory.
export {
  type SampleRelationalOptions,
  type SampleRelationalResult,
  sampleRelational,
} from './sample/relational/sample-relational.js';
export { type SampleResult, sample } from './sample/sample.js';
export { type SampleBatchesOptions, sampleBatches } from './sample/sample-batches.js';
export type { SampleOptions, SampleTableOptions } from './sample/sample-options.js';
export { sampleTable } from './sample/sample-table.js';
// schema: which columns may be read, their kinds and roles; inference of a starting schema.
export {
  type ColumnKind,
  type ColumnSpec,
  type DatasetSchema,
  PERSONAL_TYPES,
} from './schema/dataset-schema.js';
export { type InferTableInput, inferRelationalSchema } from './schema/infer-relational.js';
export { inferSchema } from './schema/infer-schema.js';
export {
  loadRelationalSchema,
  parseRelationalSchema,
  type RelationalTree,
} from './schema/load-relational-schema.js';
export { loadDatasetSchema, parseDatasetSchema } from './schema/load-schema.js';
export { type PreparedRelational, prepareRelational } from './schema/prepare-relational.js';
export { type RelationalSchema, relationalSchemaSchema } from './schema/relational-schema.js';
// stats: seeded random streams (every random choice in doppel goes through one).
export { makeRandom, type RandomSource } from './stats/random.js';
// validate: fidelity (SDMetrics quality), utility and segments.
export { formatQualityReport } from './validate/format-quality-report.js';
// validate, related tables: multi-table quality, relationships, histories, privacy of whole histories.
export { formatRelationalReport } from './validate/relational/format-relational-report.js';
export {
  RELATIONAL_FIDELITY_FIGURES,
  RELATIONAL_POLICY_FIGURES,
  type RelationalPrivacyReport,
  relationalPolicyVerdict,
} from './validate/relational/relational-privacy.js';
export type { RelationalTables } from './validate/relational/relational-tables.js';
export {
  type RelationalValidateOptions,
  type RelationalValidationReport,
  validateRelational,
} from './validate/relational/validate-relational.js';
export { type ValidateOptions, type ValidationReport, validate } from './validate/validate.js';
export {
  POLICY_FIGURES,
  type ReleaseValidationOptions,
  type ReleaseValidationReport,
  validateRelease,
} from './validate/validate-release.js';
