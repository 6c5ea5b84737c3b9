/**
 * Fidelity at privacy (issue 7), rerunnable by anyone: for each real dataset, infer its schema (no
 * hand edits), split it 70/30 with a seeded split, and run the ε sweep of `doppel run
 * --epsilon-sweep` on the 70%: one fit per ε and split seed (the split seed is the fit seed) plus the
 * fit without DP, as many synthetic rows as the 30% holdout, scored against the 70% with the
 * SDMetrics QualityReport (all pairs). The table shows the mean over split seeds and the lowest
 * single split at ε = 1 and 5.
 *
 *   npx tsx scripts/epsilon-benchmark.ts [DATASETS_DIR] [--datasets telco_churn.csv,credit_data.csv]
 *     [--epsilons 0.5,1,2,5,10] [--seeds 1,2,3,4,5] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type EpsilonSweep, epsilonSweep, parseEpsilonList } from '../src/validate/epsilon-sweep.js';
import { benchmarkArgs, protocolSplit, readDataset } from './benchmark-protocol.js';

const { flag, jsonPath, seeds, datasetsDir: dir } = benchmarkArgs();
const epsilons = parseEpsilonList(flag('--epsilons') ?? '0.5,1,2,5,10');
const files = (flag('--datasets') ?? 'telco_churn.csv,credit_data.csv').split(',');

interface Split {
  dataset: string;
  seed: number;
  seconds: number;
  sweep: EpsilonSweep;
}

const splits: Split[] = [];
for (const file of files) {
  const { table, schema } = await readDataset(dir, file);
  for (const seed of seeds) {
    const { train, holdout } = protocolSplit(table, seed);
    const started = performance.now();
    const sweep = epsilonSweep(train, schema, { epsilons, seed, rows: holdout.numRows, repetitions: 1 });
    splits.push({ dataset: file, seed, seconds: (performance.now() - started) / 1000, sweep });
  }
}

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const scoresAt = (rows: Split[], epsilon: number | null) =>
  rows.map((r) => r.sweep.points.find((p) => p.epsilon === epsilon)!.overallAllPairs);
console.log(`Quality (all pairs), mean over split seeds ${seeds.join(', ')}:\n`);
console.log(`| ε | ${epsilons.join(' | ')} | no DP | lowest split ε = 1 / 5 | seconds per split |`);
console.log(`|---|${'---|'.repeat(epsilons.length + 3)}`);
for (const file of files) {
  const rows = splits.filter((s) => s.dataset === file);
  const lowest = [1, 5].map((e) => (epsilons.includes(e) ? f3(Math.min(...scoresAt(rows, e))) : 'n/a'));
  console.log(
    `| ${basename(file, '.csv')} | ${[...epsilons, null].map((e) => f3(mean(scoresAt(rows, e)))).join(' | ')} | ${lowest.join(' / ')} | ${mean(rows.map((r) => r.seconds)).toFixed(1)} |`,
  );
}
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(splits, null, 2)}\n`);
