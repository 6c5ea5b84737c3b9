import type { Table } from 'apache-arrow';
import type { TableBatches } from '../io/table-batches.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { type FitOptions, fit } from '../model/fit.js';
import type { Model } from '../model/model-format.js';
import { fitStream, STREAM_MIN_ROWS } from '../model/partial/stream-fit.js';
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
  return save(output, fit(table, schema, options), modelPath);
}

async function save(output: Output, model: Model, modelPath: string): Promise<Model> {
  await writeFileAtomic(modelPath, `${JSON.stringify(model, null, 2)}\n`);
  output.out(formatFitSummary(model));
  output.out(`model written to ${modelPath}`);
  return model;
}

/**
 * {@link fitAndSave} on a data file: streamed (passes over record batches, bounded memory) when
 * `stream` says so or, by default, from {@link STREAM_MIN_ROWS} rows; the row fit otherwise, or
 * when the fit needs every row at once (says why on stderr).
 */
export async function fitFileAndSave(
  output: Output,
  data: TableBatches,
  schema: DatasetSchema,
  options: FitOptions,
  modelPath: string,
  stream: boolean | undefined,
): Promise<Model> {
  if (stream ?? data.rows >= STREAM_MIN_ROWS) {
    const result = await fitStream(data.pass, schema, options);
    if ('model' in result) {
      output.err(
        `fitted in ${result.passes} passes over record batches${result.stratum === null ? '' : ` (one copula per group of "${result.stratum}")`}`,
      );
      return save(output, result.model, modelPath);
    }
    output.err(`fitting with all ${data.rows.toLocaleString('en-US')} rows in memory: ${result.needsRowFit}`);
  }
  return save(output, fit(await data.whole(), schema, options), modelPath);
}
