/**
 * The differentially private steps of `doppel fit --partial` / `--merge` (model/partial/private-merge.ts):
 * a merge of first-pass partials with --epsilon, passes under a private plan, and merges of their
 * partials. Writes each file atomically and says what to run next.
 */

import type { Table } from 'apache-arrow';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import type { ResolvedPrivacyOptions } from '../model/dp/privacy-options.js';
import { secretSeed } from '../model/dp/privacy-options.js';
import type { Model } from '../model/model-format.js';
import type { TableMarginals } from '../model/partial/partial-marginals.js';
import {
  mergePrivatePartials,
  type PrivatePlan,
  privatePartialOfTable,
  privatePlanFromMarginals,
} from '../model/partial/private-merge.js';
import {
  parsePrivatePartial,
  serializePrivatePartial,
  serializePrivatePlan,
} from '../model/partial/private-partial-file.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { formatFitSummary } from './format-fit.js';
import type { Output } from './output.js';

const KEEP = 'Keep it with the data owner, never share it.';

interface Where {
  readonly out: string;
  readonly schemaPath: string;
}

async function writePlanOrModel(
  output: Output,
  schema: DatasetSchema,
  result: { plan: PrivatePlan } | { model: Model },
  where: Where,
  parts: number,
): Promise<void> {
  if ('model' in result) {
    await writeFileAtomic(where.out, `${JSON.stringify(result.model, null, 2)}\n`);
    output.out(formatFitSummary(result.model));
    output.out(`differentially private model written to ${where.out} (from ${parts} partition(s))`);
    return;
  }
  await writeFileAtomic(where.out, serializePrivatePlan(result.plan, schema));
  const statistic = result.plan.next === 'category-order' ? 'anchor score sums' : 'score moments';
  output.out(
    `private plan written to ${where.out}: ${result.plan.ledger.length} release(s) so far, next the ${statistic}. ${KEEP}`,
  );
  output.out(
    `next: on each partition, doppel fit PARTITION --schema ${where.schemaPath} --partial --plan ${where.out} -o PART.json; then doppel fit --merge PART*.json --schema ${where.schemaPath} -o NEXT.json`,
  );
}

/** `doppel fit --merge FIRST… --epsilon E`: releases the row counts and marginals into a private plan. */
export async function mergeFirstPassPrivately(
  output: Output,
  schema: DatasetSchema,
  marginals: TableMarginals,
  parts: number,
  options: {
    readonly privacy: ResolvedPrivacyOptions;
    readonly seed: number | undefined;
    readonly minCount: number;
    readonly rareCategories: 'merge' | 'drop';
    readonly locale: string;
  },
  where: Where,
): Promise<void> {
  const result = privatePlanFromMarginals(schema, marginals, {
    ...options,
    seed: options.seed ?? secretSeed(),
    // The score positions are not noise; a given seed reproduces them as the private fit does.
    scoreSeed: options.seed ?? secretSeed(),
  });
  await writePlanOrModel(output, schema, result, where, parts);
}

/** `doppel fit PART --partial --plan PRIVATE_PLAN`: one partition's exact sums for the next release. */
export async function privatePass(
  output: Output,
  schema: DatasetSchema,
  table: Table,
  plan: PrivatePlan,
  source: string,
  where: Where,
): Promise<void> {
  const partial = privatePartialOfTable(table, schema, plan, source);
  await writeFileAtomic(where.out, serializePrivatePartial(partial, schema));
  output.out(
    `partial statistics written to ${where.out}: exact sums over ${partial.rowsRead} rows read, for the next private release (no noise: the merge adds it). ${KEEP}`,
  );
  output.out(
    `next: doppel fit --merge PART*.json --schema ${where.schemaPath} -o NEXT.json, with this pass's partials of every partition`,
  );
}

/** `doppel fit --merge PRIVATE_PARTIALS…`: the next release, into the next plan or the model. */
export async function mergePrivately(
  output: Output,
  schema: DatasetSchema,
  files: readonly { text: string; source: string }[],
  options: {
    readonly privacy: ResolvedPrivacyOptions | null;
    readonly seed: number | undefined;
    readonly locale: string;
  },
  where: Where,
): Promise<void> {
  const partials = files.map(({ text, source }) => ({
    ...parsePrivatePartial(text, source, schema),
    source,
  }));
  const result = mergePrivatePartials(schema, partials, { ...options, seed: options.seed ?? secretSeed() });
  await writePlanOrModel(
    output,
    schema,
    result,
    where,
    partials.reduce((sum, p) => sum + p.partial.parts, 0),
  );
}
