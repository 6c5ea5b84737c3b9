import { z } from 'zod';
import { modelSchema } from '../model/model-format.js';
import { relationalModelSchema } from '../model/relational/relational-model-format.js';
import { policySchema } from '../privacy/release-policy.js';
import { manifestSchema } from '../release/manifest-format.js';
import { datasetSchemaSchema } from './dataset-schema.js';
import { relationalSchemaSchema } from './relational-schema.js';

/** The files users write or receive, each published as a JSON Schema in schemas/. */
export const JSON_SCHEMA_FILES = [
  { fileName: 'dataset.schema.json', title: 'doppel dataset schema', schema: datasetSchemaSchema },
  {
    fileName: 'relational-dataset.schema.json',
    title: 'doppel relational dataset schema',
    schema: relationalSchemaSchema,
  },
  {
    fileName: 'model.schema.json',
    title: 'doppel model',
    schema: z.union([modelSchema, relationalModelSchema]),
  },
  { fileName: 'policy.schema.json', title: 'doppel release policy', schema: policySchema },
  { fileName: 'manifest.schema.json', title: 'doppel release manifest', schema: manifestSchema },
] as const;

/** The JSON text of one schema file (stable key order, trailing newline). */
export function renderJsonSchema(file: (typeof JSON_SCHEMA_FILES)[number]): string {
  const json = z.toJSONSchema(file.schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return `${JSON.stringify({ title: file.title, ...json }, null, 2)}\n`;
}
