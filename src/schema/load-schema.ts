import type { z } from 'zod';
import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { type DatasetSchema, datasetSchemaSchema, roleOf } from './dataset-schema.js';

/** Turns zod issues into doppel issues; zod messages name the expectation, never the data. */
export function issuesFromZod(error: z.ZodError): DoppelIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

/**
 * Checks a parsed JSON value against the dataset schema format, plus the rules JSON Schema cannot say
 * (unique column names, a consent column that is not also modelled).
 * @throws DoppelError `invalid-schema` with one issue per problem.
 */
export function parseDatasetSchema(value: unknown, source = 'schema'): DatasetSchema {
  const parsed = datasetSchemaSchema.safeParse(value);
  if (!parsed.success) {
    throw new DoppelError(
      'invalid-schema',
      `${source} is not a valid dataset schema`,
      issuesFromZod(parsed.error),
    );
  }
  const schema = parsed.data;
  const issues: DoppelIssue[] = [];
  const seen = new Set<string>();
  schema.columns.forEach((column, index) => {
    if (seen.has(column.name)) {
      issues.push({ path: ['columns', index, 'name'], message: `column "${column.name}" is listed twice` });
    }
    seen.add(column.name);
    if (
      column.kind === 'categorical' &&
      column.categories &&
      new Set(column.categories).size !== column.categories.length
    ) {
      issues.push({ path: ['columns', index, 'categories'], message: 'categories must be distinct' });
    }
  });
  if (schema.consent && seen.has(schema.consent.column)) {
    issues.push({
      path: ['consent', 'column'],
      message: `the consent column "${schema.consent.column}" must not also be listed in columns (it is never modelled)`,
    });
  }
  issues.push(...stratifyByIssues(schema));
  if (schema.target && !seen.has(schema.target)) {
    issues.push({
      path: ['target'],
      message: `target "${schema.target}" is not one of the schema's columns`,
    });
  }
  if (issues.length > 0)
    throw new DoppelError('invalid-schema', `${source} is not a valid dataset schema`, issues);
  return schema;
}

/** `model.stratifyBy` must name a modelled categorical or boolean column (checked on load and by fit). */
export function stratifyByIssues(schema: DatasetSchema): DoppelIssue[] {
  const stratifyBy = schema.model?.stratifyBy;
  if (typeof stratifyBy !== 'string') return [];
  const column = schema.columns.find((c) => c.name === stratifyBy);
  if (column && (column.kind === 'categorical' || column.kind === 'boolean') && roleOf(column) === 'modelled')
    return [];
  return [
    {
      path: ['model', 'stratifyBy'],
      message: `"${stratifyBy}" must name a modelled categorical or boolean column of the schema`,
    },
  ];
}

/**
 * Reads and checks a dataset schema file.
 * @throws DoppelError `file-not-found` or `invalid-schema`.
 */
export async function loadDatasetSchema(path: string): Promise<DatasetSchema> {
  const json = await readJsonFile(path, 'schema file', 'invalid-schema');
  return parseDatasetSchema(json, `schema file ${path}`);
}
