/**
 * The relational model (format version 2, `kind: "relational"`): per-table parts of a dataset of
 * related tables. A model file is either a table model (`kind: "table"`, or no kind: format version 1)
 * or this; {@link DoppelModel} is the union.
 *
 * The root table's part is a table model whose copula also holds, per child table, the customer's
 * behaviour summaries (event count, the customer's level of each event column, the share of
 * consecutive events repeating a category). Each child table's part is a conditional copula over
 * `event:<column>` (the event's own columns), `repeat:<column>` (the event repeats the previous
 * event's category), `prev:<column>` (the previous event's columns) and `parent:<column>` (its parent
 * row's attributes and summaries): events are drawn in order, each from the Gaussian conditional
 * (Schur complement) given its parent and the event before it.
 */
import { z } from 'zod';
import { differentialPrivacySchema, MODEL_FORMAT, type Model, modelSchema } from '../model-format.js';

/** The DP contribution bound of a relational fit: what bounds one customer's rows in every table. */
export const contributionBoundSchema = z
  .object({
    eventsPerParent: z
      .number()
      .int()
      .min(1)
      .describe(
        'The contribution bound: each parent row’s first this many child rows (in event order) were used, the rest left out of the fit.',
      ),
    rowsPerCustomer: z
      .array(z.object({ table: z.string().min(1), rows: z.number().int().min(1) }).strict())
      .describe(
        'Per table, the most rows one customer can own after the bound (the cap to the power of the table’s depth): the multiplier of its sensitivities.',
      ),
  })
  .strict();

export const RELATIONAL_MODEL_FORMAT_VERSION = 2;

const relationalTableModelSchema = z
  .object({
    name: z.string().min(1),
    columns: z.array(z.string().min(1)).min(1).describe('The table’s output columns, in order.'),
    primaryKey: z
      .string()
      .nullable()
      .describe('The column holding fresh unique keys 1, 2, 3, … (within a parent chunk, see the sampler).'),
    parent: z
      .object({
        table: z.string().min(1),
        foreignKey: z.string().min(1).describe('Holds the parent row’s fresh key: valid by construction.'),
        order: z.string().nullable().describe('The order column of the real data (null: file row order).'),
        count: z.string().min(1).describe('The parent model’s column holding each parent row’s event count.'),
        maxEvents: z
          .number()
          .int()
          .min(0)
          .describe(
            'Events per parent row are capped here: the largest count the parent model can draw, and in a private fit at most the contribution bound.',
          ),
        previous: z
          .boolean()
          .describe('Events are conditioned on the previous event (false when too few parents had two).'),
        eventsUsed: z.number().int().min(0).describe('Events the conditional model was fitted on.'),
      })
      .strict()
      .nullable(),
    model: modelSchema.describe(
      'The root: its table model, summaries included (they are not written). A child: the conditional copula of its events.',
    ),
  })
  .strict();

/**
 * A relational fit's privacy: none, or differential privacy with the customer (with all their rows)
 * as the unit, the whole budget's ledger across tables, and the contribution bound the noise is
 * calibrated to.
 */
const relationalPrivacySchema = z.union([
  z.object({ differentialPrivacy: z.literal(false) }),
  differentialPrivacySchema.extend({
    neighbouring: z
      .literal('add-remove-one-customer')
      .describe('Neighbouring datasets differ by one customer with all their rows in every table.'),
    contribution: contributionBoundSchema,
  }),
]);

/**
 * The sampler's repeat and drift calibration (src/sample/relational/calibrate-repeats.ts), kept so
 * that sampling need not redo it: made once at fit time from synthetic draws of this model (a
 * function of the model alone, no real row), and used only while `digest` matches the tables and
 * the calibration sample's size and seed are the sampler's; otherwise the sampler recalibrates.
 */
export const storedCalibrationSchema = z
  .object({
    digest: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .describe('SHA-256 of the model’s tables (JSON, keys sorted) the calibration was made from.'),
    customers: z.number().int().min(1).describe('Customers of the calibration sample.'),
    steps: z.number().int().min(1).describe('Fixed-point steps taken.'),
    seed: z.number().int().min(0).describe('The calibration sample’s seed.'),
    tables: z
      .array(
        z
          .object({
            table: z.string().min(1),
            scoreShift: z
              .array(z.number())
              .nullable()
              .describe('Per number column drawn as a level, the mean score of later events, subtracted.'),
            repeats: z.array(
              z
                .object({
                  column: z.string().min(1),
                  rate: z
                    .number()
                    .min(0)
                    .max(1)
                    .nullable()
                    .describe('The repeat indicator’s calibrated rate (null: the model’s own, 0 or 1).'),
                  weights: z
                    .array(z.number().min(0))
                    .describe('The category weights later events draw with (copula order).'),
                })
                .strict(),
            ),
          })
          .strict(),
      )
      .describe('Per child table (model order).'),
  })
  .strict();

export const relationalModelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    formatVersion: z.literal(RELATIONAL_MODEL_FORMAT_VERSION),
    kind: z.literal('relational'),
    generator: z.object({ name: z.literal('doppel'), version: z.string() }),
    dataset: z.object({ name: z.string(), description: z.string().optional() }),
    root: z.string().min(1).describe('The root table: one row per customer; `--rows` counts these.'),
    fit: z
      .object({
        customersRead: z.number().int().min(0),
        customersUsed: z.number().int().min(0),
        customersDroppedByConsent: z.number().int().min(0),
        minCount: z
          .number()
          .int()
          .min(1)
          .describe(
            'k: no category of any table held by fewer than k customers, and no customer-level value held by fewer than k customers, is stored.',
          ),
      })
      .strict(),
    privacy: relationalPrivacySchema,
    tables: z.array(relationalTableModelSchema).min(1).describe('Parents before children; the root first.'),
    calibration: storedCalibrationSchema
      .optional()
      .describe('The sampler’s calibration, made at fit time (absent in older models: made when sampling).'),
  })
  .strict();

export type RelationalModel = z.infer<typeof relationalModelSchema>;
export type RelationalTableModel = z.infer<typeof relationalTableModelSchema>;
export type StoredCalibration = z.infer<typeof storedCalibrationSchema>;
export type RelationalPrivacy = z.infer<typeof relationalPrivacySchema>;

/** Any model file: a single table's, or a relational one. */
export type DoppelModel = Model | RelationalModel;

export function isRelationalModel(model: DoppelModel): model is RelationalModel {
  return (model as { kind?: unknown }).kind === 'relational';
}
