import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../src/validate/validate.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../cli/run-doppel.js';

/** `doppel validate` through the real binary: flags, outputs, and where each output goes. */
describe('doppel validate', () => {
  let dir: string;
  let train: string;
  let holdout: string;
  let synthetic: string;

  beforeAll(() => {
    dir = temporaryDirectory();
    const model = join(dir, 'model.json');
    synthetic = join(dir, 'synthetic.arrow');
    expect(runDoppel(['split', TELCO_CSV, '--holdout', '0.3', '--seed', '3', '--out-dir', dir]).code).toBe(0);
    train = join(dir, 'telco_churn.train.csv');
    holdout = join(dir, 'telco_churn.holdout.csv');
    expect(runDoppel(['fit', train, '--schema', TELCO_SCHEMA, '-o', model]).code).toBe(0);
    expect(runDoppel(['sample', model, '--rows', '10000', '--out', synthetic, '--quiet']).code).toBe(0);
  });

  it('--json alone prints only JSON on stdout, while --html writes the page and says so on stderr', () => {
    const html = join(dir, 'alone.html');
    const args = [
      'validate',
      '--real',
      train,
      '--holdout',
      holdout,
      '--synthetic',
      synthetic,
      '-s',
      TELCO_SCHEMA,
    ];
    const result = runDoppel([...args, '--json', '--html', html]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ValidationReport;
    expect(report.format).toBe('doppel-validation-report');
    expect(report.rows).toMatchObject({ real: 4930, holdout: 2113, synthetic: 10_000 });
    expect(report.inputs).toEqual({ real: train, synthetic, schema: TELCO_SCHEMA, holdout });
    expect(report.utility).toMatchObject({ target: 'churn', testSource: 'holdout', rows: { test: 2113 } });
    expect(result.stderr).toBe(`HTML report written to ${html}\n`);
    expect(readFileSync(html, 'utf8').startsWith('<!doctype html>')).toBe(true);
  });

  it('--json FILE writes the report and prints the summary, utility and segments included', () => {
    const json = join(dir, 'report.json');
    const result = runDoppel([
      'validate',
      '--real',
      TELCO_CSV,
      '--synthetic',
      synthetic,
      '-s',
      TELCO_SCHEMA,
      '--json',
      json,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Utility \(train on synthetic, test on real\): predicting "churn"/m);
    expect(result.stdout).toMatch(/^ {2}train on synthetic {3}accuracy 0\.\d{4} {3}ratio \d\.\d{4}$/m);
    expect(result.stdout).toMatch(/^Segments: \d+ of 12 groups flagged/m);
    expect(result.stdout).toContain(`report written to ${json}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ValidationReport;
    expect(report.utility?.testSource).toBe('split');
    expect(report.segments.columns).toHaveLength(5);
    expect(report.distributions).toHaveLength(20);
  });

  it('--target picks another column, --no-utility skips the check', () => {
    const base = ['validate', '--real', TELCO_CSV, '--synthetic', synthetic, '-s', TELCO_SCHEMA, '--json'];
    const other = JSON.parse(runDoppel([...base, '--target', 'contract']).stdout) as ValidationReport;
    expect(other.utility).toMatchObject({ target: 'contract', task: 'classification', classes: 3 });
    const none = JSON.parse(runDoppel([...base, '--no-utility']).stdout) as ValidationReport;
    expect(none.utility).toBeNull();
  });

  it('rejects a target the schema does not have with exit code 2 and no report', () => {
    const html = join(dir, 'never.html');
    const result = runDoppel([
      'validate',
      '--real',
      TELCO_CSV,
      '--synthetic',
      synthetic,
      '-s',
      TELCO_SCHEMA,
      '--target',
      'loyalty',
      '--html',
      html,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: the utility target "loyalty" is not a column of the schema');
    expect(existsSync(html)).toBe(false);
  });
});
