/**
 * How often fresh real customers fail the DCR overfitting bar (the policy's 0.95), as a baseline
 * for a generator's dips: each dataset is shuffled into three disjoint parts, 50% "training", 25%
 * holdout and 25% fresh customers scored as if they were synthetic (DCROverfittingProtection with
 * equal-size references, five subsamples, as `doppel validate` computes it). A generator that never
 * saw the training rows reads like the fresh part; with a few hundred rows the share closer to
 * training has a binomial spread of ±0.025, ±0.05 in the score.
 *
 *   npx tsx scripts/dcr-fresh-baseline.ts [DATASETS_DIR] [--seeds 1,...,30]
 */
import { readdirSync } from 'node:fs';
import { dcrOverfittingProtection } from '../src/privacy/dcr-overfitting-protection.js';
import { comparableColumnNames } from '../src/privacy/table-columns.js';
import { prepareTable, selectRows } from '../src/schema/prepare-table.js';
import { makeRandom } from '../src/stats/random.js';
import { shuffleInPlace } from '../src/stats/random-rows.js';
import { benchmarkArgs, readDataset } from './benchmark-protocol.js';

const args = benchmarkArgs();
const seeds = args.flag('--seeds') ? args.seeds : Array.from({ length: 30 }, (_, i) => i + 1);
const BAR = 0.95;

console.log(`Fresh real customers as synthetic, ${seeds.length} shuffles 50/25/25 per dataset.\n`);
console.log('| dataset | fresh rows | mean | lowest | below 0.95 |');
console.log('|---|---|---|---|---|');
for (const file of readdirSync(args.datasetsDir)
  .filter((f) => f.endsWith('.csv'))
  .sort()) {
  const { table, schema } = await readDataset(args.datasetsDir, file);
  const all = prepareTable(table, schema, { columns: 'all', applyConsent: true });
  const columns = comparableColumnNames(all);
  const n = all.rowCount;
  const scores: number[] = [];
  for (const seed of seeds) {
    const order = shuffleInPlace(
      makeRandom(seed, 5),
      Int32Array.from({ length: n }, (_, i) => i),
    );
    const [a, b] = [Math.floor(n / 2), Math.floor((3 * n) / 4)];
    const result = await dcrOverfittingProtection(
      selectRows(all, order.subarray(0, a)),
      selectRows(all, order.subarray(a, b)),
      selectRows(all, order.subarray(b)),
      columns,
      { random: makeRandom(seed, 7), iterations: 5, workers: 2 },
    );
    scores.push(result.equalSize.score);
  }
  const mean = scores.reduce((x, y) => x + y, 0) / scores.length;
  const below = scores.filter((s) => s < BAR).length;
  console.log(
    `| ${file} | ${n - Math.floor((3 * n) / 4)} | ${mean.toFixed(3)} | ${Math.min(...scores).toFixed(3)} | ${below} of ${scores.length} |`,
  );
}
