import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod } from '../schema/load-schema.js';
import { isModelled, MODEL_FORMAT, MODEL_FORMAT_VERSION, type Model, modelSchema } from './model-format.js';

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
  const issues: DoppelIssue[] = [];
  model.columns.forEach((column, index) => {
    if ('cdf' in column) {
      const { values, cumulative } = column.cdf;
      const path = ['columns', index, 'cdf'];
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
          path: ['columns', index, 'probabilities'],
          message: 'needs one probability per category',
        });
      }
      const total = column.probabilities.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > 1e-9)
        issues.push({ path: ['columns', index, 'probabilities'], message: 'must sum to 1' });
    }
  });
  const names = new Set(model.columns.filter(isModelled).map((c) => c.name));
  const { dimensions, correlation } = model.copula;
  dimensions.forEach((d, i) => {
    if (!names.has(d.column))
      issues.push({ path: ['copula', 'dimensions', i], message: `no modelled column "${d.column}"` });
  });
  if (
    correlation.length !== dimensions.length ||
    correlation.some((row) => row.length !== dimensions.length)
  ) {
    issues.push({
      path: ['copula', 'correlation'],
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
