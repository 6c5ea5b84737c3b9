/**
 * The fidelity bar of issue 3, rerunnable by anyone: for every real dataset, infer its schema (no
 * hand edits), split it 70/30 with a seeded split, fit on the 70%, sample as many rows as the 30%
 * holdout, and score both against the 70% with the SDMetrics QualityReport (all pairs). The
 * holdout is a fresh sample of real customers, so its score is the ceiling.
 *
 *   npx tsx scripts/fidelity-benchmark.ts [DATASETS_DIR] [--json FILE]
 *
 * Prints a Markdown table (holdout score, doppel score, ratio) and the per-dataset checks.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readTable } from '../src/io/read-table.js';
import { splitTable } from '../src/io/split-table.js';
import { fit } from '../src/model/fit.js';
import { sampleTable } from '../src/sample/sample-table.js';
import { inferSchema } from '../src/schema/infer-schema.js';
import { makeRandom } from '../src/stats/random.js';
import { validate } from '../src/validate/validate.js';

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
}

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
  });
}

const f3 = (x: number) => x.toFixed(3);
console.log(
  '| dataset | holdout (ceiling) | doppel | doppel / ceiling | weakest column | max missing-rate gap | data validity |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.dataset} | ${f3(r.holdout)} | ${f3(r.doppel)} | ${f3(r.ratio)} | ${r.worstColumn.column} ${f3(r.worstColumn.score)} | ${(100 * r.worstMissingGap).toFixed(2)} pp | ${f3(r.validity)} |`,
  );
}
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
