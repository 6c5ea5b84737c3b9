/**
 * The fidelity bar of issue 3 and the "private and faithful at once" bar of issue 6, rerunnable by
 * anyone: for every real dataset, infer its schema (no hand edits), split it 70/30 with a seeded
 * split, fit on the 70%, sample as many rows as the 30% holdout, and score both against the 70%
 * with the SDMetrics QualityReport (all pairs). The holdout is a fresh sample of real customers, so
 * its score is the ceiling. The same synthetic rows are then checked for re-identification risk
 * against the holdout under the default release policy.
 *
 * One split of a few hundred customers moves the ceiling by several points (a household with the
 * top income landing in the holdout or not changes every income pair's bins), so each dataset is
 * split with several seeds (default 1-5) and the table shows the ratio of the mean scores with the
 * lowest single-split ratio beside it. doppel's score on a split is the mean over several samples
 * (default 5) of the holdout's size, its expected score; the privacy checks use the first sample.
 *
 *   npx tsx scripts/fidelity-benchmark.ts [DATASETS_DIR] [--seeds 1,2,3,4,5] [--draws 5] [--json FILE]
 *
 * Prints a Markdown table and, with --json, writes every split's figures.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fit } from '../src/model/fit.js';
import { loadPolicy } from '../src/privacy/release-policy.js';
import { sampleTable } from '../src/sample/sample-table.js';
import { validate } from '../src/validate/validate.js';
import { POLICY_FIGURES, validateRelease } from '../src/validate/validate-release.js';
import { benchmarkArgs, protocolSplit, readDataset } from './benchmark-protocol.js';

const { jsonPath, seeds, datasetsDir: dir, flag } = benchmarkArgs();
const draws = Number(flag('--draws') ?? 5);

/** One dataset, one split seed. */
interface Split {
  dataset: string;
  seed: number;
  holdout: number;
  doppel: number;
  worstColumn: { column: string; score: number };
  worstMissingGap: number;
  validity: number;
  dcrOverfittingProtection: number | null;
  exactMatchRate: number;
  holdoutExactMatchRate: number | null;
  policyFailed: string[];
}

const policy = await loadPolicy(join(import.meta.dirname, '../schemas/default-policy.json'), POLICY_FIGURES);

async function runSplit(file: string, seed: number): Promise<Split> {
  const { table, schema } = await readDataset(dir, file);
  const { train, holdout } = protocolSplit(table, seed);
  const model = fit(train, schema, { seed });
  const synthetic = sampleTable(model, { rows: holdout.numRows, seed });
  const ceiling = validate(train, holdout, schema, { seed, target: null }).quality;
  const quality = validate(train, synthetic, schema, { seed, target: null }).quality;
  // The generator's expected score: the mean over `draws` samples of the holdout's size (the first
  // is the one checked below). One draw of 155 households moves the score by ±0.02.
  let overall = quality.overallAllPairs ?? Number.NaN;
  for (let draw = 1; draw < draws; draw++) {
    const again = sampleTable(model, { rows: holdout.numRows, seed: seed + 1000 * draw });
    overall += validate(train, again, schema, { seed, target: null }).quality.overallAllPairs ?? Number.NaN;
  }
  const release = await validateRelease(train, synthetic, schema, { seed, holdout, policy, target: null });
  const privacy = release.privacy;
  if (!privacy || !release.policy) throw new Error('validateRelease ran without a holdout or policy');
  const scored = quality.columns.filter((c) => c.score !== null);
  const worst = scored.reduce((a, b) => ((b.score ?? 1) < (a.score ?? 1) ? b : a));
  return {
    dataset: file,
    seed,
    holdout: ceiling.overallAllPairs ?? Number.NaN,
    doppel: overall / draws,
    worstColumn: { column: worst.column, score: worst.score ?? Number.NaN },
    worstMissingGap: Math.max(...quality.columns.map((c) => 1 - (c.missingValueSimilarity ?? 1))),
    validity: quality.dataValidity.score ?? Number.NaN,
    dcrOverfittingProtection: privacy.figures.dcrOverfittingProtection,
    exactMatchRate: privacy.exactMatchRate,
    holdoutExactMatchRate: privacy.holdoutExactMatchRate,
    policyFailed: release.policy.rules.filter((r) => !r.passed).map((r) => r.figure),
  };
}

const splits: Split[] = [];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.csv'))
  .sort();
for (const file of files) for (const seed of seeds) splits.push(await runSplit(file, seed));

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `Splits per dataset: seeds ${seeds.join(', ')}; doppel's score is the mean of ${draws} samples per split.\n`,
);
console.log(
  '| dataset | holdout (ceiling) | doppel | doppel / ceiling | lowest split | weakest column | max missing-rate gap | data validity | min DCR overfitting | exact copies ≤ holdout | default policy |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const rows = splits.filter((s) => s.dataset === file);
  const worst = rows.reduce((a, b) => (b.worstColumn.score < a.worstColumn.score ? b : a)).worstColumn;
  const dcr = rows.map((r) => r.dcrOverfittingProtection ?? Number.NaN);
  const copiesOk = rows.filter((r) => r.exactMatchRate <= (r.holdoutExactMatchRate ?? Number.NaN)).length;
  const passed = rows.filter((r) => r.policyFailed.length === 0).length;
  const failures = [...new Set(rows.flatMap((r) => r.policyFailed))];
  console.log(
    `| ${file} | ${f3(mean(rows.map((r) => r.holdout)))} | ${f3(mean(rows.map((r) => r.doppel)))} | ${f3(mean(rows.map((r) => r.doppel)) / mean(rows.map((r) => r.holdout)))} | ${f3(Math.min(...rows.map((r) => r.doppel / r.holdout)))} | ${worst.column} ${f3(worst.score)} | ${(100 * Math.max(...rows.map((r) => r.worstMissingGap))).toFixed(2)} pp | ${f3(Math.min(...rows.map((r) => r.validity)))} | ${f3(Math.min(...dcr))} | ${copiesOk} of ${rows.length} | ${passed} of ${rows.length} pass${failures.length > 0 ? ` (failed: ${failures.join(', ')})` : ''} |`,
  );
}
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(splits, null, 2)}\n`);
