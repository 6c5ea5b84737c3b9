/**
 * The partial-statistics file: what `doppel fit --partial` writes for one partition of the data and
 * `doppel fit --merge` reads. Unlike a model it holds exact counts and every distinct value of the
 * partition, so it never leaves the data owner (the file and the CLI say so). Versioned, tied to one
 * dataset schema by its hash, and checked on load.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { VERSION } from '../../version.js';
import { MODEL_FORMAT_VERSION } from '../model-format.js';
import type { TableCopulaSums } from './partial-copula.js';
import type { ColumnMarginal, ScopeMarginals, TableMarginals } from './partial-marginals.js';

export const PARTIAL_FORMAT = 'doppel-partial-statistics';
export const PARTIAL_FORMAT_VERSION = 1;
export const PARTIAL_NOTICE =
  'Partial statistics of real data: exact counts and every distinct value of this partition, including values held by a single customer. Keep this file with the data owner and never share it; only the model that `doppel fit --merge` makes from the partials is meant to leave.';

const scopeJson = z.object({
  rows: z.number().int().min(0),
  columns: z.array(
    z.union([
      z.object({
        type: z.literal('number'),
        name: z.string(),
        missing: z.number().int().min(0),
        compacted: z.boolean(),
        min: z.array(z.number()),
        max: z.array(z.number()).optional(),
        count: z.array(z.number().int().min(1)),
      }),
      z.object({
        type: z.literal('label'),
        name: z.string(),
        missing: z.number().int().min(0),
        counts: z.array(z.tuple([z.string(), z.number().int().min(1)])),
      }),
    ]),
  ),
});
type ScopeJson = z.infer<typeof scopeJson>;

const marginalsJson = z.object({
  rowsRead: z.number().int().min(0),
  rowsDroppedByConsent: z.number().int().min(0),
  whole: scopeJson,
  groups: z.object({ column: z.string(), byLabel: z.array(z.tuple([z.string(), scopeJson])) }).nullable(),
});
type MarginalsJson = z.infer<typeof marginalsJson>;

const partialFileSchema = z.object({
  format: z.literal(PARTIAL_FORMAT),
  formatVersion: z.number().int(),
  modelFormatVersion: z.number().int(),
  generator: z.object({ name: z.string(), version: z.string() }),
  notice: z.string(),
  stage: z.enum(['marginals', 'copula']),
  schemaHash: z.string(),
  parts: z.number().int().min(1),
  marginals: marginalsJson,
  copula: z
    .object({
      planHash: z.string(),
      minCount: z.number().int().min(1),
      whole: z.array(z.number()),
      groups: z.array(z.tuple([z.string(), z.array(z.number())])).nullable(),
    })
    .nullable(),
});

/** A partial in memory: first-pass statistics, and second-pass sums with the plan they followed. */
export interface Partial {
  readonly stage: 'marginals' | 'copula';
  readonly parts: number;
  readonly marginals: TableMarginals;
  readonly copula: {
    readonly planHash: string;
    readonly minCount: number;
    readonly sums: TableCopulaSums;
  } | null;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function scopeToJson(scope: ScopeMarginals): ScopeJson {
  return {
    rows: scope.rows,
    columns: scope.columns.map((c: ColumnMarginal) =>
      c.type === 'number'
        ? {
            type: 'number' as const,
            name: c.name,
            missing: c.missing,
            compacted: c.cells.compacted,
            min: Array.from(c.cells.min),
            ...(c.cells.compacted ? { max: Array.from(c.cells.max) } : {}),
            count: Array.from(c.cells.count),
          }
        : {
            type: 'label' as const,
            name: c.name,
            missing: c.missing,
            counts: [...c.counts].sort(([a], [b]) => byCodePoint(a, b)),
          },
    ),
  };
}

function scopeFromJson(json: ScopeJson): ScopeMarginals {
  return {
    rows: json.rows,
    columns: json.columns.map((c): ColumnMarginal => {
      if (c.type === 'label')
        return { type: 'label', name: c.name, missing: c.missing, counts: new Map(c.counts) };
      const min = Float64Array.from(c.min);
      return {
        type: 'number',
        name: c.name,
        missing: c.missing,
        cells: {
          compacted: c.compacted,
          min,
          max: c.max ? Float64Array.from(c.max) : min,
          count: Float64Array.from(c.count),
        },
      };
    }),
  };
}

function marginalsToJson(m: TableMarginals): MarginalsJson {
  return {
    rowsRead: m.rowsRead,
    rowsDroppedByConsent: m.rowsDroppedByConsent,
    whole: scopeToJson(m.whole),
    groups:
      m.groups === null
        ? null
        : {
            column: m.groups.column,
            byLabel: [...m.groups.byLabel]
              .sort(([a], [b]) => byCodePoint(a, b))
              .map(([label, scope]) => [label, scopeToJson(scope)] as [string, ScopeJson]),
          },
  };
}

/** A canonical hash of first-pass statistics: equal for the same rows however they were split. */
export function marginalsHash(m: TableMarginals): string {
  return createHash('sha256')
    .update(JSON.stringify(marginalsToJson(m)))
    .digest('hex');
}

/** The hash that ties a partial to its dataset schema. */
export function schemaHash(schema: DatasetSchema): string {
  return createHash('sha256').update(canonicalJson(schema)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort(byCodePoint)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The file's text. */
export function serializePartial(partial: Partial, schema: DatasetSchema): string {
  const copula = partial.copula;
  const file = {
    format: PARTIAL_FORMAT,
    formatVersion: PARTIAL_FORMAT_VERSION,
    modelFormatVersion: MODEL_FORMAT_VERSION,
    generator: { name: 'doppel', version: VERSION },
    notice: PARTIAL_NOTICE,
    stage: partial.stage,
    schemaHash: schemaHash(schema),
    parts: partial.parts,
    marginals: marginalsToJson(partial.marginals),
    copula:
      copula === null
        ? null
        : {
            planHash: copula.planHash,
            minCount: copula.minCount,
            whole: Array.from(copula.sums.whole),
            groups:
              copula.sums.groups === null
                ? null
                : [...copula.sums.groups]
                    .sort(([a], [b]) => byCodePoint(a, b))
                    .map(([label, sums]) => [label, Array.from(sums)] as [string, number[]]),
          },
  };
  return `${JSON.stringify(file)}\n`;
}

function refuse(source: string, problem: string): DoppelError {
  return new DoppelError('invalid-partial', `${source} ${problem}`, [{ path: [], message: problem }]);
}

/**
 * Reads a partial's text, checking that it is one, of this doppel's formats, for this schema.
 * @throws DoppelError `invalid-partial` otherwise (the message says which and what to do).
 */
export function parsePartial(text: string, source: string, schema: DatasetSchema): Partial {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refuse(source, 'is not JSON: give files written by `doppel fit --partial`');
  }
  const head = json as {
    format?: unknown;
    formatVersion?: unknown;
    modelFormatVersion?: unknown;
    schemaHash?: unknown;
  };
  if (head === null || typeof head !== 'object' || head.format !== PARTIAL_FORMAT)
    throw refuse(source, 'is not a partial-statistics file: give files written by `doppel fit --partial`');
  if (head.formatVersion !== PARTIAL_FORMAT_VERSION || head.modelFormatVersion !== MODEL_FORMAT_VERSION)
    throw refuse(
      source,
      `was written for partial format ${String(head.formatVersion)} / model format ${String(head.modelFormatVersion)}, this doppel reads ${PARTIAL_FORMAT_VERSION} / ${MODEL_FORMAT_VERSION}: write the partials again with this version`,
    );
  if (head.schemaHash !== schemaHash(schema))
    throw refuse(
      source,
      'was written with another dataset schema: merge only partials made with the same --schema file, and give that file',
    );
  const parsed = partialFileSchema.safeParse(json);
  if (!parsed.success) throw refuse(source, `is damaged (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  const file = parsed.data;
  const m = file.marginals;
  const marginals: TableMarginals = {
    rowsRead: m.rowsRead,
    rowsDroppedByConsent: m.rowsDroppedByConsent,
    whole: scopeFromJson(m.whole),
    groups:
      m.groups === null
        ? null
        : {
            column: m.groups.column,
            byLabel: new Map(m.groups.byLabel.map(([l, s]) => [l, scopeFromJson(s)])),
          },
  };
  if ((file.stage === 'copula') !== (file.copula !== null))
    throw refuse(source, 'is damaged (stage and sums disagree)');
  const copula =
    file.copula === null
      ? null
      : {
          planHash: file.copula.planHash,
          minCount: file.copula.minCount,
          sums: {
            whole: Float64Array.from(file.copula.whole),
            groups:
              file.copula.groups === null
                ? null
                : new Map(file.copula.groups.map(([l, s]) => [l, Float64Array.from(s)])),
          },
        };
  return { stage: file.stage, parts: file.parts, marginals, copula };
}
