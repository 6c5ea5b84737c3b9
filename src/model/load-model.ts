import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod } from '../schema/load-schema.js';
import { isModelled, MODEL_FORMAT, MODEL_FORMAT_VERSION, type Model, modelSchema } from './model-format.js';
import { type DoppelModel, relationalModelSchema } from './relational/relational-model-format.js';

/**
 * Checks a parsed JSON value as a model: format and version first (so an old or foreign file gets a
 * message about its version, not a list of missing fields), then every field, then the invariants
 * the sampler relies on (monotone CDFs, a square correlation matrix matching the dimensions).
 * @throws DoppelError `invalid-model`.
 */
export function parseModel(value: unknown, source = 'model'): Model {
  const header = value as { format?: unknown; formatVersion?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== MODEL_FORMAT) {
    throw new DoppelError(
      'invalid-model',
      `${source} is not a doppel model (expected "format": "${MODEL_FORMAT}")`,
    );
  }
  if ((header as { kind?: unknown }).kind === 'relational') {
    throw new DoppelError(
      'invalid-model',
      `${source} is a relational model (related tables); this step takes a single table's model. Sample it with \`doppel sample MODEL --out DIR\`.`,
    );
  }
  if (header.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new DoppelError(
      'invalid-model',
      `${source} has model format version ${JSON.stringify(header.formatVersion)}; this doppel reads version ${MODEL_FORMAT_VERSION}. Refit the model with this version of doppel.`,
    );
  }
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) {
    throw new DoppelError(
      'invalid-model',
      `${source} is not a valid doppel model`,
      issuesFromZod(parsed.error),
    );
  }
  const model = parsed.data;
  const issues = modelInvariantIssues(model);
  if (issues.length > 0)
    throw new DoppelError('invalid-model', `${source} is not a valid doppel model`, issues);
  return model;
}

function modelInvariantIssues(model: Model): DoppelIssue[] {
  const issues = copulaModelIssues(model.columns, model.copula, []);
  if (model.mixture) issues.push(...mixtureIssues(model, model.mixture));
  return issues;
}

/**
 * A mixture's groups must name categories of its column (none, for latent groups), weigh 1 in total, and describe exactly
 * the model's modelled columns (same names, kinds and order; categories the model's dictionary has),
 * each group a valid copula model of its own.
 */
function mixtureIssues(model: Model, mixture: NonNullable<Model['mixture']>): DoppelIssue[] {
  const issues: DoppelIssue[] = [];
  const latent = mixture.column === null;
  const column = model.columns.find((c) => c.name === mixture.column);
  const groups =
    column?.kind === 'categorical'
      ? column.categories
      : column?.kind === 'boolean'
        ? ['false', 'true']
        : null;
  if (!latent && groups === null) {
    issues.push({
      path: ['mixture', 'column'],
      message: `"${mixture.column}" is not a categorical or boolean column`,
    });
  }
  const total = mixture.components.reduce((sum, component) => sum + component.weight, 0);
  if (Math.abs(total - 1) > 1e-9)
    issues.push({ path: ['mixture', 'components'], message: 'weights must sum to 1' });
  const modelled = model.columns.filter(isModelled);
  mixture.components.forEach((component, g) => {
    const path = ['mixture', 'components', g];
    if (latent && component.category !== null) {
      issues.push({ path: [...path, 'category'], message: 'must be null: a latent group has no category' });
    } else if (groups !== null && (component.category === null || !groups.includes(component.category))) {
      issues.push({
        path: [...path, 'category'],
        message: `"${component.category}" is not a group of ${mixture.column}`,
      });
    }
    const same =
      component.columns.length === modelled.length &&
      component.columns.every((c, i) => c.name === modelled[i]!.name && c.kind === modelled[i]!.kind);
    if (!same) {
      issues.push({
        path: [...path, 'columns'],
        message: "must list the model's modelled columns, in order, with their kinds",
      });
      return;
    }
    component.columns.forEach((c, i) => {
      const whole = modelled[i]!;
      if (c.kind === 'categorical' && whole.kind === 'categorical') {
        const unknown = c.categories.filter((category) => !whole.categories.includes(category));
        if (unknown.length > 0) {
          issues.push({
            path: [...path, 'columns', i, 'categories'],
            message: 'has categories the model does not list',
          });
        }
      }
    });
    issues.push(...copulaModelIssues(component.columns, component.copula, path));
  });
  return issues;
}

/** Knots, probabilities and copula dimensions of one copula model (the whole table's or a group's). */
function copulaModelIssues(
  columns: Model['columns'],
  copula: Model['copula'],
  prefix: readonly (string | number)[],
): DoppelIssue[] {
  const issues: DoppelIssue[] = [];
  columns.forEach((column, index) => {
    if ('cdf' in column) {
      const { values, cumulative } = column.cdf;
      const path = [...prefix, 'columns', index, 'cdf'];
      if (values.length !== cumulative.length)
        issues.push({ path, message: 'values and cumulative differ in length' });
      for (let i = 1; i < values.length; i++) {
        if (
          !((values[i] as number) >= (values[i - 1] as number)) ||
          !((cumulative[i] as number) >= (cumulative[i - 1] as number))
        ) {
          issues.push({ path, message: `knots must be non-decreasing (at knot ${i})` });
          break;
        }
      }
      if (cumulative[0] !== 0 || cumulative[cumulative.length - 1] !== 1) {
        issues.push({ path: [...path, 'cumulative'], message: 'must start at 0 and end at 1' });
      }
    }
    if (column.kind === 'categorical') {
      if (column.categories.length !== column.probabilities.length) {
        issues.push({
          path: [...prefix, 'columns', index, 'probabilities'],
          message: 'needs one probability per category',
        });
      }
      const total = column.probabilities.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 1e-9)
        issues.push({ path: [...prefix, 'columns', index, 'probabilities'], message: 'must sum to 1' });
    }
  });
  const names = new Set(columns.filter(isModelled).map((c) => c.name));
  const { dimensions, correlation } = copula;
  dimensions.forEach((d, i) => {
    if (!names.has(d.column))
      issues.push({
        path: [...prefix, 'copula', 'dimensions', i],
        message: `no modelled column "${d.column}"`,
      });
  });
  if (
    correlation.length !== dimensions.length ||
    correlation.some((row) => row.length !== dimensions.length)
  ) {
    issues.push({
      path: [...prefix, 'copula', 'correlation'],
      message: `must be a ${dimensions.length}x${dimensions.length} matrix`,
    });
  }
  return issues;
}

/**
 * Reads and checks a model file.
 * @throws DoppelError `file-not-found` or `invalid-model`.
 */
export async function loadModel(path: string): Promise<Model> {
  const json = await readJsonFile(path, 'model file', 'invalid-model');
  return parseModel(json, `model file ${path}`);
}

/**
 * Checks a parsed JSON value as either kind of model: a relational model (`kind: "relational"`,
 * format version 2; each table's part checked as a table model) or a single table's.
 * @throws DoppelError `invalid-model`.
 */
export function parseAnyModel(value: unknown, source = 'model'): DoppelModel {
  const header = value as { kind?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.kind !== 'relational')
    return parseModel(value, source);
  const parsed = relationalModelSchema.safeParse(value);
  if (!parsed.success)
    throw new DoppelError(
      'invalid-model',
      `${source} is not a valid relational doppel model`,
      issuesFromZod(parsed.error),
    );
  const model = parsed.data;
  model.tables.forEach((table, t) => {
    parseModel(table.model, `${source} (table "${table.name}", tables.${t}.model)`);
  });
  const names = model.tables.map((t) => t.name);
  if (
    names[0] !== model.root ||
    model.tables.some((t, i) => t.parent !== null && names.indexOf(t.parent.table) >= i)
  )
    throw new DoppelError(
      'invalid-model',
      `${source}: tables must list the root first and every parent before its children`,
    );
  return model;
}

/**
 * Reads and checks a model file of either kind.
 * @throws DoppelError `file-not-found` or `invalid-model`.
 */
export async function loadAnyModel(path: string): Promise<DoppelModel> {
  const json = await readJsonFile(path, 'model file', 'invalid-model');
  return parseAnyModel(json, `model file ${path}`);
}
