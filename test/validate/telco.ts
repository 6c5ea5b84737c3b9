/** The bundled telco sample, read as `doppel validate` reads it, and synthetic data made from it in-process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { readCsv } from '../../src/io/read-csv.js';
import { splitTable } from '../../src/io/split-table.js';
import { fit } from '../../src/model/fit.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { type DatasetSchema, datasetSchemaSchema } from '../../src/schema/dataset-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { ROOT } from '../shared-data.js';

export const TELCO_CSV_TEXT = readFileSync(join(ROOT, 'samples/telco_churn.csv'), 'utf8');
export const TELCO_SCHEMA_JSON = JSON.parse(readFileSync(join(ROOT, 'schemas/telco.json'), 'utf8')) as Record<
  string,
  unknown
>;

export function telcoTable(): Table {
  return readCsv(TELCO_CSV_TEXT, 'telco_churn.csv');
}

export function telcoSchema(changes: Partial<DatasetSchema> = {}): DatasetSchema {
  return datasetSchemaSchema.parse({ ...TELCO_SCHEMA_JSON, ...changes });
}

/** A seeded 70/30 split of telco, a model fitted on the 70% and `rows` synthetic rows sampled from it. */
export function telcoRelease(seed: number, rows: number): { train: Table; holdout: Table; synthetic: Table } {
  const { train, holdout } = splitTable(telcoTable(), 0.3, makeRandom(seed, 99));
  const model = fit(train, telcoSchema(), { seed });
  return { train, holdout, synthetic: sampleTable(model, { rows, seed }) };
}
