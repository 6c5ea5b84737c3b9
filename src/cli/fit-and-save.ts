import type { Table } from 'apache-arrow';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { type FitOptions, fit } from '../model/fit.js';
import type { Model } from '../model/model-format.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { formatFitSummary } from './format-fit.js';
import type { Output } from './output.js';

/** Fits, writes the model atomically and prints what the fit did. */
export async function fitAndSave(
  output: Output,
  table: Table,
  schema: DatasetSchema,
  options: FitOptions,
  modelPath: string,
): Promise<Model> {
  const model = fit(table, schema, options);
  await writeFileAtomic(modelPath, `${JSON.stringify(model, null, 2)}\n`);
  output.out(formatFitSummary(model));
  output.out(`model written to ${modelPath}`);
  return model;
}
