import { DoppelError } from '../errors.js';
import { maybeTextEncoding } from '../io/decode-text.js';
import { readInputFile } from '../io/read-input-file.js';
import { readTable } from '../io/read-table.js';
import { openTableBatches } from '../io/table-batches.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import type { ResolvedPrivacyOptions } from '../model/dp/privacy-options.js';
import { resolveFitOptions } from '../model/fit.js';
import { DEFAULT_LOCALE } from '../model/fit-generated.js';
import { parsePartial, serializePartial } from '../model/partial/partial-file.js';
import { mergePartials, partialOfTable } from '../model/partial/partial-fit.js';
import {
  formatOf,
  PRIVATE_PARTIAL_FORMAT,
  PRIVATE_PLAN_FORMAT,
  parsePrivatePlan,
} from '../model/partial/private-partial-file.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { mergeFirstPassPrivately, mergePrivately, privatePass } from './fit-private-partial.js';
import { formatFitSummary } from './format-fit.js';
import type { Output } from './output.js';

export interface PartialFlags {
  readonly schemaPath: string;
  readonly out: string;
  readonly encoding: string;
  readonly data?: string;
  readonly plan?: string;
  readonly merge?: readonly string[];
  readonly partial: boolean;
  readonly minCount?: number;
  /** --epsilon/--delta, checked: a private merge (model/partial/private-merge.ts). */
  readonly privacy: ResolvedPrivacyOptions | null;
  readonly seed?: number;
}

const KEEP =
  'It holds exact counts and values of real customers: keep it with the data owner, never share it.';

async function readText(path: string, what: string): Promise<string> {
  return (await readInputFile(path, what)).toString('utf8');
}

/** `doppel fit --partial [--plan]` and `doppel fit --merge`: checks the flags, runs, writes, says what to do next. */
export async function fitPartialCommand(
  output: Output,
  schema: DatasetSchema,
  flags: PartialFlags,
): Promise<void> {
  const resolved = resolveFitOptions(
    schema,
    flags.minCount === undefined ? {} : { minCount: flags.minCount },
  );
  const options = {
    minCount: resolved.minCount,
    rareCategories: resolved.rareCategories,
    locale: schema.locale ?? DEFAULT_LOCALE,
    source: `data file ${flags.data ?? ''}`,
  };
  if (flags.merge !== undefined) {
    if (flags.partial || flags.plan !== undefined || flags.data !== undefined)
      throw new DoppelError(
        'usage',
        '--merge takes partial-statistics files only: drop DATA, --partial and --plan (merge, then run the next pass on the data)',
      );
    const files = [];
    for (const path of flags.merge)
      files.push({ text: await readText(path, 'partial'), source: `partial ${path}` });
    const where = { out: flags.out, schemaPath: flags.schemaPath };
    if (files.some((f) => formatOf(f.text) === PRIVATE_PARTIAL_FORMAT)) {
      if (flags.minCount !== undefined)
        throw new DoppelError(
          'usage',
          '--min-count with a private merge: k was fixed by the first private merge; drop it',
        );
      await mergePrivately(
        output,
        schema,
        files,
        { ...options, privacy: flags.privacy, seed: flags.seed },
        where,
      );
      return;
    }
    const partials = files.map(({ text, source }) => ({
      partial: parsePartial(text, source, schema),
      source,
    }));
    if (flags.privacy !== null && partials.some((p) => p.partial.stage !== 'marginals'))
      throw new DoppelError(
        'usage',
        '--epsilon with second-pass partials: a private fit releases its own copula sums, so merge the first-pass partials (written by --partial without --plan) with --epsilon',
      );
    if (flags.privacy === null && flags.seed !== undefined)
      throw new DoppelError(
        'usage',
        '--seed with --merge and no --epsilon: a fit from partial statistics has no randomness to seed',
      );
    const merged = mergePartials(partials, schema, {
      ...options,
      minCountGiven: flags.minCount !== undefined,
    });
    if ('plan' in merged && flags.privacy !== null) {
      await mergeFirstPassPrivately(
        output,
        schema,
        merged.plan.marginals,
        merged.plan.parts,
        { ...options, privacy: flags.privacy, seed: flags.seed },
        where,
      );
      return;
    }
    if ('plan' in merged) {
      await writeFileAtomic(flags.out, serializePartial(merged.plan, schema));
      output.out(
        `plan written to ${flags.out}: first-pass statistics of ${merged.plan.parts} partition(s), ${merged.plan.marginals.whole.rows} rows used. ${KEEP}`,
      );
      output.out(
        `next: on each partition, doppel fit PARTITION --schema ${flags.schemaPath} --partial --plan ${flags.out} -o SECOND.json; then doppel fit --merge SECOND*.json --schema ${flags.schemaPath} -o MODEL.json`,
      );
      return;
    }
    await writeFileAtomic(flags.out, `${JSON.stringify(merged.model, null, 2)}\n`);
    output.out(formatFitSummary(merged.model));
    output.out(
      `model written to ${flags.out} (from ${partials.reduce((s, p) => s + p.partial.parts, 0)} partition(s))`,
    );
    return;
  }
  if (!flags.partial)
    throw new DoppelError('usage', '--plan goes with --partial (the second pass over a partition)');
  if (flags.data === undefined)
    throw new DoppelError('usage', 'doppel fit --partial needs the DATA file of this partition');
  if (flags.privacy !== null)
    throw new DoppelError(
      'usage',
      '--epsilon with --partial: partials never carry noise; give --epsilon to the merge of the first-pass partials (doppel fit --merge FIRST*.json --epsilon E)',
    );
  if (flags.seed !== undefined)
    throw new DoppelError(
      'usage',
      '--seed with --partial: a pass over a partition has no randomness to seed (a private plan carries its own)',
    );
  const planText = flags.plan === undefined ? null : await readText(flags.plan, 'plan');
  const planSource = `plan ${flags.plan}`;
  const encoding = maybeTextEncoding(flags.encoding);
  if (planText !== null && formatOf(planText) === PRIVATE_PLAN_FORMAT) {
    const table = await readTable(flags.data, { encoding });
    const privatePlan = parsePrivatePlan(planText, planSource, schema);
    await privatePass(output, schema, table, privatePlan, options.source, {
      out: flags.out,
      schemaPath: flags.schemaPath,
    });
    return;
  }
  const plan = planText === null ? null : parsePartial(planText, planSource, schema);
  // Parquet is decoded batch by batch: the partition's table is never built whole.
  const data = await openTableBatches(flags.data, { encoding });
  const partial = await partialOfTable(data.pass(), schema, plan, options);
  await writeFileAtomic(flags.out, serializePartial(partial, schema));
  const pass = plan === null ? 'first pass (marginals)' : 'second pass (copula sums)';
  output.out(
    `partial statistics written to ${flags.out}: ${pass} over ${partial.marginals.whole.rows} of ${partial.marginals.rowsRead} rows. ${KEEP}`,
  );
  output.out(
    plan === null
      ? `next: doppel fit --merge FIRST*.json --schema ${flags.schemaPath} -o PLAN.json, with the first-pass partials of every partition`
      : `next: doppel fit --merge SECOND*.json --schema ${flags.schemaPath} -o MODEL.json, with the second-pass partials of every partition`,
  );
}
