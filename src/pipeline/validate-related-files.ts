import { readRelatedTables, relationalTablesOf } from '../io/read-related-tables.js';
import { readRelatedTablesInDirectory } from '../io/read-related-tables-in-directory.js';
import type { ReleasePolicy } from '../privacy/release-policy.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import { prepareRelational } from '../schema/prepare-relational.js';
import {
  type RelationalValidationReport,
  validateRelational,
} from '../validate/relational/validate-relational.js';

export interface ValidateRelatedFilesOptions {
  /** Directory of the synthetic tables, `<table>.<ext>` each (what `doppel sample --out DIR` writes). */
  readonly synthetic: string;
  /** Directory of real customers the generator never saw, named the same way (e.g. `doppel split --schema`'s holdout). */
  readonly holdout?: string;
  readonly policy?: ReleasePolicy;
  readonly seed?: number;
  readonly workers?: number;
}

/**
 * Validates a synthetic related dataset on disk: the real tables are the ones the schema names (paths
 * relative to the schema), the synthetic and holdout tables are read from directories, and all three
 * are judged by {@link validateRelational}. The real data and the holdout are input, so their keys
 * and event order are checked first (a foreign key with no parent there is a bad file, exit 2); in the
 * synthetic data the same fault is what Relationship Validity measures, so it is scored, not refused.
 * @throws DoppelError `file-not-found` naming the table of a missing file; `schema-mismatch` naming the
 * table and column of a broken key or order in the real data or holdout; validateRelational's errors.
 */
export async function validateRelatedFiles(
  tree: RelationalTree,
  schemaPath: string,
  options: ValidateRelatedFilesOptions,
): Promise<RelationalValidationReport> {
  const [real, synthetic, holdout] = await Promise.all([
    readRelatedTables(tree, schemaPath),
    readRelatedTablesInDirectory(tree, options.synthetic, 'synthetic'),
    options.holdout === undefined ? null : readRelatedTablesInDirectory(tree, options.holdout, 'holdout'),
  ]);
  prepareRelational(tree, real);
  if (holdout) prepareRelational(tree, holdout);
  return validateRelational(relationalTablesOf(tree, real), relationalTablesOf(tree, synthetic), {
    ...(holdout ? { holdout: relationalTablesOf(tree, holdout) } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
}
