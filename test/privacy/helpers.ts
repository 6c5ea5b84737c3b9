/**
 * Test helpers: build prepared tables through the real reader path (CSV text → readCsv →
 * prepareTable), and load the reference fixtures in ../shared/reference.
 */

import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/io/read-csv.js';
import type { ColumnSpec, DatasetSchema } from '../../src/schema/dataset-schema.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';
import { type PreparedTable, prepareTable } from '../../src/schema/prepare-table.js';
import { DATASETS, REFERENCE } from '../shared-data.js';

export const REFERENCE_DIR = REFERENCE;
export const DATASETS_DIR = DATASETS;

type Cell = string | number | boolean | null | undefined;

function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of a header and rows; null/undefined cells become empty fields (missing). */
export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\n');
}

/** A dataset schema of the given columns (name → kind, or a full column spec). */
export function schemaOf(columns: Record<string, ColumnSpec['kind'] | ColumnSpec>): DatasetSchema {
  return parseDatasetSchema({
    name: 'test',
    columns: Object.entries(columns).map(([name, spec]) =>
      typeof spec === 'string'
        ? spec === 'personal'
          ? { name, kind: spec, personal: 'name' }
          : { name, kind: spec }
        : { ...spec, name },
    ),
  });
}

/** Parses CSV text and prepares every schema column. */
export function tableFromCsv(text: string, schema: DatasetSchema): PreparedTable {
  return prepareTable(readCsv(text, 'test data'), schema, { columns: 'all', applyConsent: false });
}

/** Column-wise cells → prepared table (through CSV text, so the reader path is exercised). */
export function tableFromColumns(
  columns: Record<string, readonly Cell[]>,
  kinds: Record<string, ColumnSpec['kind'] | ColumnSpec>,
): PreparedTable {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  const rows = Array.from({ length: n }, (_, i) => names.map((name) => columns[name]![i]));
  return tableFromCsv(csvText(names, rows), schemaOf(kinds));
}

const SDTYPE_KIND: Record<string, ColumnSpec['kind']> = {
  numerical: 'numeric',
  datetime: 'datetime',
  categorical: 'categorical',
  boolean: 'boolean',
  id: 'identifier',
};

/** A dataset schema from SDMetrics metadata `{columns: {name: {sdtype}}}`, in metadata order. */
export function schemaFromMetadata(metadata: { columns: Record<string, { sdtype: string }> }): DatasetSchema {
  const kinds: Record<string, ColumnSpec['kind']> = {};
  for (const [name, meta] of Object.entries(metadata.columns)) {
    const kind = SDTYPE_KIND[meta.sdtype];
    if (!kind) throw new Error(`no doppel kind for sdtype ${meta.sdtype}`);
    kinds[name] = kind;
  }
  return schemaOf(kinds);
}

export interface SdmetricsFixture {
  readonly real: PreparedTable;
  readonly synthetic: PreparedTable;
  readonly realCsv: string;
  readonly syntheticCsv: string;
  readonly header: readonly string[];
  readonly realRows: readonly (readonly (string | null)[])[];
  readonly syntheticRows: readonly (readonly (string | null)[])[];
  readonly schema: DatasetSchema;
  // biome-ignore lint/suspicious/noExplicitAny: the fixture's expected block is free-form JSON
  readonly expected: Record<string, any>;
}

/** sdmetrics_fixture.json: 12 real and 12 synthetic rows with SDMetrics' outputs. */
export function loadSdmetricsFixture(): SdmetricsFixture {
  const json = JSON.parse(readFileSync(`${REFERENCE_DIR}/sdmetrics_fixture.json`, 'utf8'));
  const header = json.inputs.columns as string[];
  const schema = schemaFromMetadata(json.inputs.metadata);
  const realRows = json.inputs.real as (string | null)[][];
  const syntheticRows = json.inputs.synthetic as (string | null)[][];
  const realCsv = csvText(header, realRows);
  const syntheticCsv = csvText(header, syntheticRows);
  return {
    real: tableFromCsv(realCsv, schema),
    synthetic: tableFromCsv(syntheticCsv, schema),
    realCsv,
    syntheticCsv,
    header,
    realRows,
    syntheticRows,
    schema,
    expected: json.expected,
  };
}

/** The SDMetrics demo `student_placements` (215 real, 215 synthetic rows) with its metadata. */
export function loadStudentPlacements(): {
  real: PreparedTable;
  synthetic: PreparedTable;
  columns: string[];
} {
  const metadata = JSON.parse(readFileSync(`${REFERENCE_DIR}/student_placements_metadata.json`, 'utf8'));
  const tableMeta = metadata.tables.student_placements;
  const schema = schemaFromMetadata(tableMeta);
  const read = (file: string) => tableFromCsv(readFileSync(`${REFERENCE_DIR}/${file}`, 'utf8'), schema);
  const columns = Object.entries(tableMeta.columns as Record<string, { sdtype: string }>)
    .filter(([, meta]) => meta.sdtype !== 'id')
    .map(([name]) => name);
  return {
    real: read('student_placements_real.csv'),
    synthetic: read('student_placements_synthetic.csv'),
    columns,
  };
}

/** A dataset of ../shared/datasets prepared with an ad-hoc schema. */
export function loadDataset(file: string, kinds: Record<string, ColumnSpec['kind']>): PreparedTable {
  return tableFromCsv(readFileSync(`${DATASETS_DIR}/${file}`, 'utf8'), schemaOf(kinds));
}

/** Relative-or-absolute closeness, like numpy.isclose(actual, expected, rtol, atol). */
export function isClose(actual: number, expected: number, rtol = 0, atol = 1e-9): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * SDMetrics' row distance written out literally (metrics.md §1.7), every query row against every
 * reference row, O(n·m·C): the oracle the fast kernel is checked against.
 */
export function distanceOracle(
  query: PreparedTable,
  reference: PreparedTable,
  columns: readonly string[],
): number[][] {
  const pairs = columns
    .map((name) => ({
      q: query.columns.find((c) => c.spec.name === name)!,
      r: reference.columns.find((c) => c.spec.name === name)!,
    }))
    .filter(({ q }) => ['numeric', 'integer', 'datetime', 'categorical', 'boolean'].includes(q.spec.kind));
  const ranges = pairs.map(({ r }) => {
    if (r.type !== 'number') return Number.NaN;
    const present = [...r.values].filter((x) => !Number.isNaN(x));
    return present.length === 0 ? Number.NaN : Math.max(...present) - Math.min(...present);
  });
  const out: number[][] = [];
  for (let i = 0; i < query.rowCount; i++) {
    const row: number[] = [];
    for (let j = 0; j < reference.rowCount; j++) {
      let sum = 0;
      pairs.forEach(({ q, r }, c) => {
        let d: number;
        if (q.type === 'number' && r.type === 'number') {
          const x = q.values[i]!;
          const y = r.values[j]!;
          const range = ranges[c]!;
          if (Number.isNaN(x) && Number.isNaN(y)) d = 0;
          else if (Number.isNaN(x) || Number.isNaN(y)) d = 1;
          else if (range === 0) d = Math.abs(x - y) > 0 ? 1 : 0;
          else d = Math.min(Math.abs(x - y) / range, 1);
        } else {
          d = q.values[i] === r.values[j] ? 0 : 1;
        }
        sum += d;
      });
      row.push(sum / pairs.length);
    }
    out.push(row);
  }
  return out;
}

/** DCR by the literal definition: the minimum of each row of {@link distanceOracle}. */
export function dcrOracle(
  query: PreparedTable,
  reference: PreparedTable,
  columns: readonly string[],
): number[] {
  return distanceOracle(query, reference, columns).map((row) => Math.min(...row));
}
