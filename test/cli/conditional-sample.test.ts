import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { takeRows } from '../../src/io/take-rows.js';
import { writeTable } from '../../src/io/write-table.js';
import { rowsMatching } from '../../src/sample/conditions/matching-rows.js';
import { parseWhere } from '../../src/sample/conditions/parse-where.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { runDoppel, runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

/**
 * `doppel sample --where` through the real CLI on the real telco sample: fitted on a 70% split,
 * conditioned output is scored against the training customers who satisfy the condition, and the
 * holdout customers who satisfy it give the ceiling (issue 16: ≥ 0.98 of it for conditions that
 * at least 300 real customers meet). The last condition keeps one category in the middle of its
 * column's order, where the copula alone gave the table's mix (0.969 of the ceiling before the
 * fit stored each category's own statistics).
 */
const CONDITIONS = [
  "churn = 'Yes' and internet_service = 'Fiber optic'",
  "contract = 'Month-to-month' and tenure between 1 and 12",
  "monthly_charges > 80 and churn = 'No'",
  "payment_method = 'Electronic check'",
];

let dir: string;
let model: string;
let train: Table;
let holdout: Table;
let schema: DatasetSchema;

beforeAll(async () => {
  dir = temporaryDirectory();
  runDoppelOk(['split', TELCO_CSV, '--holdout', '0.3', '--seed', '1', '--out-dir', dir]);
  model = join(dir, 'telco.model.json');
  runDoppelOk(['fit', join(dir, 'telco_churn.train.csv'), '--schema', TELCO_SCHEMA, '-o', model]);
  train = await readTable(join(dir, 'telco_churn.train.csv'));
  holdout = await readTable(join(dir, 'telco_churn.holdout.csv'));
  schema = await loadDatasetSchema(TELCO_SCHEMA);
});

async function overallQuality(real: string, synthetic: string): Promise<number> {
  const report = join(dir, 'report.json');
  runDoppelOk([
    'validate',
    '--real',
    real,
    '--synthetic',
    synthetic,
    '--schema',
    TELCO_SCHEMA,
    '--json',
    report,
  ]);
  return JSON.parse(readFileSync(report, 'utf8')).quality.overallAllPairs as number;
}

describe('doppel sample --where', () => {
  it.each(CONDITIONS.map((where, i) => [where, i] as const))(
    'every row satisfies %s, and fidelity against the matching real customers is >= 0.98 of their holdout ceiling',
    async (where, i) => {
      const condition = parseWhere(where);
      const trainRows = rowsMatching(train, schema, condition);
      const holdoutRows = rowsMatching(holdout, schema, condition);
      expect(trainRows.length).toBeGreaterThanOrEqual(300);
      const realSubset = join(dir, `real-${i}.csv`);
      const holdoutSubset = join(dir, `holdout-${i}.csv`);
      await writeTable(takeRows(train, trainRows), realSubset);
      await writeTable(takeRows(holdout, holdoutRows), holdoutSubset);
      const out = join(dir, `conditioned-${i}.arrow`);
      runDoppelOk([
        'sample',
        model,
        '--rows',
        String(holdoutRows.length),
        '--where',
        where,
        '--out',
        out,
        '--seed',
        '3',
        '--workers',
        '2',
        '--quiet',
      ]);
      const synthetic = await readTable(out);
      expect(synthetic.numRows).toBe(holdoutRows.length);
      expect(rowsMatching(synthetic, schema, condition).length).toBe(synthetic.numRows);
      const ceiling = await overallQuality(realSubset, holdoutSubset);
      const doppel = await overallQuality(realSubset, out);
      expect(doppel).toBeGreaterThanOrEqual(0.98 * ceiling);
    },
  );

  it('writes the same bytes for any worker count, and shards that add up to the run', () => {
    const where = "tenure < 24 and internet_service in ('DSL', 'No') and monthly_charges >= 25";
    const run = (workers: string, out: string, extra: string[] = []) =>
      runDoppelOk([
        'sample',
        model,
        '--rows',
        '70000',
        '--where',
        where,
        '--out',
        out,
        '--workers',
        workers,
        '--seed',
        '5',
        '--quiet',
        ...extra,
      ]);
    run('1', join(dir, 'all.csv'));
    run('3', join(dir, 'w3.csv'));
    expect(readFileSync(join(dir, 'all.csv')).equals(readFileSync(join(dir, 'w3.csv')))).toBe(true);
    run('2', join(dir, 's0.csv'), ['--shard', '0/2']);
    run('2', join(dir, 's1.csv'), ['--shard', '1/2']);
    const [s0, s1, all] = ['s0.csv', 's1.csv', 'all.csv'].map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(`${s0}${(s1 as string).slice((s1 as string).indexOf('\n') + 1)}`).toBe(all);
  });

  it('a condition on one category (drawn with that category’s own statistics) is the same bytes for any worker count', () => {
    const run = (workers: string, out: string) =>
      runDoppelOk([
        'sample',
        model,
        '--rows',
        '30000',
        '--where',
        "payment_method = 'Electronic check'",
        '--out',
        out,
        '--workers',
        workers,
        '--seed',
        '6',
        '--quiet',
      ]);
    run('1', join(dir, 'category-w1.csv'));
    run('3', join(dir, 'category-w3.csv'));
    const one = readFileSync(join(dir, 'category-w1.csv'));
    expect(one.equals(readFileSync(join(dir, 'category-w3.csv')))).toBe(true);
    expect(one.toString('utf8').split('\n').length).toBe(30002);
  });

  it('samples a conditions file: one block per line, each with its rows and its condition', async () => {
    const file = join(dir, 'conditions.txt');
    writeFileSync(
      file,
      "# fixtures for the rare cases\n3000: senior_citizen = true and internet_service = 'No'\n\n2000: churn = 'Yes' and tenure between 60 and 72\n",
    );
    const out = join(dir, 'file.arrow');
    runDoppelOk(['sample', model, '--where-file', file, '--out', out, '--quiet']);
    const synthetic = await readTable(out);
    expect(synthetic.numRows).toBe(5000);
    const first = rowsMatching(
      synthetic,
      schema,
      parseWhere("senior_citizen = true and internet_service = 'No'"),
    );
    const second = rowsMatching(synthetic, schema, parseWhere("churn = 'Yes' and tenure between 60 and 72"));
    expect(first.filter((r) => r < 3000)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(second.filter((r) => r >= 3000).length).toBe(2000);
  });

  it('rebalances a column to equal shares, or to the shares of a file', async () => {
    const out = join(dir, 'balanced.arrow');
    runDoppelOk(['sample', model, '--rows', '9001', '--rebalance', 'contract', '--out', out, '--quiet']);
    const synthetic = await readTable(out);
    const counts = ['Month-to-month', 'One year', 'Two year'].map(
      (c) => rowsMatching(synthetic, schema, parseWhere(`contract = '${c}'`)).length,
    );
    expect(counts.sort()).toEqual([3000, 3000, 3001]);
    const shares = join(dir, 'shares.json');
    writeFileSync(shares, JSON.stringify({ Yes: 0.5, No: 0.5 }));
    runDoppelOk([
      'sample',
      model,
      '--rows',
      '1000',
      '--rebalance',
      'churn',
      '--shares',
      shares,
      '--out',
      out,
      '--quiet',
    ]);
    const churned = rowsMatching(await readTable(out), schema, parseWhere("churn = 'Yes'"));
    expect(churned.length).toBe(500);
  });

  it('refuses a condition the model cannot meet with exit 2, naming it and nothing the model hides', () => {
    const out = join(dir, 'never.arrow');
    const category = runDoppel([
      'sample',
      model,
      '--rows',
      '10',
      '--where',
      "payment_method = 'Cash'",
      '--out',
      out,
    ]);
    expect(category.code).toBe(2);
    expect(category.stderr).toMatch(/the condition payment_method = 'Cash' cannot be met/);
    expect(category.stderr).toMatch(/fewer than k customers are never stored/);
    const range = runDoppel(['sample', model, '--rows', '10', '--where', 'tenure > 500', '--out', out]);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/the condition tenure > 500 cannot be met/);
    const contradiction = runDoppel([
      'sample',
      model,
      '--rows',
      '10',
      '--where',
      "internet_service = 'No' and online_security = 'Yes'",
      '--out',
      out,
    ]);
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toMatch(/cannot be met/);
    const syntax = runDoppel([
      'sample',
      model,
      '--rows',
      '10',
      '--where',
      "churn = 'Yes' or tenure < 3",
      '--out',
      out,
    ]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/only "and" joins terms/);
    for (const result of [category, range, contradiction, syntax])
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
