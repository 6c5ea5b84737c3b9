import { DoppelError } from '../errors.js';
import { maybeTextEncoding } from '../io/decode-text.js';
import { readInputFile } from '../io/read-input-file.js';
import { openTableBatches } from '../io/table-batches.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { resolveFitOptions } from '../model/fit.js';
import { DEFAULT_LOCALE } from '../model/fit-generated.js';
import { type Partial, parsePartial, serializePartial } from '../model/partial/partial-file.js';
import { mergePartials, partialOfTable } from '../model/partial/partial-fit.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
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
  readonly privacyGiven: boolean;
  readonly seedGiven: boolean;
}

const KEEP =
  'It holds exact counts and values of real customers: keep it with the data owner, never share it.';

async function readPartial(path: string, what: string, schema: DatasetSchema): Promise<Partial> {
  const bytes = await readInputFile(path, what);
  return parsePartial(bytes.toString('utf8'), `${what} ${path}`, schema);
}

/** `doppel fit --partial [--plan]` and `doppel fit --merge`: checks the flags, runs, writes, says what to do next. */
export async function fitPartialCommand(
  output: Output,
  schema: DatasetSchema,
  flags: PartialFlags,
): Promise<void> {
  if (flags.privacyGiven)
    throw new DoppelError(
      'usage',
      '--epsilon/--delta with --partial or --merge: a differentially private merge is not built yet; fit the whole table with --epsilon instead',
    );
  if (flags.seedGiven)
    throw new DoppelError(
      'usage',
      '--seed with --partial or --merge: a fit from partial statistics has no randomness to seed',
    );
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
    const partials = [];
    for (const path of flags.merge)
      partials.push({ partial: await readPartial(path, 'partial', schema), source: `partial ${path}` });
    const merged = mergePartials(partials, schema, {
      ...options,
      minCountGiven: flags.minCount !== undefined,
    });
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
  const plan = flags.plan === undefined ? null : await readPartial(flags.plan, 'plan', schema);
  // Parquet is decoded batch by batch: the partition's table is never built whole.
  const data = await openTableBatches(flags.data, { encoding: maybeTextEncoding(flags.encoding) });
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
