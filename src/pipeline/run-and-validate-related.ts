import type { ReleasePolicy } from '../privacy/release-policy.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import {
  type RelationalValidationReport,
  validateRelational,
} from '../validate/relational/validate-relational.js';
import { type RunRelatedOptions, type RunRelatedResult, runRelated } from './run-related.js';

export interface RunAndValidateRelatedOptions extends RunRelatedOptions {
  readonly policy?: ReleasePolicy;
}

export interface RunAndValidateRelatedResult extends RunRelatedResult {
  /** The synthetic tables judged against the training customers, with the holdout for privacy. */
  readonly report: RelationalValidationReport;
}

/**
 * The whole relational job: {@link runRelated} (split by customer → fit → sample into `out`), then
 * the synthetic tables validated against the training customers with the holdout as the unseen real
 * customers (privacy, the ceiling) and the release policy, when given.
 * @throws DoppelError from any stage.
 */
export async function runAndValidateRelated(
  tree: RelationalTree,
  schemaPath: string,
  options: RunAndValidateRelatedOptions,
): Promise<RunAndValidateRelatedResult> {
  const result = await runRelated(tree, schemaPath, options);
  const report = await validateRelational(result.train, result.synthetic, {
    holdout: result.holdout,
    seed: options.seed,
    workers: options.workers,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  return { ...result, report };
}
