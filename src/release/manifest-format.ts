/**
 * The release manifest: `manifest.json` beside the data files of a release bundle. It says what the
 * bundle is, for whom and for what, until when, how it was made and protected, and how it scored;
 * it lists every file with its SHA-256 so `doppel verify` can prove the bundle intact. Plain,
 * versioned JSON (schemas/manifest.schema.json, generated from the zod definition below).
 */
import { z } from 'zod';
import { contributionBoundSchema } from '../model/relational/relational-model-format.js';

export const MANIFEST_FORMAT = 'doppel-release-manifest';
export const MANIFEST_FORMAT_VERSION = 1;
/** The manifest's own file name inside a bundle. */
export const MANIFEST_FILE = 'manifest.json';

const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256 of the file, lowercase hex.');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('A calendar date, YYYY-MM-DD (UTC).');
const score = z.number().nullable();

export const bundleFileSchema = z.object({
  path: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
    .refine((name) => name !== MANIFEST_FILE, 'the manifest does not list itself')
    .describe('File name inside the bundle directory (no sub-directories).'),
  role: z.enum(['data']).describe('data: synthetic rows (Arrow IPC file).'),
  rows: z.number().int().min(0).describe('Rows in the file.'),
  bytes: z.number().int().min(0),
  sha256,
});

export const manifestPrivacySchema = z.union([
  z.object({
    differentialPrivacy: z.literal(false).describe('The model was not fitted with differential privacy.'),
    epsilon: z.literal('none'),
    delta: z.literal('none'),
  }),
  z.object({
    differentialPrivacy: z
      .literal(true)
      .describe('Every statistic the model stores was released by a DP mechanism.'),
    epsilon: z.number().positive().describe('The ε the fit was given.'),
    delta: z.number().min(0).lt(1).describe('The δ the fit was given (0: pure ε-DP).'),
    accounting: z.enum(['pure', 'zcdp']),
    neighbouring: z.enum(['add-remove-one-row', 'add-remove-one-customer']),
    spent: z
      .object({
        epsilon: z.number().min(0),
        delta: z.number().min(0),
        rho: z.number().min(0).nullable(),
        releases: z.number().int().min(0),
      })
      .describe("The budget the model's ledger composes to."),
  }),
]);

/**
 * What protected the release besides (or with) differential privacy: the unit protected, the k rule
 * and, for a differentially private fit of related tables, the contribution bound its noise is
 * calibrated to.
 */
export const manifestProtectionSchema = z
  .object({
    unit: z
      .enum(['row', 'customer'])
      .describe('`row` for a single table; `customer` for related tables: a customer with all their rows.'),
    kRule: z
      .object({
        k: z.number().int().min(1),
        counts: z
          .enum(['rows', 'customers'])
          .describe(
            'What k counts: no category or value held by fewer than k rows (a single table) or k customers (related tables, however many events carry it) is stored.',
          ),
      })
      .strict(),
    contribution: contributionBoundSchema
      .nullable()
      .describe(
        'The DP contribution bound of a relational fit; null without differential privacy or for a single table.',
      ),
  })
  .strict();

export const manifestTableSchema = z
  .object({
    name: z.string().min(1),
    parent: z.string().min(1).nullable().describe('The parent table (null: the root, one row per customer).'),
    file: z.string().min(1).describe('The bundle file holding its rows.'),
  })
  .strict();

export const manifestValidationSchema = z.object({
  realRows: z.number().int().min(0).describe('Real (training) rows compared against.'),
  holdoutRows: z.number().int().min(0).nullable().describe('Unseen real rows for the privacy tests, if any.'),
  quality: z.object({
    overall: score,
    overallAllPairs: score,
    columnShapes: score,
    pairTrends: score,
    pairTrendsAllPairs: score,
  }),
  privacy: z
    .record(z.string(), score)
    .nullable()
    .describe('Re-identification risk figures; null without a holdout.'),
  policy: z
    .object({
      name: z.string(),
      passed: z.boolean(),
      failed: z.array(z.string()).describe('Figures whose rule failed.'),
    })
    .nullable()
    .describe('The release policy verdict; null when no policy was applied.'),
});

export const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
    purpose: z.string().min(1).describe('What the data set is released for.'),
    permittedUses: z.array(z.string().min(1)).describe('Uses the recipient may make of it.'),
    recipient: z.string().min(1).nullable(),
    licence: z.string().min(1).nullable().describe('Licence or data agreement reference.'),
    created: isoDate,
    expires: isoDate.describe('Last day the release may be used (inclusive).'),
    dataset: z.object({
      name: z.string().describe("The dataset schema's name, as recorded in the model."),
      schemaFile: z
        .object({ name: z.string(), sha256 })
        .nullable()
        .describe('The dataset schema file used for validation, if given.'),
    }),
    rows: z.number().int().min(0).describe('Synthetic rows in the bundle, over all files.'),
    files: z.array(bundleFileSchema).min(1),
    model: z
      .object({ name: z.string(), sha256, fittedBy: z.string().describe('doppel version that fitted it.') })
      .describe('The model file the rows were sampled from.'),
    generator: z
      .object({ name: z.literal('doppel'), version: z.string() })
      .describe('The program (and version) that sampled the rows and wrote this manifest.'),
    seed: z.number().int().min(0),
    consent: z.object({
      column: z
        .string()
        .nullable()
        .describe('Rows without consent in this column were not used (null: no rule).'),
      rowsDropped: z.number().int().min(0),
    }),
    suppressedCategories: z
      .array(
        z.object({
          column: z.string(),
          categories: z.number().int().min(0),
          rows: z.number().int().min(0),
          action: z.enum(['merge', 'drop']),
          otherLabel: z.string().nullable(),
        }),
      )
      .describe('Rare categories the model never stored, per categorical column (only columns with any).'),
    privacy: manifestPrivacySchema,
    protection: manifestProtectionSchema
      .optional()
      .describe(
        'The unit protected, the k rule and the contribution bound (absent in manifests written before doppel recorded them).',
      ),
    tables: z
      .array(manifestTableSchema)
      .min(1)
      .optional()
      .describe(
        'A release of related tables: each table, its parent and its file, the root first (absent for a single table).',
      ),
    validation: manifestValidationSchema
      .nullable()
      .describe('The validation summary; null when not validated.'),
    privacyCheck: z
      .object({
        status: z
          .enum(['passed', 'not-run'])
          .describe(
            '`passed`: the privacy tests ran against a holdout and a release policy passed them; `not-run` otherwise (a failing policy writes no bundle).',
          ),
        note: z.string().describe('What was (or was not) checked, in words.'),
      })
      .optional()
      .describe(
        'Whether a passing privacy check is recorded; only then does `doppel verify` say that no real customer can be found in the data. (Absent in manifests written before doppel recorded it: treated as not run.)',
      ),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type BundleFile = z.infer<typeof bundleFileSchema>;
export type ManifestProtection = z.infer<typeof manifestProtectionSchema>;
export type ManifestValidation = z.infer<typeof manifestValidationSchema>;
