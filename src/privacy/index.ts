/**
 * Privacy metrics (issue 6), as defined in shared/reference/metrics.md. Distance-based: DCR and
 * its protections, NNDR, exact copies; attribute disclosure: DisclosureProtection (CAP); identity
 * disclosure: k-anonymity and replicated uniques; attacks: Anonymeter's singling out, linkability
 * and inference. Every function takes prepared tables and column names, returns plain data, and
 * draws randomness only from a RandomSource passed in.
 */

export { selectRows, sliceRows } from '../schema/prepare-table.js';
export {
  type InferenceEvaluation,
  type InferenceOptions,
  inference,
  inferenceGuessesCorrect,
} from './anonymeter/inference.js';
export {
  type LinkabilityAttack,
  type LinkabilityOptions,
  linkability,
  linkabilityResults,
} from './anonymeter/linkability.js';
export {
  type AttackEvaluation,
  bindValue,
  evaluationResults,
  type PrivacyRisk,
  residualSuccess,
} from './anonymeter/risk.js';
export {
  type SinglingOutEvaluation,
  type SinglingOutOptions,
  singlingOut,
} from './anonymeter/singling-out.js';
export { type SuccessRate, successRate } from './anonymeter/wilson.js';
export { type DcrOptions, dcr, dcrSync, meanOf, medianOf } from './dcr.js';
export {
  type DcrBaselineProtectionOptions,
  type DcrBaselineProtectionResult,
  dcrBaselineProtection,
  randomBaselineTable,
} from './dcr-baseline-protection.js';
export {
  type DcrOverfittingProtectionOptions,
  type DcrOverfittingProtectionResult,
  dcrOverfittingProtection,
  type OverfittingProtection,
  overfittingFromDistances,
} from './dcr-overfitting-protection.js';
export {
  type CapMethod,
  type DisclosureProtectionOptions,
  type DisclosureProtectionResult,
  disclosureProtection,
} from './disclosure-protection.js';
export {
  type DistancePool,
  type DistanceRunOptions,
  makeDistancePool,
  withDistancePool,
} from './distance-pool.js';
export { type ExactMatchResult, exactMatchRate } from './exact-match-rate.js';
export {
  type KAnonymityResult,
  kAnonymity,
  type ReplicatedUniquesResult,
  replicatedUniques,
} from './k-anonymity.js';
export {
  type NewRowSynthesisOptions,
  type NewRowSynthesisResult,
  newRowSynthesis,
} from './new-row-synthesis.js';
export { type NndrResult, type NndrSummary, nndr } from './nndr.js';
export { comparableColumnNames } from './table-columns.js';
