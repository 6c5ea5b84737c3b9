/**
 * Fits that need not hold the whole table and that span machines. Two passes over record batches:
 * the first collects mergeable marginal statistics (partial-marginals.ts), the merged first pass is
 * the plan of the second, which collects sums of normal scores per pair of copula dimensions
 * (partial-copula.ts); the merged second pass makes the model (model-from-partials.ts).
 *
 *   doppel fit PART_i --partial -o first_i.json              (map, pass 1, per partition)
 *   doppel fit --merge first_*.json -o plan.json              (reduce: the plan)
 *   doppel fit PART_i --partial --plan plan.json -o second_i.json   (map, pass 2)
 *   doppel fit --merge second_*.json -o model.json            (reduce: the model)
 *
 * The working set is one batch of rows plus the statistics (per numeric column at most
 * MAX_CELLS cells, per pair of dimensions a few sums per category), whatever the row count.
 */
import { type RecordBatch, Table } from 'apache-arrow';
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { isDeriving } from '../../schema/rules/rule-format.js';
import type { Model } from '../model-format.js';
import { refuseTooManyModelledColumns } from '../width-limit.js';
import { BatchCoder, type CodedBatch, concatCodedBatches } from './coded-batch.js';
import { modelFromPartials } from './model-from-partials.js';
import {
  addCopulaBatch,
  CopulaPassArrays,
  emptyCopulaSums,
  mergeCopulaSums,
  type TableCopulaSums,
  type TablePlan,
} from './partial-copula.js';
import { marginalsHash, type Partial } from './partial-file.js';
import { addBatch, emptyMarginals, mergeMarginals, type TableMarginals } from './partial-marginals.js';
import { type PlanOptions, scopePlan } from './score-plan.js';

/** Rows per batch handed to prepareTable: bounds the working set of a pass. */
export const BATCH_ROWS = 1 << 17;

export interface PartialFitOptions {
  readonly minCount: number;
  readonly rareCategories: 'merge' | 'drop';
  readonly locale: string;
  /** How messages call the data. */
  readonly source: string;
}

/**
 * Refuses what the two-pass fit does not do (yet): enforced business rules that derive a column.
 * @throws DoppelError `usage`.
 */
export function refuseUnsupported(schema: DatasetSchema): void {
  refuseTooManyModelledColumns(schema);
  if ((schema.rules ?? []).some((rule) => isDeriving(rule) && rule.enforce !== false))
    throw new DoppelError(
      'usage',
      'the schema enforces business rules that derive a column, which a fit from partial statistics does not support yet: fit the whole table without --partial, or set "enforce": false on those rules',
      [{ path: ['rules'], message: 'deriving rules are not supported by --partial' }],
    );
}

/**
 * The tables' rows coded (modelled columns, consent applied) in blocks of BATCH_ROWS rows at fixed
 * positions of the whole sequence (rows 0 to BATCH_ROWS - 1, then the next BATCH_ROWS, ...), wherever
 * the reader cut them into record batches. The fit adds its floating-point sums block by block, so
 * blocks that followed the reader's batches made the model's last bits depend on them (a CSV file
 * read in one thread or two, Parquet row groups of another size); these blocks make it the same
 * model byte for byte. A block that spans batches is coded batch by batch and joined: coding is
 * cell by cell, so the join equals coding the block at once.
 */
export async function* codedBlocks(
  tables: AsyncIterable<Table>,
  coder: BatchCoder,
): AsyncGenerator<CodedBatch> {
  let pending: CodedBatch[] = [];
  let rows = 0;
  for await (const table of tables)
    for (const batch of table.batches)
      for (let start = 0; start < batch.numRows; ) {
        const take = Math.min(batch.numRows - start, BATCH_ROWS - rows);
        const piece = start === 0 && take === batch.numRows ? batch : batch.slice(start, start + take);
        pending.push(coder.code(new Table(piece as RecordBatch)));
        rows += take;
        start += take;
        if (rows === BATCH_ROWS) {
          yield concatCodedBatches(pending);
          pending = [];
          rows = 0;
        }
      }
  if (pending.length > 0) yield concatCodedBatches(pending);
}

/** The plan of the second pass, from merged first-pass statistics. */
export function tablePlan(schema: DatasetSchema, marginals: TableMarginals, options: PlanOptions): TablePlan {
  const groups = marginals.groups;
  if (groups === null) return { whole: scopePlan(schema, marginals.whole, options), groups: null };
  const byLabel = new Map<string, ReturnType<typeof scopePlan>>();
  for (const [label, scope] of groups.byLabel) {
    // A group that cannot be fitted gets no sums; the merge then says why (model-from-partials.ts).
    try {
      byLabel.set(label, scopePlan(schema, scope, { ...options, rareCategories: 'drop' }));
    } catch {}
  }
  return { whole: scopePlan(schema, marginals.whole, options), groups: { column: groups.column, byLabel } };
}

/**
 * One pass over a partition of the data, given as Arrow tables in order (record batches): the first (no plan) or, given the merged first
 * pass, the second.
 * @throws DoppelError as prepareTable, and `schema-mismatch` when the second pass meets a value the
 * plan never saw.
 */
export async function partialOfTable(
  tables: AsyncIterable<Table>,
  schema: DatasetSchema,
  plan: Partial | null,
  options: PartialFitOptions,
): Promise<Partial> {
  refuseUnsupported(schema);
  let marginals = emptyMarginals(schema);
  const coder = new BatchCoder(schema, options.source);
  if (plan === null) {
    for await (const batch of codedBlocks(tables, coder)) marginals = addBatch(schema, marginals, batch);
    return { stage: 'marginals', parts: 1, marginals, copula: null };
  }
  if (plan.stage !== 'marginals')
    throw new DoppelError(
      'invalid-partial',
      '--plan must be the merge of first-pass partials (`doppel fit --merge` of files written by `doppel fit --partial` without --plan)',
    );
  const scorePlan = tablePlan(schema, plan.marginals, options);
  const sums = emptyCopulaSums(scorePlan);
  const arrays = new CopulaPassArrays();
  for await (const batch of codedBlocks(tables, coder)) {
    marginals = addBatch(schema, marginals, batch);
    addCopulaBatch(scorePlan, sums, batch, arrays);
  }
  return {
    stage: 'copula',
    parts: 1,
    marginals,
    copula: { planHash: marginalsHash(plan.marginals), minCount: options.minCount, sums },
  };
}

/**
 * Merges partials of one pass. First-pass partials merge into the plan (itself a partial); second-
 * pass partials into the model.
 * @throws DoppelError `invalid-partial` for a mix of passes, partials that followed different plans,
 * or partials that do not add up to the plan's data (a partition missing or given twice), and
 * `usage` for a k other than the one the second pass used.
 */
export function mergePartials(
  partials: readonly { partial: Partial; source: string }[],
  schema: DatasetSchema,
  options: PartialFitOptions & { readonly minCountGiven: boolean },
): { plan: Partial } | { model: Model } {
  refuseUnsupported(schema);
  const [first, ...rest] = partials;
  if (!first) throw new DoppelError('usage', 'give at least one partial to --merge');
  for (const { partial, source } of rest)
    if (partial.stage !== first.partial.stage)
      throw new DoppelError(
        'invalid-partial',
        `${source} is a ${partial.stage === 'marginals' ? 'first' : 'second'}-pass partial and ${first.source} is not: merge the partials of one pass at a time`,
      );
  let marginals = first.partial.marginals;
  let parts = first.partial.parts;
  for (const { partial } of rest) {
    marginals = mergeMarginals(marginals, partial.marginals);
    parts += partial.parts;
  }
  if (first.partial.stage === 'marginals')
    return { plan: { stage: 'marginals', parts, marginals, copula: null } };

  const copula = first.partial.copula!;
  for (const { partial, source } of rest) {
    if (partial.copula!.planHash !== copula.planHash)
      throw new DoppelError(
        'invalid-partial',
        `${source} and ${first.source} followed different plans: run the second pass of every partition with the same --plan file`,
      );
  }
  if (marginalsHash(marginals) !== copula.planHash)
    throw new DoppelError(
      'invalid-partial',
      `the ${partials.length} partial(s) do not add up to the data the plan was made from: give every partition's second-pass partial exactly once`,
    );
  if (options.minCountGiven && options.minCount !== copula.minCount)
    throw new DoppelError(
      'usage',
      `the second pass used k = ${copula.minCount}; --min-count ${options.minCount} differs: run the second pass again with it, or drop --min-count`,
    );
  const planOptions = { minCount: copula.minCount, rareCategories: options.rareCategories };
  const plan = tablePlan(schema, marginals, planOptions);
  const sums: TableCopulaSums = emptyCopulaSums(plan);
  for (const { partial } of partials) mergeCopulaSums(sums, partial.copula!.sums);
  return {
    model: modelFromPartials(schema, marginals, plan, sums, { ...planOptions, locale: options.locale }),
  };
}
