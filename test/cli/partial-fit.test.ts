import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../shared-data.js';
import { runDoppel, runDoppelOk, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

interface ModelJson {
  fit: unknown;
  columns: { name: string; kind: string; categories?: string[]; probabilities?: number[] }[];
  copula: { dimensions: unknown[]; correlation: number[][] };
  mixture?: { column: string; components: { category: string; weight: number; columns: unknown[] }[] };
}

/** Writes the CSV's data rows as consecutive blocks ending at `cuts` (a split by position, not at random). */
function splitCsv(path: string, cuts: readonly number[], dir: string, prefix: string): string[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const bounds = [0, ...cuts, rows.length];
  return bounds.slice(1).map((end, i) => {
    const file = join(dir, `${prefix}-${i}.csv`);
    writeFileSync(file, `${[header, ...rows.slice(bounds[i], end)].join('\n')}\n`);
    return file;
  });
}

/** The two passes and two merges, through the CLI, as a batch engine would run them. */
function fitByPartials(parts: readonly string[], schema: string, dir: string, prefix: string): string {
  const first = parts.map((part, i) => {
    const out = join(dir, `${prefix}-first-${i}.json`);
    const run = runDoppelOk(['fit', part, '--schema', schema, '--partial', '-o', out]);
    expect(run.stdout).toContain('keep it with the data owner');
    return out;
  });
  const plan = join(dir, `${prefix}-plan.json`);
  runDoppelOk(['fit', '--merge', ...first, '--schema', schema, '-o', plan]);
  const second = parts.map((part, i) => {
    const out = join(dir, `${prefix}-second-${i}.json`);
    runDoppelOk(['fit', part, '--schema', schema, '--partial', '--plan', plan, '-o', out]);
    return out;
  });
  const model = join(dir, `${prefix}-model.json`);
  runDoppelOk(['fit', '--merge', ...second, '--schema', schema, '-o', model]);
  return model;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ModelJson;

/**
 * Columns with each categorical's frequencies by category: the counts are exact, while the order of
 * nominal categories follows mean normal scores, which the merge computes without the row fit's
 * random draws (two categories with nearly equal means may swap).
 */
function frequencies(columns: ModelJson['columns']): unknown[] {
  return columns.map((c) =>
    c.kind === 'categorical'
      ? {
          ...c,
          categories: undefined,
          probabilities: undefined,
          byCategory: new Map(c.categories!.map((label, i) => [label, c.probabilities![i]])),
        }
      : c,
  );
}

function quality(model: string, real: string, schema: string, dir: string): number {
  const synthetic = `${model}.arrow`;
  runDoppelOk(['sample', model, '--rows', '7043', '--seed', '7', '-o', synthetic]);
  const report = `${model}.report.json`;
  runDoppelOk([
    'validate',
    '--real',
    real,
    '--synthetic',
    synthetic,
    '--schema',
    schema,
    '--no-utility',
    '--json',
    report,
  ]);
  void dir;
  return (JSON.parse(readFileSync(report, 'utf8')) as { quality: { overallAllPairs: number } }).quality
    .overallAllPairs;
}

describe('fit --partial / --merge', () => {
  const telco = join(DATASETS, 'telco_churn.csv');

  it('4 partials of telco (stratified by internet_service) merge to the single fit: counts exact, quality within 0.005', () => {
    const dir = temporaryDirectory();
    const schema = join(dir, 'telco-stratified.json');
    const base = JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')) as Record<string, unknown>;
    writeFileSync(schema, JSON.stringify({ ...base, model: { stratifyBy: 'internet_service' } }));
    const parts = splitCsv(telco, [1000, 3000, 3100], dir, 'telco');
    const merged = read(fitByPartials(parts, schema, dir, 'four'));
    const singlePath = join(dir, 'single.json');
    runDoppelOk(['fit', telco, '--schema', schema, '-o', singlePath]);
    const single = read(singlePath);

    // Every marginal is built from exact counts and values: the same as the row fit's, category order included.
    expect(merged.fit).toEqual(single.fit);
    expect(merged.columns).toEqual(single.columns);
    expect(merged.mixture?.column).toBe('internet_service');
    expect(merged.mixture?.components.map((c) => [c.category, c.weight])).toEqual(
      single.mixture?.components.map((c) => [c.category, c.weight]),
    );
    merged.mixture?.components.forEach((c, g) => {
      expect(frequencies(c.columns as ModelJson['columns'])).toEqual(
        frequencies(single.mixture?.components[g]?.columns as ModelJson['columns']),
      );
    });
    expect(merged.copula.dimensions).toEqual(single.copula.dimensions);

    const q = {
      merged: quality(join(dir, 'four-model.json'), telco, schema, dir),
      single: quality(singlePath, telco, schema, dir),
    };
    expect(Math.abs(q.merged - q.single)).toBeLessThanOrEqual(0.005);
  }, 300_000);

  it('any split of credit_data (missing values in six columns) merges to the same model', () => {
    const dir = temporaryDirectory();
    const credit = join(DATASETS, 'credit_data.csv');
    const schema = join(dir, 'credit.json');
    runDoppelOk(['infer', credit, '-o', schema]);
    // Enforced business rules that derive a column are not in the partial path yet (README).
    const inferred = JSON.parse(readFileSync(schema, 'utf8')) as Record<string, unknown>;
    writeFileSync(schema, JSON.stringify({ ...inferred, rules: [] }));
    const two = read(fitByPartials(splitCsv(credit, [2000], dir, 'two'), schema, dir, 'two'));
    const three = read(fitByPartials(splitCsv(credit, [10, 3000], dir, 'three'), schema, dir, 'three'));
    expect(three.columns).toEqual(two.columns);
    expect(three.copula.dimensions).toEqual(two.copula.dimensions);
    const r2 = two.copula.correlation.flat();
    three.copula.correlation.flat().forEach((r, i) => {
      expect(Math.abs(r - r2[i]!)).toBeLessThan(1e-9);
    });
    // The marginals are the row fit's.
    const single = join(dir, 'single.json');
    runDoppelOk(['fit', credit, '--schema', schema, '-o', single]);
    expect(frequencies(two.columns)).toEqual(frequencies(read(single).columns));
  }, 300_000);

  it('refuses partials of another schema or version, a missing partition and --epsilon: exit 2, nothing written', () => {
    const dir = temporaryDirectory();
    const parts = splitCsv(telco, [3500], dir, 'p');
    const first = parts.map((part, i) => {
      const out = join(dir, `first-${i}.json`);
      runDoppelOk(['fit', part, '--schema', TELCO_SCHEMA, '--partial', '-o', out]);
      return out;
    });
    const file = readFileSync(first[0]!, 'utf8');
    expect(JSON.parse(file).notice).toMatch(/never share it/);

    const otherSchema = join(dir, 'other.json');
    const base = JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')) as Record<string, unknown>;
    writeFileSync(otherSchema, JSON.stringify({ ...base, name: 'telco-other' }));
    const otherOut = join(dir, 'other-plan.json');
    const other = runDoppel(['fit', '--merge', ...first, '--schema', otherSchema, '-o', otherOut]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('was written with another dataset schema');
    expect(existsSync(otherOut)).toBe(false);

    const old = join(dir, 'old.json');
    writeFileSync(old, file.replace('"formatVersion":1', '"formatVersion":0'));
    const versionOut = join(dir, 'version-plan.json');
    const version = runDoppel(['fit', '--merge', old, first[1]!, '--schema', TELCO_SCHEMA, '-o', versionOut]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/partial format 0 .*write the partials again/);
    expect(existsSync(versionOut)).toBe(false);

    const plan = join(dir, 'plan.json');
    runDoppelOk(['fit', '--merge', ...first, '--schema', TELCO_SCHEMA, '-o', plan]);
    const second = join(dir, 'second-0.json');
    runDoppelOk(['fit', parts[0]!, '--schema', TELCO_SCHEMA, '--partial', '--plan', plan, '-o', second]);
    const modelOut = join(dir, 'model.json');
    const missing = runDoppel(['fit', '--merge', second, '--schema', TELCO_SCHEMA, '-o', modelOut]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('do not add up to the data the plan was made from');
    expect(existsSync(modelOut)).toBe(false);

    // A private fit releases its own copula sums: --epsilon goes to the merge of the first pass.
    const dp = runDoppel([
      'fit',
      '--merge',
      second,
      '--schema',
      TELCO_SCHEMA,
      '--epsilon',
      '1',
      '-o',
      modelOut,
    ]);
    expect(dp.code).toBe(2);
    expect(dp.stderr).toContain('merge the first-pass partials');
    expect(existsSync(modelOut)).toBe(false);
  }, 300_000);
});
