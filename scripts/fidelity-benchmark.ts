/**
 * The fidelity bar of issue 3, rerunnable by anyone: for every real dataset, infer its schema (no
 * hand edits), split it 70/30 with a seeded split, fit on the 70%, sample as many rows as the 30%
 * holdout, and score both against the 70% with the SDMetrics QualityReport (all pairs). The
 * holdout is a fresh sample of real customers, so its score is the ceiling. The same synthetic
 * rows are then checked for re-identification risk against the holdout under the default release
 * policy (issue 6: private and faithful at once).
 *
 *   npx tsx scripts/fidelity-benchmark.ts [DATASETS_DIR] [--json FILE]
 *
 * Prints a Markdown table (holdout score, doppel score, ratio, the policy's verdict) and the
 * per-dataset checks.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readTable } from '../src/io/read-table.js';
import { splitTable } from '../src/io/split-table.js';
import { fit } from '../src/model/fit.js';
import { loadPolicy } from '../src/privacy/release-policy.js';
import { sampleTable } from '../src/sample/sample-table.js';
import { inferSchema } from '../src/schema/infer-schema.js';
import { makeRandom } from '../src/stats/random.js';
import { validate } from '../src/validate/validate.js';
import { POLICY_FIGURES, validateRelease } from '../src/validate/validate-release.js';

const SEED = 20261122;
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const dir = resolve(
  args.find((a, i) => !a.startsWith('--') && i !== jsonAt + 1) ??
    join(import.meta.dirname, '../../shared/datasets'),
);

interface Row {
  dataset: string;
  holdout: number;
  doppel: number;
  ratio: number;
  worstColumn: { column: string; score: number };
  worstMissingGap: number;
  validity: number;
  dcrOverfittingProtection: number | null;
  exactMatchRate: number;
  holdoutExactMatchRate: number | null;
  policyFailed: string[];
}

const policy = await loadPolicy(join(import.meta.dirname, '../schemas/default-policy.json'), POLICY_FIGURES);

const rows: Row[] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.csv'))
  .sort()) {
  const table = await readTable(join(dir, file));
  const schema = inferSchema(table, { name: basename(file, '.csv') });
  const { train, holdout } = splitTable(table, 0.3, makeRandom(SEED, 0));
  const model = fit(train, schema, {
    seed: SEED,
    ...(process.env.K ? { minCount: Number(process.env.K) } : {}),
  });
  const synthetic = sampleTable(model, { rows: holdout.numRows, seed: SEED });
  const ceiling = validate(train, holdout, schema, { seed: SEED }).quality;
  const quality = validate(train, synthetic, schema, { seed: SEED }).quality;
  const release = await validateRelease(train, synthetic, schema, {
    seed: SEED,
    holdout,
    policy,
    target: null,
  });
  const privacy = release.privacy;
  if (!privacy || !release.policy) throw new Error('validateRelease ran without a holdout or policy');
  const scored = quality.columns.filter((c) => c.score !== null);
  const worst = scored.reduce((a, b) => ((b.score ?? 1) < (a.score ?? 1) ? b : a));
  rows.push({
    dataset: file,
    holdout: ceiling.overallAllPairs ?? Number.NaN,
    doppel: quality.overallAllPairs ?? Number.NaN,
    ratio: (quality.overallAllPairs ?? Number.NaN) / (ceiling.overallAllPairs ?? Number.NaN),
    worstColumn: { column: worst.column, score: worst.score ?? Number.NaN },
    worstMissingGap: Math.max(...quality.columns.map((c) => 1 - (c.missingValueSimilarity ?? 1))),
    validity: quality.dataValidity.score ?? Number.NaN,
    dcrOverfittingProtection: privacy.figures.dcrOverfittingProtection,
    exactMatchRate: privacy.exactMatchRate,
    holdoutExactMatchRate: privacy.holdoutExactMatchRate,
    policyFailed: release.policy.rules.filter((r) => !r.passed).map((r) => r.figure),
  });
}

const f3 = (x: number) => x.toFixed(3);
console.log(
  '| dataset | holdout (ceiling) | doppel | doppel / ceiling | weakest column | max missing-rate gap | data validity | DCR overfitting | exact copies (holdout) | default policy |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const verdict = r.policyFailed.length === 0 ? 'pass' : `FAIL: ${r.policyFailed.join(', ')}`;
  console.log(
    `| ${r.dataset} | ${f3(r.holdout)} | ${f3(r.doppel)} | ${f3(r.ratio)} | ${r.worstColumn.column} ${f3(r.worstColumn.score)} | ${(100 * r.worstMissingGap).toFixed(2)} pp | ${f3(r.validity)} | ${r.dcrOverfittingProtection === null ? 'n/a' : f3(r.dcrOverfittingProtection)} | ${r.exactMatchRate.toFixed(4)} (${r.holdoutExactMatchRate?.toFixed(4) ?? 'n/a'}) | ${verdict} |`,
  );
}
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
