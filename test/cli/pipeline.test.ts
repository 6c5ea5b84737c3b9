import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, tableFromIPC } from 'apache-arrow';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/read-csv.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const ROWS = 30_000;
const schema = JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')) as {
  columns: { name: string; kind: string }[];
};
const real = readCsv(readFileSync(TELCO_CSV, 'utf8'), 'telco');

/** The whole job through the real CLI on the bundled real sample: fit → sample (workers) → validate. */
describe('doppel run on the telco sample', () => {
  let dir: string;
  let out: string;
  let stdout: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    out = join(dir, 'telco.arrow');
    const result = runDoppel([
      'run',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--rows',
      String(ROWS),
      '--out',
      out,
      '--workers',
      '2',
      '--seed',
      '11',
      '--quiet',
      '--json',
      join(dir, 'report.json'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    stdout = result.stdout;
  });

  it('prints the fit, sampling and quality summaries', () => {
    expect(stdout).toMatch(/held out 2113 of 7043 real rows/);
    expect(stdout).toMatch(/fit: 4930 of 4930 rows used/);
    expect(stdout).toMatch(/DCR overfitting protection/);
    expect(stdout).toMatch(new RegExp(`sampled ${ROWS.toLocaleString('en')} rows`));
    expect(stdout).toMatch(/overall/i);
  });

  it('reaches an overall quality (all pairs) of at least 0.85', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.quality.overallAllPairs).toBeGreaterThanOrEqual(0.85);
    expect(report.quality.overall).toBeGreaterThan(0.5);
  });

  it('reports privacy against the 30% holdout: no exact copies beyond what fresh customers show', () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.privacy.rows).toEqual({ training: 4930, holdout: 2113, synthetic: 4930 });
    expect(report.privacy.figures.exactMatchRateExcess).toBeLessThanOrEqual(0.001);
    expect(report.privacy.figures.newRowSynthesis).toBeGreaterThan(0.9);
    expect(report.privacy.figures.singlingOutRiskMultivariate).toBeLessThan(0.15);
  });

  it('writes an Arrow file an independent reader (polars) reads, with types that fit', () => {
    // nodejs-polars 0.24 (the last build for Node 20) reads IPC files from a buffer; its path reader
    // rejects any footer, even one apache-arrow's own writer produced for a 3-row table.
    const frame = pl.readIPC(readFileSync(out));
    expect(frame.height).toBe(ROWS);
    expect(frame.columns).toEqual(schema.columns.map((c) => c.name));
    const dtypes = Object.fromEntries(
      frame.columns.map((name) => [name, String(frame.getColumn(name).dtype)]),
    );
    expect(dtypes['tenure']).toMatch(/Int32|Int64/);
    expect(dtypes['monthly_charges']).toMatch(/Float64/);
    expect(dtypes['churn']).toMatch(/Categorical/);
    expect(dtypes['female']).toMatch(/Bool/);
  });

  it('uses dictionaries for categoricals and integers for integer columns (apache-arrow)', () => {
    const table = tableFromIPC(readFileSync(out));
    for (const column of schema.columns) {
      const type = table.schema.fields.find((f) => f.name === column.name)!.type;
      if (column.kind === 'categorical') expect(DataType.isDictionary(type)).toBe(true);
      if (column.kind === 'integer') expect(DataType.isInt(type)).toBe(true);
      if (column.kind === 'boolean') expect(DataType.isBool(type)).toBe(true);
    }
  });

  it('holds only categories seen in the real data and integers inside the real range', () => {
    const table = tableFromIPC(readFileSync(out));
    for (const column of schema.columns) {
      const realValues = real.getChild(column.name)!.toArray() as ArrayLike<unknown>;
      const synthetic = table.getChild(column.name)!;
      if (column.kind === 'categorical') {
        const seen = new Set(Array.from(realValues, String));
        const values = new Set(Array.from(synthetic.toArray() as ArrayLike<unknown>, String));
        for (const value of values) expect(seen.has(value), `${column.name}: unseen category`).toBe(true);
      }
      if (column.kind === 'integer') {
        const present = Array.from(realValues as ArrayLike<number>).filter((v) => Number.isFinite(v));
        const [min, max] = [Math.min(...present), Math.max(...present)];
        for (const value of synthetic) {
          if (value === null) continue;
          const n = Number(value);
          expect(Number.isInteger(n) && n >= min && n <= max, `${column.name} out of range`).toBe(true);
        }
      }
    }
  });

  it('gives byte-identical files for --workers 1 and --workers 2', () => {
    const model = join(dir, 'telco.model.json');
    const one = join(dir, 'w1.arrow');
    const two = join(dir, 'w2.arrow');
    for (const [workers, path] of [
      ['1', one],
      ['2', two],
    ] as const) {
      const result = runDoppel([
        'sample',
        model,
        '--rows',
        '150000',
        '--seed',
        '5',
        '--workers',
        workers,
        '--out',
        path,
        '--quiet',
      ]);
      expect(result.code).toBe(0);
    }
    const a = readFileSync(one);
    const b = readFileSync(two);
    expect(a.length).toBeGreaterThan(1_000_000);
    expect(a.equals(b)).toBe(true);
  });
});
