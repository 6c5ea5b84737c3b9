import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CategoryMeans } from '../../src/model/category-means.js';
import { DATASETS } from '../shared-data.js';
import { runDoppelOk, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

/**
 * Conditioned sampling on models fitted from statistics instead of rows: `fit --partial/--merge`
 * and `fit --stream` store the categories' own statistics (category-means-from-sums.ts) from the
 * merged sums, so a condition on one category follows that category's real customers as on a row
 * fit; a model without them (written before they were stored) still samples exactly.
 */
const telco = join(DATASETS, 'telco_churn.csv');
const WHERE = "payment_method = 'Electronic check'";
type Copula = { dimensions: unknown[]; categoryMeans?: CategoryMeans[] };
let dir: string;
let merged: string;
let realMonthly: number;

const readModel = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { copula: Copula };

/** The share of month-to-month contracts among the real customers who pay by electronic check. */
function realSubsetShare(): number {
  const rows = (parse(readFileSync(telco, 'utf8'), { columns: true }) as Record<string, string>[]).filter(
    (row) => row.payment_method === 'Electronic check',
  );
  return rows.filter((row) => row.contract === 'Month-to-month').length / rows.length;
}

/** Samples 20,000 customers under WHERE; every one must pay by electronic check. */
function monthlyShareUnderCondition(model: string, out: string): number {
  runDoppelOk(['sample', model, '--rows', '20000', '--where', WHERE, '--seed', '4', '-o', out, '--quiet']);
  const table = tableFromIPC(readFileSync(out));
  const payment = table.getChild('payment_method')!;
  const contract = table.getChild('contract')!;
  let monthly = 0;
  for (let i = 0; i < table.numRows; i++) {
    expect(payment.get(i)).toBe('Electronic check');
    if (contract.get(i) === 'Month-to-month') monthly++;
  }
  expect(table.numRows).toBe(20_000);
  return monthly / table.numRows;
}

beforeAll(() => {
  dir = temporaryDirectory();
  realMonthly = realSubsetShare();
  // Three partitions by position, two passes, two merges: as a batch engine runs them.
  const [header, ...rows] = readFileSync(telco, 'utf8').trimEnd().split('\n');
  const bounds = [0, 2000, 4500, rows.length];
  const parts = bounds.slice(1).map((end, i) => {
    const file = join(dir, `part-${i}.csv`);
    writeFileSync(file, `${[header, ...rows.slice(bounds[i], end)].join('\n')}\n`);
    return file;
  });
  const first = parts.map((part, i) => {
    const out = join(dir, `first-${i}.json`);
    runDoppelOk(['fit', part, '--schema', TELCO_SCHEMA, '--partial', '-o', out]);
    return out;
  });
  const plan = join(dir, 'plan.json');
  runDoppelOk(['fit', '--merge', ...first, '--schema', TELCO_SCHEMA, '-o', plan]);
  const second = parts.map((part, i) => {
    const out = join(dir, `second-${i}.json`);
    runDoppelOk(['fit', part, '--schema', TELCO_SCHEMA, '--partial', '--plan', plan, '-o', out]);
    return out;
  });
  merged = join(dir, 'merged.json');
  runDoppelOk(['fit', '--merge', ...second, '--schema', TELCO_SCHEMA, '-o', merged]);
});

describe('conditions on models fitted from merged statistics', () => {
  it('the merged and the streamed fit store the categories’ statistics, as the row fit does', () => {
    const streamed = join(dir, 'streamed.json');
    runDoppelOk(['fit', telco, '--schema', TELCO_SCHEMA, '--stream', '-o', streamed]);
    const row = join(dir, 'row.json');
    runDoppelOk(['fit', telco, '--schema', TELCO_SCHEMA, '-o', row]);
    const rowCopula = readModel(row).copula;
    for (const copula of [readModel(merged).copula, readModel(streamed).copula]) {
      expect(copula.dimensions).toEqual(rowCopula.dimensions);
      const stats = copula.categoryMeans!;
      expect(stats.map((s) => s.dimension)).toEqual(rowCopula.categoryMeans!.map((s) => s.dimension));
      stats.forEach((s, c) => {
        const expected = rowCopula.categoryMeans![c]!;
        s.shares.forEach((perCategory, k) => {
          expect(perCategory === null).toBe(expected.shares[k] === null);
          perCategory?.forEach((shares, i) => {
            expect(shares === null).toBe(expected.shares[k]![i] === null);
            // Outcome shares are counts of the same rows (the row fit reads all 7,043 of them).
            shares?.forEach((share, o) => {
              expect(Math.abs(share - expected.shares[k]![i]![o]!)).toBeLessThan(0.002);
            });
          });
          s.means[k]?.forEach((mean, i) => {
            const other = expected.means[k]![i];
            expect(mean === null).toBe(other === null);
            // The row fit draws each row's score inside its interval; the sums use the interval's moments.
            if (mean !== null && other !== null && other !== undefined)
              expect(Math.abs(mean - other)).toBeLessThan(0.08);
          });
        });
      });
    }
  }, 120_000);

  it('a condition on one category of a merged model is exact and follows that category’s real customers', () => {
    const share = monthlyShareUnderCondition(merged, join(dir, 'merged-echeck.arrow'));
    // 2,365 real customers pay by electronic check: a share's sampling error is about 0.009.
    expect(Math.abs(share - realMonthly)).toBeLessThan(0.03);
  }, 120_000);

  it('a merged model without the categories’ statistics still samples exactly', () => {
    const model = JSON.parse(readFileSync(merged, 'utf8')) as { copula: Copula };
    delete model.copula.categoryMeans;
    const older = join(dir, 'older.json');
    writeFileSync(older, JSON.stringify(model));
    const share = monthlyShareUnderCondition(older, join(dir, 'older-echeck.arrow'));
    // Exact, but the copula alone gives the category about its neighbours' contract mix (measured
    // 0.57 against the real 0.78): why the merge now stores the statistics.
    expect(Math.abs(share - realMonthly)).toBeGreaterThan(0.05);
  }, 120_000);
});
