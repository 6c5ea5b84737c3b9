/**
 * Shared inputs of the differential privacy tests: the real datasets with their schemas, and a
 * walk over a model's JSON leaves.
 */
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { readTable } from '../../../src/io/read-table.js';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { loadDatasetSchema, parseDatasetSchema } from '../../../src/schema/load-schema.js';
import { DATASETS, ROOT } from '../../shared-data.js';

const i = (name: string) => ({ name, kind: 'integer' as const });
const c = (name: string) => ({ name, kind: 'categorical' as const });

/** credit_data.csv as test/model/fit-datasets.test.ts describes it. */
export const CREDIT_SCHEMA_JSON = {
  name: 'credit',
  columns: [
    c('Status'),
    i('Seniority'),
    c('Home'),
    i('Time'),
    i('Age'),
    c('Marital'),
    { name: 'Records', kind: 'boolean' as const },
    c('Job'),
    i('Expenses'),
    i('Income'),
    i('Assets'),
    i('Debt'),
    i('Amount'),
    i('Price'),
  ],
};

export interface Dataset {
  readonly name: string;
  readonly table: Table;
  readonly schema: DatasetSchema;
}

export async function loadTelco(): Promise<Dataset> {
  return {
    name: 'telco',
    table: await readTable(join(ROOT, 'samples', 'telco_churn.csv')),
    schema: await loadDatasetSchema(join(ROOT, 'schemas', 'telco.json')),
  };
}

export async function loadCredit(): Promise<Dataset> {
  return {
    name: 'credit',
    table: await readTable(join(DATASETS, 'credit_data.csv')),
    schema: parseDatasetSchema(CREDIT_SCHEMA_JSON),
  };
}

/** Every number and every string (object keys included) in a parsed JSON value. */
export function jsonLeaves(value: unknown, numbers: number[] = [], strings: string[] = []) {
  if (typeof value === 'number') numbers.push(value);
  else if (typeof value === 'string') strings.push(value);
  else if (Array.isArray(value)) for (const item of value) jsonLeaves(item, numbers, strings);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      strings.push(key);
      jsonLeaves(item, numbers, strings);
    }
  }
  return { numbers, strings };
}
