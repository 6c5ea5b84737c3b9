/**
 * The files of a differentially private fit from partials (private-merge.ts): the private plan a
 * merge writes between passes, and the partials of the later passes. A plan holds released values
 * and the exact number of rows read; a partial holds exact sums over one partition's rows. Neither
 * leaves the data owner: only the model does. Versioned and tied to one dataset schema by its hash,
 * like the first-pass partials (partial-file.ts).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { VERSION } from '../../version.js';
import {
  columnModelSchema,
  MODEL_FORMAT_VERSION,
  type ModelledColumnModel,
  privacyLedgerEntrySchema,
} from '../model-format.js';
import { schemaHash } from './partial-file.js';
import type { PrivatePartial, PrivatePlan } from './private-merge.js';

export const PRIVATE_PLAN_FORMAT = 'doppel-private-plan';
export const PRIVATE_PARTIAL_FORMAT = 'doppel-private-partial-statistics';
export const PRIVATE_FILES_VERSION = 1;
const PLAN_NOTICE =
  'Plan of a differentially private fit from partials: released marginals, the privacy ledger so far and the exact number of rows read. Keep it with the data owner with the partials; only the model that the last `doppel fit --merge` makes is meant to leave.';
const PARTIAL_NOTICE =
  'Partial statistics of real data: exact sums over the rows of this partition, without noise. Keep this file with the data owner and never share it; only the model that `doppel fit --merge` makes from the partials is meant to leave.';

const planJson = z.object({
  next: z.enum(['category-order', 'score-moments']),
  privacy: z.object({ epsilon: z.number().positive(), delta: z.number().min(0).lt(1) }),
  minCount: z.number().int().min(1),
  rareCategories: z.enum(['merge', 'drop']),
  scoreSeed: z.number().int(),
  models: z.array(columnModelSchema),
  rowsUsed: z.number().int().min(0),
  rowsDroppedByConsent: z.number().int().min(0),
  ledger: z.array(privacyLedgerEntrySchema),
  rowsRead: z.number().int().min(0),
});

const head = {
  formatVersion: z.number().int(),
  modelFormatVersion: z.number().int(),
  generator: z.object({ name: z.string(), version: z.string() }),
  notice: z.string(),
  schemaHash: z.string(),
};
const planFile = z.object({ format: z.literal(PRIVATE_PLAN_FORMAT), ...head, plan: planJson });
const partialFile = z.object({
  format: z.literal(PRIVATE_PARTIAL_FORMAT),
  ...head,
  planHash: z.string(),
  plan: planJson,
  parts: z.number().int().min(1),
  rowsRead: z.number().int().min(0),
  sums: z.array(z.number()),
});

function headOf(schema: DatasetSchema, notice: string) {
  return {
    formatVersion: PRIVATE_FILES_VERSION,
    modelFormatVersion: MODEL_FORMAT_VERSION,
    generator: { name: 'doppel', version: VERSION },
    notice,
    schemaHash: schemaHash(schema),
  };
}

/** The hash that ties a pass's partials to the plan they followed. */
export function privatePlanHash(plan: PrivatePlan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

export function serializePrivatePlan(plan: PrivatePlan, schema: DatasetSchema): string {
  return `${JSON.stringify({ format: PRIVATE_PLAN_FORMAT, ...headOf(schema, PLAN_NOTICE), plan })}\n`;
}

export function serializePrivatePartial(partial: PrivatePartial, schema: DatasetSchema): string {
  return `${JSON.stringify({
    format: PRIVATE_PARTIAL_FORMAT,
    ...headOf(schema, PARTIAL_NOTICE),
    planHash: privatePlanHash(partial.plan),
    plan: partial.plan,
    parts: partial.parts,
    rowsRead: partial.rowsRead,
    sums: Array.from(partial.sums),
  })}\n`;
}

/** The `format` of a JSON file's text, or null (not JSON, or no format). */
export function formatOf(text: string): unknown {
  try {
    const json = JSON.parse(text) as { format?: unknown } | null;
    return json !== null && typeof json === 'object' ? json.format : null;
  } catch {
    return null;
  }
}

function refuse(source: string, problem: string): DoppelError {
  return new DoppelError('invalid-partial', `${source} ${problem}`, [{ path: [], message: problem }]);
}

function checked<T extends z.ZodTypeAny>(fileSchema: T, text: string, source: string, schema: DatasetSchema) {
  const json = JSON.parse(text) as {
    formatVersion?: unknown;
    modelFormatVersion?: unknown;
    schemaHash?: unknown;
  };
  if (json.formatVersion !== PRIVATE_FILES_VERSION || json.modelFormatVersion !== MODEL_FORMAT_VERSION)
    throw refuse(
      source,
      `was written for private-fit file format ${String(json.formatVersion)} / model format ${String(json.modelFormatVersion)}, this doppel reads ${PRIVATE_FILES_VERSION} / ${MODEL_FORMAT_VERSION}: write it again with this version`,
    );
  if (json.schemaHash !== schemaHash(schema))
    throw refuse(
      source,
      'was written with another dataset schema: use only files made with the same --schema file, and give that file',
    );
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw refuse(source, `is damaged (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  return parsed.data as z.infer<T>;
}

function planOf(json: z.infer<typeof planJson>): PrivatePlan {
  return { ...json, models: json.models as ModelledColumnModel[] };
}

/**
 * Reads a private plan (the text of a file whose format is {@link PRIVATE_PLAN_FORMAT}).
 * @throws DoppelError `invalid-partial` for another version or schema, or a damaged file.
 */
export function parsePrivatePlan(text: string, source: string, schema: DatasetSchema): PrivatePlan {
  return planOf(checked(planFile, text, source, schema).plan);
}

/**
 * Reads a private partial, and the hash of the plan it followed.
 * @throws DoppelError `invalid-partial` for another version or schema, or a damaged file (a plan
 *   that does not match its hash).
 */
export function parsePrivatePartial(
  text: string,
  source: string,
  schema: DatasetSchema,
): { partial: PrivatePartial; planHash: string } {
  const file = checked(partialFile, text, source, schema);
  const plan = planOf(file.plan);
  if (privatePlanHash(plan) !== file.planHash)
    throw refuse(source, 'is damaged (its plan does not match its hash)');
  return {
    partial: { plan, parts: file.parts, rowsRead: file.rowsRead, sums: Float64Array.from(file.sums) },
    planHash: file.planHash,
  };
}
