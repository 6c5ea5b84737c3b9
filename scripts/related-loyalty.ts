/**
 * Brand loyalty on the margarine panel, the protocol of issue 13: split the households 70/30 (seeds
 * 1-5), fit on the 70% with the built CLI, sample as many households as the holdout, and compare the
 * share of consecutive purchases of the same product (holdout, training, synthetic), with the
 * referential integrity of the synthetic purchases.
 *   npm run build && npx tsx scripts/related-loyalty.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  columnStrings,
  readArrow,
  readCsvRows,
  referentialIntegrity,
  repeatShare,
} from '../test/cli/related-helpers.js';

const ROOT = new URL('../', import.meta.url).pathname;
const doppel = (args: string[]) =>
  execFileSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
const dir = mkdtempSync(join(tmpdir(), 'doppel-loyalty-'));
const csvShare = (path: string) => {
  const rows = readCsvRows(path);
  return repeatShare(
    rows.map((r) => r['hhid'] ?? null),
    rows.map((r) => r['choice'] ?? null),
  );
};
console.log('| seed | holdout | training | synthetic | synthetic − holdout | ReferentialIntegrity |');
console.log('|---|---|---|---|---|---|');
const gaps: number[] = [];
const pairs: [number, number][] = [];
for (const seed of [1, 2, 3, 4, 5]) {
  const split = join(dir, `split-${seed}`);
  doppel([
    'split',
    '--schema',
    'schemas/margarine.json',
    '--holdout',
    '0.3',
    '--seed',
    String(seed),
    '--out-dir',
    split,
  ]);
  const model = join(split, 'model.json');
  doppel(['fit', '--schema', join(split, 'train', 'schema.json'), '-o', model]);
  const holdoutHouseholds = readCsvRows(join(split, 'holdout', 'margarine_households.csv')).length;
  const out = join(split, 'synthetic');
  doppel(['sample', model, '--rows', String(holdoutHouseholds), '--seed', String(seed), '--out', out]);
  const purchases = readArrow(join(out, 'margarine_purchases.arrow'));
  const households = readArrow(join(out, 'margarine_households.arrow'));
  const foreign = columnStrings(purchases, 'hhid');
  const synthetic = repeatShare(foreign, columnStrings(purchases, 'choice'));
  const holdout = csvShare(join(split, 'holdout', 'margarine_purchases.csv'));
  const training = csvShare(join(split, 'train', 'margarine_purchases.csv'));
  const integrity = referentialIntegrity(columnStrings(households, 'hhid'), foreign);
  gaps.push(synthetic - holdout);
  pairs.push([holdout, synthetic]);
  console.log(
    `| ${seed} | ${holdout.toFixed(3)} | ${training.toFixed(3)} | ${synthetic.toFixed(3)} | ${(synthetic - holdout).toFixed(3)} | ${integrity.toFixed(3)} |`,
  );
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `mean: holdout ${mean(pairs.map((p) => p[0])).toFixed(3)}, synthetic ${mean(pairs.map((p) => p[1])).toFixed(3)}, mean |synthetic − holdout| ${mean(gaps.map(Math.abs)).toFixed(3)}`,
);
rmSync(dir, { recursive: true, force: true });
