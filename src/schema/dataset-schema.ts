/**
 * The dataset schema: which columns of a real table doppel may read, what kind of values each holds
 * and what role it plays. It is the data-minimisation boundary: a column the schema does not name is
 * never read into a model. The zod definition below is the single source of truth; the JSON Schema
 * in `schemas/dataset-schema.json` is generated from it (`npm run schemas`).
 */
import { z } from 'zod';
import { ruleSchema } from './rules/rule-format.js';

/** Personal fields are never modelled: they are filled with fake values of the right type. */
export const PERSONAL_TYPES = [
  'name',
  'first-name',
  'last-name',
  'email',
  'phone',
  'address',
  'street',
  'city',
  'postcode',
  'ip-address',
  'card-number',
  'iban',
  'date-of-birth',
] as const;

const base = {
  name: z.string().min(1).describe('Column name exactly as in the data file header.'),
  comment: z
    .string()
    .optional()
    .describe('Why this column has this kind and role (written by `doppel infer`).'),
  sensitive: z
    .boolean()
    .optional()
    .describe('A sensitive attribute: a privacy attacker must not be able to infer it.'),
  quasiIdentifier: z
    .boolean()
    .optional()
    .describe('Could help single someone out when combined with others (age, postcode, gender, ...).'),
  segment: z
    .boolean()
    .optional()
    .describe('Report fidelity separately for each group of this column (fairness).'),
};

/** `modelled` columns enter the copula; `identifier` columns get fresh unique keys, never real ones. */
const role = z.enum(['modelled', 'identifier']);

const numericColumn = z.object({
  ...base,
  kind: z.literal('numeric'),
  role: role.optional(),
  decimals: z
    .number()
    .int()
    .min(0)
    .max(15)
    .optional()
    .describe('Round sampled values to this many decimals (default: the precision observed in the data).'),
});

const integerColumn = z.object({
  ...base,
  kind: z.literal('integer'),
  role: role.optional(),
});

const categoricalColumn = z.object({
  ...base,
  kind: z.literal('categorical'),
  role: role.optional(),
  ordered: z.boolean().optional().describe('The categories have an order (e.g. sizes, ratings).'),
  categories: z
    .array(z.string())
    .optional()
    .describe('The category order, for ordered categories; values outside the list are an error.'),
});

const booleanColumn = z.object({
  ...base,
  kind: z.literal('boolean'),
  role: z.literal('modelled').optional(),
});

const datetimeColumn = z.object({
  ...base,
  kind: z.literal('datetime'),
  role: role.optional(),
  unit: z
    .enum(['date', 'timestamp'])
    .optional()
    .describe(
      '`date` for calendar days (Arrow Date), `timestamp` (default) for instants (Arrow Timestamp ms).',
    ),
});

const identifierColumn = z.object({
  ...base,
  kind: z.literal('identifier'),
  role: z.literal('identifier').optional(),
  generator: z
    .enum(['sequence', 'uuid'])
    .optional()
    .describe('How fresh keys are made: `sequence` (1, 2, 3, ...; default) or `uuid`.'),
});

const personalColumn = z.object({
  ...base,
  kind: z.literal('personal'),
  role: z.literal('identifier').optional(),
  personal: z
    .enum(PERSONAL_TYPES)
    .describe('What kind of personal value the column holds; faked, never modelled.'),
  unique: z.boolean().optional().describe('Every synthetic value must be distinct (like an email login).'),
});

const textColumn = z
  .object({
    ...base,
    kind: z.literal('text'),
    role: z.literal('identifier').optional(),
  })
  .describe(
    'Free text (notes, comments): never modelled and never read into a model, since it can name people; synthetic rows get placeholder sentences.',
  );

export const columnSchema = z.discriminatedUnion('kind', [
  numericColumn,
  integerColumn,
  categoricalColumn,
  booleanColumn,
  datetimeColumn,
  identifierColumn,
  personalColumn,
  textColumn,
]);

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const datasetSchemaSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('A short name for the dataset.'),
    description: z.string().optional(),
    columns: z.array(columnSchema).min(1).describe('The columns doppel may read, in output order.'),
    consent: z
      .object({
        column: z.string().min(1).describe('The column holding each customer’s consent.'),
        values: z.array(scalar).min(1).describe('Values that mean "consented"; every other row is dropped.'),
      })
      .optional()
      .describe('Only customers who opted in are used. The consent column itself is never modelled.'),
    privacy: z
      .object({
        minCount: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe(
            'k: a category or exact value held by fewer than k customers is never stored (default 5).',
          ),
        rareCategories: z
          .enum(['merge', 'drop'])
          .optional()
          .describe('Rare categories are merged into one "other" bucket (default) or dropped.'),
      })
      .optional(),
    model: z
      .object({
        stratifyBy: z
          .string()
          .min(1)
          .nullable()
          .optional()
          .describe(
            'A categorical or boolean column to fit one copula per group of (a mixture); null: never. Default: chosen from the data when one column decides how the others behave. A differentially private fit is always one copula.',
          ),
      })
      .strict()
      .optional(),
    rules: z
      .array(ruleSchema)
      .optional()
      .describe(
        'Business rules the data keeps (proposed by `doppel infer`, reviewed by you): `fit` models what remains and `sample` rebuilds the derived columns, so enforced rules hold on every synthetic row; `validate` reports adherence.',
      ),
    target: z.string().optional().describe('A column to predict, for the utility check.'),
    locale: z.string().optional().describe('faker locale for personal fields (default `en`).'),
  })
  .strict();

export type DatasetSchema = z.infer<typeof datasetSchemaSchema>;
export type ColumnSpec = z.infer<typeof columnSchema>;
export type ColumnKind = ColumnSpec['kind'];
export type PersonalType = (typeof PERSONAL_TYPES)[number];

/** The role a column plays, with the kind's default filled in. */
export function roleOf(column: ColumnSpec): 'modelled' | 'identifier' {
  if (column.kind === 'identifier' || column.kind === 'personal' || column.kind === 'text')
    return 'identifier';
  return column.role ?? 'modelled';
}

/** Columns that enter the copula model. */
export function modelledColumns(schema: DatasetSchema): ColumnSpec[] {
  return schema.columns.filter((column) => roleOf(column) === 'modelled');
}
