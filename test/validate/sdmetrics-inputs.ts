/**
 * Builds the SDMetrics reference inputs (shared/reference) the way doppel reads real data: CSV text
 * through readCsv, a dataset schema derived from the SDMetrics metadata, and prepareTable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { readCsv } from '../../src/io/read-csv.js';
import { type DatasetSchema, datasetSchemaSchema } from '../../src/schema/dataset-schema.js';
import { type PreparedTable, prepareTable } from '../../src/schema/prepare-table.js';
import { REFERENCE } from '../shared-data.js';

type Sdtype = 'numerical' | 'datetime' | 'categorical' | 'boolean' | 'id';

const KIND_OF_SDTYPE = {
  numerical: 'numeric',
  datetime: 'datetime',
  categorical: 'categorical',
  boolean: 'boolean',
  id: 'identifier',
} as const;

/** A dataset schema with the metadata's columns in metadata order (which is SDMetrics' pair order). */
export function schemaFromMetadata(
  name: string,
  columns: Record<string, { sdtype: string }>,
  only?: readonly string[],
): DatasetSchema {
  return datasetSchemaSchema.parse({
    name,
    columns: Object.entries(columns)
      .filter(([column]) => !only || only.includes(column))
      .map(([column, meta]) => ({ name: column, kind: KIND_OF_SDTYPE[meta.sdtype as Sdtype] })),
  });
}

/** CSV text of string cells; null becomes an empty field (a missing value). */
export function csvText(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return [header, ...rows]
    .map((row) => row.map((cell) => (cell === null ? '' : quote(cell))).join(','))
    .join('\n');
}

/** Real and synthetic CSV text prepared under one schema, as `doppel validate` prepares them. */
export function preparePair(
  realCsv: string,
  syntheticCsv: string,
  schema: DatasetSchema,
): { real: PreparedTable; synthetic: PreparedTable; realTable: Table; syntheticTable: Table } {
  const realTable = readCsv(realCsv, 'real.csv');
  const syntheticTable = readCsv(syntheticCsv, 'synthetic.csv');
  return {
    realTable,
    syntheticTable,
    real: prepareTable(realTable, schema, { columns: 'all', applyConsent: true }),
    synthetic: prepareTable(syntheticTable, schema, { columns: 'all', applyConsent: false }),
  };
}

export interface SdmetricsFixture {
  inputs: {
    real: (string | null)[][];
    synthetic: (string | null)[][];
    columns: string[];
    metadata: { primary_key: string; columns: Record<string, { sdtype: string }> };
  };
  expected: Record<string, unknown> & {
    KSComplement: Record<string, number>;
    TVComplement: Record<string, number>;
    BoundaryAdherence: Record<string, number>;
    CategoryAdherence: Record<string, number>;
  };
}

export const fixture = JSON.parse(
  readFileSync(join(REFERENCE, 'sdmetrics_fixture.json'), 'utf8'),
) as SdmetricsFixture;

/** The 12-row fixture's tables, prepared. */
export function fixtureTables() {
  const { real, synthetic, columns, metadata } = fixture.inputs;
  const schema = schemaFromMetadata('sdmetrics-fixture', metadata.columns);
  return preparePair(csvText(columns, real), csvText(columns, synthetic), schema);
}

export const studentMetadata = JSON.parse(
  readFileSync(join(REFERENCE, 'student_placements_metadata.json'), 'utf8'),
) as { tables: { student_placements: { columns: Record<string, { sdtype: string }> } } };

/** SDMetrics' demo `student_placements` (215 + 215 rows), optionally restricted to some columns. */
export function studentPlacements(only?: readonly string[]) {
  const schema = schemaFromMetadata(
    'student_placements',
    studentMetadata.tables.student_placements.columns,
    only,
  );
  return preparePair(
    readFileSync(join(REFERENCE, 'student_placements_real.csv'), 'utf8'),
    readFileSync(join(REFERENCE, 'student_placements_synthetic.csv'), 'utf8'),
    schema,
  );
}
