/**
 * The model file: the contract between `fit` and `sample`. Plain, versioned JSON that holds
 * statistics only (cumulative distributions, category frequencies, a correlation matrix), never a
 * real row or identifier value. A model can be fitted on one machine and sampled on a thousand, so
 * it is checked on load. The zod definition is the source of truth for both the TypeScript types and
 * `schemas/model.schema.json`.
 */
import { z } from 'zod';
import { PERSONAL_TYPES } from '../schema/dataset-schema.js';

export const MODEL_FORMAT = 'doppel-model';
export const MODEL_FORMAT_VERSION = 1;

const probability = z.number().min(0).max(1);

/**
 * A cumulative distribution as monotone knots (value_i, F_i): F is linear between knots with distinct
 * values and jumps where two knots share a value (a point mass, e.g. many zeros or an integer count).
 * The inverse F⁻¹(u) interpolates the same knots, so one representation serves continuous, discrete
 * and mixed columns.
 *
 * Exactly: for u in [0, 1), take the segment i with cumulative[i] ≤ u < cumulative[i + 1] and return
 * values[i] + (u − cumulative[i]) / (cumulative[i + 1] − cumulative[i]) · (values[i + 1] − values[i]).
 * Segments whose two knots share a cumulative value (a flat stretch of F, e.g. between two adjacent
 * integer atoms) are never chosen, so the division is never by zero; a segment whose two knots share
 * a value (a jump) returns that value. Integer columns round the result; date columns round to days.
 * As fitted (src/model/private-cdf.ts), every knot is a value held by at least k rows, the k-th
 * smallest or k-th largest value, or the mean of k consecutive order statistics.
 */
export const piecewiseCdfSchema = z.object({
  values: z.array(z.number()).min(1).describe('Knot values, non-decreasing.'),
  cumulative: z
    .array(probability)
    .min(1)
    .describe('F at each knot, non-decreasing from 0 to 1; same length as values.'),
});

const columnBase = {
  name: z.string().min(1),
  missingRate: probability.describe('Share of rows where the value is missing.'),
};

export const numericColumnModelSchema = z.object({
  kind: z.literal('numeric'),
  ...columnBase,
  cdf: piecewiseCdfSchema,
  decimals: z
    .number()
    .int()
    .min(0)
    .max(15)
    .nullable()
    .describe('Sampled values are rounded to this precision.'),
});

export const integerColumnModelSchema = z.object({
  kind: z.literal('integer'),
  ...columnBase,
  cdf: piecewiseCdfSchema,
});

export const categoricalColumnModelSchema = z.object({
  kind: z.literal('categorical'),
  ...columnBase,
  categories: z.array(z.string()).min(1).describe('Categories in copula order (their intervals on [0, 1]).'),
  probabilities: z.array(probability).min(1).describe('Frequency of each category, summing to 1.'),
  ordered: z.boolean(),
  suppressed: z
    .object({
      categories: z.number().int().min(0).describe('How many rare categories were not stored.'),
      rows: z.number().int().min(0).describe('How many rows held them.'),
      action: z.enum(['merge', 'drop']),
      otherLabel: z.string().nullable().describe('The category they were merged into, if merged.'),
      personal: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe(
          'Of `categories`, how many were not stored because they name a person, an e-mail or a phone number, however many rows held them.',
        ),
    })
    .describe('Categories seen in fewer than k rows are never stored.'),
});

export const booleanColumnModelSchema = z.object({
  kind: z.literal('boolean'),
  ...columnBase,
  trueProbability: probability,
});

export const datetimeColumnModelSchema = z.object({
  kind: z.literal('datetime'),
  ...columnBase,
  unit: z.enum(['date', 'timestamp']),
  cdf: piecewiseCdfSchema.describe('Distribution of epoch milliseconds.'),
});

export const identifierColumnModelSchema = z.object({
  kind: z.literal('identifier'),
  name: z.string().min(1),
  generator: z.enum(['sequence', 'uuid']),
});

/** What a faked column holds: a personal type, or free text (placeholder sentences). */
export const FAKED_TYPES = [...PERSONAL_TYPES, 'free-text'] as const;
export type FakedType = (typeof FAKED_TYPES)[number];

export const personalColumnModelSchema = z.object({
  kind: z.literal('personal'),
  name: z.string().min(1),
  personal: z.enum(FAKED_TYPES).describe('The personal type faked, or `free-text` for a free-text column.'),
  unique: z.boolean(),
  locale: z.string(),
});

export const columnModelSchema = z.discriminatedUnion('kind', [
  numericColumnModelSchema,
  integerColumnModelSchema,
  categoricalColumnModelSchema,
  booleanColumnModelSchema,
  datetimeColumnModelSchema,
  identifierColumnModelSchema,
  personalColumnModelSchema,
]);

export const copulaDimensionSchema = z.object({
  column: z.string().min(1),
  part: z.enum(['value', 'missing']).describe('The column’s value, or its missing indicator.'),
});

/**
 * One statistic released by a differentially private fit: which mechanism measured it, its
 * sensitivity under the neighbouring relation, the share of the budget it used and the scale of
 * its noise (src/model/dp/). The entries compose to the model's whole guarantee.
 */
export const privacyLedgerEntrySchema = z.object({
  statistic: z.string().min(1).describe('What was measured, e.g. "value histogram".'),
  column: z.string().nullable().describe('The column measured, or null for a table-wide statistic.'),
  mechanism: z.enum(['gaussian', 'laplace']),
  sensitivity: z
    .number()
    .positive()
    .describe('L2 (gaussian) or L1 (laplace) sensitivity of those numbers to adding or removing one row.'),
  epsilon: z.number().min(0).nullable().describe('ε spent (pure accounting), else null.'),
  rho: z.number().min(0).nullable().describe('ρ spent (zCDP accounting), else null.'),
  scale: z.number().positive().describe('Noise scale: σ of the Gaussian or b of the Laplace noise.'),
  thresholdDelta: z
    .number()
    .min(0)
    .describe('δ spent by a stability threshold that releases only values seen often (0 if none).'),
});

/** The privacy section of a differentially private fit: parameters, ledger, and what it composes to. */
export const differentialPrivacySchema = z.object({
  differentialPrivacy: z.literal(true).describe('Every stored statistic was released by a DP mechanism.'),
  epsilon: z.number().positive().describe('The requested ε.'),
  delta: z.number().min(0).lt(1).describe('The requested δ (0: pure ε-DP).'),
  neighbouring: z
    .enum(['add-remove-one-row', 'add-remove-one-customer'])
    .describe(
      'Neighbouring tables differ by adding or removing one row of the real table, or (a relational fit) one customer with all their rows.',
    ),
  accounting: z
    .enum(['pure', 'zcdp'])
    .describe('pure: the ε of the entries add up; zcdp: their ρ add up, converted to (ε, δ).'),
  rho: z.number().positive().nullable().describe('zCDP budget ρ of the mechanisms (zcdp), else null.'),
  conversionDelta: z.number().min(0).describe('The part of δ used by the zCDP to (ε, δ) conversion.'),
  ledger: z.array(privacyLedgerEntrySchema).describe('Every release, in the order made.'),
  spent: z
    .object({
      epsilon: z.number().min(0),
      delta: z.number().min(0),
      rho: z.number().min(0).nullable(),
    })
    .describe('The budget the ledger composes to; never more than the requested ε and δ.'),
});

export const privacySchema = z.union([
  z.object({
    differentialPrivacy: z.literal(false).describe('This model was not fitted with differential privacy.'),
  }),
  differentialPrivacySchema,
]);

const copulaSchema = z.object({
  dimensions: z.array(copulaDimensionSchema),
  correlation: z
    .array(z.array(z.number().min(-1).max(1)))
    .describe('Positive definite correlation matrix of the normal scores, unit diagonal.'),
  categoryMeans: z
    .array(
      z.object({
        dimension: z.number().int().min(0).describe('The value dimension of a nominal or yes/no column.'),
        means: z
          .array(z.array(z.number().nullable()).nullable())
          .describe(
            'Per category (copula order; false, true for yes/no), the mean normal score of every dimension over its rows; null for a category of too few rows (or a dimension with too few values there).',
          ),
        deviations: z
          .array(z.array(z.number().min(0).nullable()).nullable())
          .describe('The standard deviations beside `means`, likewise.'),
        shares: z
          .array(z.array(z.array(probability).nullable()).nullable())
          .describe(
            'Per category, per discrete dimension (categorical or yes/no value, missing indicator), the shares of its outcomes in copula order (false or present first); null for a continuous dimension or where an outcome is held by fewer than k of the category’s rows.',
          ),
      }),
    )
    .optional()
    .describe(
      'Per categorical or yes/no column, what a condition on one of its categories needs beyond the correlation (src/model/category-means.ts): conditioned sampling gives the other dimensions that category’s own outcome shares (discrete ones) or mean and spread (continuous ones). Absent in a differentially private or merged model.',
    ),
});

/** One group of a mixture: its share of rows, its modelled columns' marginals and its copula. */
export const mixtureComponentSchema = z.object({
  category: z
    .string()
    .nullable()
    .describe(
      'The group: a category of the mixture column ("true"/"false" for a boolean); null for a latent group.',
    ),
  weight: probability.describe('Share of rows in the group; the weights sum to 1.'),
  columns: z
    .array(columnModelSchema)
    .min(1)
    .describe(
      'The modelled columns (no identifier or personal ones), in the order of the top-level columns.',
    ),
  copula: copulaSchema,
});

/**
 * A column rebuilt from others when sampling (a schema rule with `enforce`, src/model/rules/): the
 * model's column of that name then describes the remainder, not the column itself: the ratio
 * c / (a × b) (product) or the residual c − (Σ coefficient × term + intercept) (linear); an order's
 * upper column is modelled as itself. The sampler draws the remainder, then writes
 * c = a × b × ratio or Σ coefficient × term + intercept + residual, rounded to `decimals`, and
 * raises an order's upper value to its lower one where it falls below; c is missing where a
 * source is.
 */
export const derivedColumnSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('product'),
    column: z.string().min(1),
    factors: z.array(z.string().min(1)).length(2),
    decimals: z.number().int().min(0).max(15).nullable(),
  }),
  z.object({
    kind: z.literal('linear'),
    column: z.string().min(1),
    terms: z.array(z.object({ column: z.string().min(1), coefficient: z.number() })).min(1),
    intercept: z.number(),
    decimals: z.number().int().min(0).max(15).nullable(),
  }),
  z.object({
    kind: z.literal('order'),
    column: z.string().min(1).describe('The upper column, raised to lower where it falls below.'),
    lower: z.string().min(1),
    decimals: z.number().int().min(0).max(15).nullable(),
  }),
  z.object({
    kind: z.literal('combination'),
    column: z.string().min(1).describe('A categorical or yes/no column set to `value` …'),
    value: z.string(),
    when: z
      .object({ column: z.string().min(1), value: z.string() })
      .describe('… on the rows where this column holds this value (modelled on the other rows only).'),
  }),
  z.object({
    kind: z.literal('zero-when'),
    column: z.string().min(1).describe('A number column set to 0 …'),
    when: z
      .object({ column: z.string().min(1), value: z.string() })
      .describe('… on the rows where this column holds this value (modelled on the other rows only).'),
    step: z
      .number()
      .refine((x) => x !== 0)
      .describe('Where a drawn value rounds to 0 on another row, it becomes this (one unit off 0).'),
  }),
]);

export const modelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.literal(MODEL_FORMAT_VERSION),
    kind: z
      .literal('table')
      .optional()
      .describe('A single table’s model (the default); a relational model says "relational".'),
    generator: z.object({ name: z.literal('doppel'), version: z.string() }),
    dataset: z.object({ name: z.string(), description: z.string().optional() }),
    fit: z.object({
      rowsRead: z.number().int().min(0),
      rowsUsed: z.number().int().min(0),
      rowsDroppedByConsent: z.number().int().min(0),
      consentColumn: z.string().nullable(),
      minCount: z
        .number()
        .int()
        .min(1)
        .describe('k: no category or value held by fewer than k rows is stored.'),
    }),
    privacy: privacySchema,
    columns: z.array(columnModelSchema).min(1).describe('Output columns in order.'),
    // The copula's dimensions, in this order: for each modelled column (identifier and personal
    // columns have none) in `columns` order, its 'value' dimension, then its 'missing' dimension if
    // the column's missingRate > 0. The sampler draws z ~ N(0, correlation), u = Φ(z), and inverts:
    // numeric/integer/datetime value = F⁻¹(u) by the knots above; categorical: the category whose
    // interval [sum of earlier probabilities, + its own) holds u, in listed order; boolean: false on
    // [0, 1 − trueProbability), true on [1 − trueProbability, 1); missing: missing when
    // u ≥ 1 − missingRate (then the value dimension is ignored).
    copula: copulaSchema,
    mixture: z
      .object({
        column: z
          .string()
          .min(1)
          .nullable()
          .describe(
            'The categorical or boolean column whose groups have their own copula; null: latent groups, clusters of the normal scores that no column names.',
          ),
        components: z.array(mixtureComponentSchema).min(2),
      })
      .optional()
      .describe(
        'A mixture of Gaussian copulas: each row first draws its group (of `column`, or a latent one) by weight, then its modelled values from that group’s marginals and copula. `columns` and `copula` above then describe the whole table (output types, dictionaries) and are not sampled from. Never in a differentially private model: one copula spends the whole budget.',
      ),
    derived: z
      .array(derivedColumnSchema)
      .optional()
      .describe('Columns rebuilt from others by a business rule, in the order they are rebuilt.'),
  })
  .strict();

export type Model = z.infer<typeof modelSchema>;
export type DerivedColumn = z.infer<typeof derivedColumnSchema>;
export type ModelPrivacy = z.infer<typeof privacySchema>;
export type PrivacyLedgerEntry = z.infer<typeof privacyLedgerEntrySchema>;
export type PiecewiseCdf = z.infer<typeof piecewiseCdfSchema>;
export type ColumnModel = z.infer<typeof columnModelSchema>;
export type NumericColumnModel = z.infer<typeof numericColumnModelSchema>;
export type IntegerColumnModel = z.infer<typeof integerColumnModelSchema>;
export type CategoricalColumnModel = z.infer<typeof categoricalColumnModelSchema>;
export type BooleanColumnModel = z.infer<typeof booleanColumnModelSchema>;
export type DatetimeColumnModel = z.infer<typeof datetimeColumnModelSchema>;
export type IdentifierColumnModel = z.infer<typeof identifierColumnModelSchema>;
export type PersonalColumnModel = z.infer<typeof personalColumnModelSchema>;
export type CopulaDimension = z.infer<typeof copulaDimensionSchema>;
export type MixtureComponent = z.infer<typeof mixtureComponentSchema>;

/** Columns that have a dimension in the copula (everything but identifiers and personal fields). */
export type ModelledColumnModel = Exclude<ColumnModel, IdentifierColumnModel | PersonalColumnModel>;

export function isModelled(column: ColumnModel): column is ModelledColumnModel {
  return column.kind !== 'identifier' && column.kind !== 'personal';
}
