/** The manifest of a release bundle, from the model, the files written and the validation report. */
import { privacyBudgetSpent } from '../model/dp/privacy-summary.js';
import type { Model } from '../model/model-format.js';
import { EVENT } from '../model/relational/child-column-prefixes.js';
import {
  type DoppelModel,
  isRelationalModel,
  type RelationalModel,
} from '../model/relational/relational-model-format.js';
import type { ReleaseValidationReport } from '../validate/validate-release.js';
import {
  type BundleFile,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  type Manifest,
  type ManifestProtection,
  type ManifestValidation,
  manifestSchema,
} from './manifest-format.js';

export interface ManifestInputs {
  /** A single table's model, or a relational one (then `files` holds one file per table, `<table>.<ext>`). */
  readonly model: DoppelModel;
  /** The model file's name (as given) and SHA-256. */
  readonly modelFile: { readonly name: string; readonly sha256: string };
  readonly files: readonly BundleFile[];
  /** The doppel version that sampled the rows. */
  readonly generatorVersion: string;
  readonly seed: number;
  readonly purpose: string;
  readonly permittedUses: readonly string[];
  readonly recipient: string | null;
  readonly licence: string | null;
  /** YYYY-MM-DD. */
  readonly created: string;
  /** YYYY-MM-DD, inclusive. */
  readonly expires: string;
  readonly schemaFile: { readonly name: string; readonly sha256: string } | null;
  readonly validation: ReleaseValidationReport | null;
}

/** The manifest's summary of a validation report: headline scores, privacy figures, policy verdict. */
export function summariseValidation(report: ReleaseValidationReport): ManifestValidation {
  const { quality } = report;
  return {
    realRows: report.rows.real,
    holdoutRows: report.rows.holdout ?? null,
    quality: {
      overall: quality.overall,
      overallAllPairs: quality.overallAllPairs,
      columnShapes: quality.columnShapes,
      pairTrends: quality.pairTrends,
      pairTrendsAllPairs: quality.pairTrendsAllPairs,
    },
    privacy: report.privacy ? { ...report.privacy.figures } : null,
    policy: report.policy
      ? {
          name: report.policy.policy,
          passed: report.policy.passed,
          failed: report.policy.rules.filter((rule) => !rule.passed).map((rule) => rule.figure),
        }
      : null,
  };
}

function privacyOf(model: DoppelModel): Manifest['privacy'] {
  const { privacy } = model;
  const spent = privacyBudgetSpent(model);
  if (!privacy.differentialPrivacy || spent === null) {
    return { differentialPrivacy: false, epsilon: 'none', delta: 'none' };
  }
  return {
    differentialPrivacy: true,
    epsilon: privacy.epsilon,
    delta: privacy.delta,
    accounting: privacy.accounting,
    neighbouring: privacy.neighbouring,
    spent: { epsilon: spent.epsilon, delta: spent.delta, rho: spent.rho, releases: spent.releases },
  };
}

/** Whether a passing privacy check is recorded, and what was checked, in words. */
export function privacyCheckOf(validation: ManifestValidation | null): NonNullable<Manifest['privacyCheck']> {
  if (validation === null) {
    return { status: 'not-run', note: 'released without validation: no privacy test was run' };
  }
  if (validation.privacy === null) {
    return {
      status: 'not-run',
      note: 'validated without a holdout of unseen customers: the privacy tests were not run',
    };
  }
  if (validation.policy === null) {
    return { status: 'not-run', note: 'the privacy tests ran, but no release policy judged their figures' };
  }
  return {
    status: 'passed',
    note: `the privacy tests ran against a holdout and release policy "${validation.policy.name}" passed`,
  };
}

/**
 * What protected the release: a single table's k rule counts rows; a relational model's counts
 * customers, and a private relational fit adds its contribution bound (events per parent, and the
 * most rows one customer can own per table: the cap to the power of the table's depth).
 */
export function protectionOf(model: DoppelModel): ManifestProtection {
  if (!isRelationalModel(model))
    return { unit: 'row', kRule: { k: model.fit.minCount, counts: 'rows' }, contribution: null };
  const { privacy } = model;
  return {
    unit: 'customer',
    kRule: { k: model.fit.minCount, counts: 'customers' },
    contribution: privacy.differentialPrivacy
      ? {
          eventsPerParent: privacy.contribution.eventsPerParent,
          rowsPerCustomer: privacy.contribution.rowsPerCustomer.map((t) => ({ ...t })),
        }
      : null,
  };
}

/** Rare categories a model never stored, per column (a relational model's named `<table>.<column>`). */
function suppressedOf(model: DoppelModel): Manifest['suppressedCategories'] {
  const ofTable = (table: Model, name: (column: string) => string | null) =>
    table.columns.flatMap((column) => {
      const shown = name(column.name);
      return column.kind === 'categorical' && column.suppressed.categories > 0 && shown !== null
        ? [{ column: shown, ...column.suppressed }]
        : [];
    });
  if (!isRelationalModel(model)) return ofTable(model, (column) => column);
  return model.tables.flatMap((table) => {
    const written = new Set(table.columns);
    // A child's copula holds its own columns as `event:<column>`; the previous event's and the
    // parent's copies repeat what the owning table already says.
    return ofTable(table.model, (column) => {
      const own =
        table.parent === null ? column : column.startsWith(EVENT) ? column.slice(EVENT.length) : null;
      return own !== null && written.has(own) ? `${table.name}.${own}` : null;
    });
  });
}

function tablesOf(model: RelationalModel, files: readonly BundleFile[]): NonNullable<Manifest['tables']> {
  return model.tables.map((table) => {
    const file = files.find((f) => f.path.slice(0, f.path.lastIndexOf('.')) === table.name);
    if (file === undefined) throw new Error(`buildManifest: no file for table "${table.name}"`);
    return { name: table.name, parent: table.parent?.table ?? null, file: file.path };
  });
}

/**
 * Assembles and checks the manifest (it is parsed by its own schema, so a bundle never carries a
 * manifest `doppel verify` would reject).
 */
export function buildManifest(inputs: ManifestInputs): Manifest {
  const { model } = inputs;
  const relational = isRelationalModel(model);
  const rootModel = relational ? model.tables[0]!.model : model;
  const validation = inputs.validation ? summariseValidation(inputs.validation) : null;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    purpose: inputs.purpose,
    permittedUses: [...inputs.permittedUses],
    recipient: inputs.recipient,
    licence: inputs.licence,
    created: inputs.created,
    expires: inputs.expires,
    dataset: { name: model.dataset.name, schemaFile: inputs.schemaFile },
    rows: inputs.files.reduce((sum, file) => sum + file.rows, 0),
    files: [...inputs.files],
    model: { ...inputs.modelFile, fittedBy: model.generator.version },
    generator: { name: 'doppel', version: inputs.generatorVersion },
    seed: inputs.seed,
    consent: { column: rootModel.fit.consentColumn, rowsDropped: rootModel.fit.rowsDroppedByConsent },
    suppressedCategories: suppressedOf(model),
    privacy: privacyOf(model),
    protection: protectionOf(model),
    ...(relational ? { tables: tablesOf(model, inputs.files) } : {}),
    validation,
    privacyCheck: privacyCheckOf(validation),
  };
  return manifestSchema.parse(manifest);
}
