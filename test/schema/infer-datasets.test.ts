import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, Utf8, type Vector, vectorFromArray } from 'apache-arrow';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import type { ColumnSpec, DatasetSchema } from '../../src/schema/dataset-schema.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';
import { DATASETS } from '../shared-data.js';

const FILES = readdirSync(DATASETS)
  .filter((file) => file.endsWith('.csv'))
  .sort();

function column(schema: DatasetSchema, name: string): ColumnSpec {
  const found = schema.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

/** The same table with every text label replaced by an opaque one (same counts, different words). */
function relabelled(table: Table): Table {
  const vectors: Record<string, Vector> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    if (String(field.type) !== 'Utf8') {
      vectors[field.name] = vector;
      continue;
    }
    const codes = new Map<string, string>();
    const values = Array.from({ length: vector.length }, (_, i) => {
      const value = vector.get(i) as string | null;
      if (value === null) return null;
      if (!codes.has(value)) codes.set(value, `label${codes.size}`);
      return codes.get(value)!;
    });
    vectors[field.name] = vectorFromArray(values, new Utf8());
  }
  return new Table(vectors);
}

describe('inferSchema on the shared real datasets', () => {
  const tables = new Map<string, Table>();
  const schemas = new Map<string, DatasetSchema>();
  beforeAll(async () => {
    for (const file of FILES) {
      const table = await readTable(join(DATASETS, file));
      tables.set(file, table);
      schemas.set(file, inferSchema(table, { name: file.replace(/\.csv$/, '') }));
    }
  });

  it('covers every dataset, and every schema loads again unchanged', () => {
    expect(FILES).toEqual([
      'credit_data.csv',
      'creditcard_aer.csv',
      'margarine_households.csv',
      'margarine_purchases.csv',
      'telco_churn.csv',
    ]);
    for (const [file, schema] of schemas) {
      const table = tables.get(file)!;
      expect(
        schema.columns.map((c) => c.name),
        file,
      ).toEqual(table.schema.fields.map((f) => f.name));
      expect(parseDatasetSchema(JSON.parse(JSON.stringify(schema))), file).toEqual(schema);
      for (const spec of schema.columns) expect(spec.comment, `${file} ${spec.name}`).toMatch(/^\w.{20,}\.$/);
    }
  });

  it('telco: tenure stays integer, churn is a categorical sensitive target, 0/1 flags are booleans', () => {
    const telco = schemas.get('telco_churn.csv')!;
    expect(column(telco, 'tenure')).toMatchObject({ kind: 'integer' });
    expect(column(telco, 'churn')).toMatchObject({ kind: 'categorical', sensitive: true });
    expect(telco.target).toBe('churn');
    for (const flag of [
      'female',
      'senior_citizen',
      'partner',
      'dependents',
      'phone_service',
      'paperless_billing',
    ]) {
      expect(column(telco, flag).kind, flag).toBe('boolean');
    }
    expect(column(telco, 'female')).toMatchObject({ quasiIdentifier: true, segment: true });
    expect(column(telco, 'contract')).toEqual({
      name: 'contract',
      kind: 'categorical',
      comment: 'Categorical: 3 distinct labels.',
    });
    expect(column(telco, 'monthly_charges').kind).toBe('numeric');
    expect(column(telco, 'total_charges')).toMatchObject({
      kind: 'numeric',
      comment: expect.stringContaining('11 values of 7043 (0.2%) are missing'),
    });
  });

  it('margarine: hhid is an identifier in both files, repeating in purchases; choice codes are categorical', () => {
    const households = schemas.get('margarine_households.csv')!;
    const purchases = schemas.get('margarine_purchases.csv')!;
    expect(column(households, 'hhid')).toMatchObject({ kind: 'identifier', generator: 'sequence' });
    expect(column(purchases, 'hhid')).toMatchObject({
      kind: 'identifier',
      comment: expect.stringContaining('516 distinct values over 4470 rows, so keys repeat'),
    });
    expect(column(purchases, 'choice')).toMatchObject({
      kind: 'categorical',
      comment: expect.stringContaining('separate peaks'),
    });
    expect(column(households, 'Fam_Size').kind).toBe('integer');
    expect(column(households, 'Income')).toMatchObject({ kind: 'numeric', sensitive: true });
    for (const flag of ['Fs3_4', 'Fs5.', 'college', 'whtcollar', 'retired']) {
      expect(column(households, flag).kind, flag).toBe('boolean');
    }
    expect(purchases.columns.filter((c) => c.kind === 'numeric')).toHaveLength(10);
  });

  it('credit_data: Status is a categorical target, amounts are integers, finances are sensitive', () => {
    const credit = schemas.get('credit_data.csv')!;
    expect(column(credit, 'Status').kind).toBe('categorical');
    expect(credit.target).toBe('Status');
    for (const amount of [
      'Seniority',
      'Time',
      'Age',
      'Expenses',
      'Income',
      'Assets',
      'Debt',
      'Amount',
      'Price',
    ]) {
      expect(column(credit, amount).kind, amount).toBe('integer');
    }
    for (const finance of ['Income', 'Assets', 'Debt'])
      expect(column(credit, finance).sensitive, finance).toBe(true);
    expect(column(credit, 'Age').quasiIdentifier).toBe(true);
    expect(column(credit, 'Marital')).toMatchObject({
      kind: 'categorical',
      quasiIdentifier: true,
      segment: true,
    });
    expect(column(credit, 'Income').comment).toContain('381 values of 4454 (8.6%) are missing');
  });

  it('creditcard_aer: yes/no answers stay categorical, a 0/1 column is boolean, counts are integers', () => {
    const aer = schemas.get('creditcard_aer.csv')!;
    for (const answer of ['card', 'owner', 'selfemp'])
      expect(column(aer, answer).kind, answer).toBe('categorical');
    expect(column(aer, 'majorcards').kind).toBe('boolean');
    for (const count of ['reports', 'dependents', 'months', 'active'])
      expect(column(aer, count).kind, count).toBe('integer');
    expect(column(aer, 'age')).toMatchObject({ kind: 'numeric', quasiIdentifier: true });
    expect(aer.target).toBeUndefined();
  });

  it('writes comments from counts only: relabelling every text value leaves every comment unchanged', () => {
    for (const file of ['telco_churn.csv', 'credit_data.csv']) {
      const relabelledSchema = inferSchema(relabelled(tables.get(file)!), { name: 'x' });
      const original = schemas.get(file)!;
      expect(relabelledSchema.columns.map((c) => c.comment)).toEqual(original.columns.map((c) => c.comment));
    }
  });

  it('infers the same schema from a polars-written Parquet file (Int64 columns, zstd) as from the CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doppel-infer-'));
    const path = join(dir, 'credit_data.parquet');
    writeFileSync(path, pl.readCSV(join(DATASETS, 'credit_data.csv')).writeParquet({ compression: 'zstd' }));
    const parquet = await readTable(path);
    expect(String(parquet.getChild('Income')!.type)).toBe('Int64');
    expect(inferSchema(parquet, { name: 'credit_data' })).toEqual(schemas.get('credit_data.csv'));
  });

  it('never quotes a real decimal value (the extremes of each numeric column) in a comment', () => {
    for (const [file, schema] of schemas) {
      const table = tables.get(file)!;
      const text = JSON.stringify(schema);
      for (const spec of schema.columns.filter((c) => c.kind === 'numeric')) {
        const values = (table.getChild(spec.name)!.toArray() as Float64Array).filter((x) => !Number.isNaN(x));
        const decimals = [Math.min(...values), Math.max(...values)].filter((x) => !Number.isInteger(x));
        for (const extreme of decimals) {
          expect(text, `${file} ${spec.name}`).not.toContain(String(extreme));
        }
      }
    }
  });
});
