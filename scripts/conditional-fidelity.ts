/**
 * Issue 16's bar for conditional sampling, checked over many conditions rather than the three the
 * end-to-end test samples: fidelity of `--where` output against the matching real customers is at
 * least 0.98 of that subset's own holdout ceiling, for telco conditions that at least 300 training
 * customers meet.
 *
 * Protocol (the fidelity benchmark's, per condition): infer the schema (no hand edits, so its
 * business rules are kept), split 70/30 by seed, fit on the 70%; the condition's training rows are
 * the reference, its holdout rows (fresh real customers) the ceiling; doppel samples as many rows
 * as the holdout subset under the condition, and its score is the mean over DRAWS samples (one
 * sample of ~150 rows moves the score by ±0.01). Score: SDMetrics QualityReport, all pairs.
 * Conditions: every category of every categorical or yes/no column, plus ranges and pairs, kept
 * when at least 300 training customers meet them.
 *
 *   npx tsx scripts/conditional-fidelity.ts [DATASETS_DIR] [--seeds 1,2,3] [--draws 3] [--json FILE]
 *     [--match TEXT] [--no-rules]
 */
import { writeFileSync } from 'node:fs';
import type { Table } from 'apache-arrow';
import { takeRows } from '../src/io/take-rows.js';
import { fit } from '../src/model/fit.js';
import { rowsMatching } from '../src/sample/conditions/matching-rows.js';
import { parseWhere } from '../src/sample/conditions/parse-where.js';
import { sampleTable } from '../src/sample/sample-table.js';
import type { DatasetSchema } from '../src/schema/dataset-schema.js';
import { validate } from '../src/validate/validate.js';
import { benchmarkArgs, protocolSplit, readDataset } from './benchmark-protocol.js';

const { jsonPath, datasetsDir: dir, flag } = benchmarkArgs();
const seeds = (flag('--seeds') ?? '1,2,3').split(',').map(Number);
const draws = Number(flag('--draws') ?? 3);
/** `--match TEXT`: only the conditions containing TEXT; `--no-rules`: the schema without its business rules. */
const match = flag('--match');
const withoutRules = process.argv.includes('--no-rules');
const MIN_MATCHING = 300;
const BAR = 0.98;

/** Whole-table conditions from the schema's values: each category, some ranges, some pairs. */
function candidateConditions(table: Table, schema: DatasetSchema): string[] {
  const out: string[] = [];
  for (const spec of schema.columns) {
    if (spec.kind === 'boolean') out.push(`${spec.name} = true`, `${spec.name} = false`);
    if (spec.kind !== 'categorical') continue;
    const values = new Set<string>();
    const vector = table.getChild(spec.name);
    for (let i = 0; i < table.numRows; i++) {
      const v: unknown = vector?.get(i);
      if (v !== null && v !== undefined) values.add(String(v));
    }
    for (const v of [...values].sort()) out.push(`${spec.name} = '${v.replaceAll("'", "''")}'`);
  }
  out.push(
    'tenure between 1 and 12',
    'tenure >= 48',
    'monthly_charges > 80',
    'monthly_charges < 30',
    "churn = 'Yes' and internet_service = 'Fiber optic'",
    "contract = 'Month-to-month' and tenure between 1 and 12",
    "monthly_charges > 80 and churn = 'No'",
    "senior_citizen = true and churn = 'No'",
    'partner = true and dependents = true',
    "contract = 'Two year' and payment_method = 'Credit card (automatic)'",
  );
  return out;
}

interface Row {
  seed: number;
  where: string;
  trainRows: number;
  holdoutRows: number;
  ceiling: number;
  doppel: number;
  ratio: number;
}

const dataset = await readDataset(dir, 'telco_churn.csv');
const table = dataset.table;
const schema: DatasetSchema = withoutRules ? { ...dataset.schema, rules: [] } : dataset.schema;
const results: Row[] = [];
for (const seed of seeds) {
  const { train, holdout } = protocolSplit(table, seed);
  const model = fit(train, schema, { seed });
  for (const where of candidateConditions(table, schema)) {
    if (match !== undefined && !where.includes(match)) continue;
    let condition: ReturnType<typeof parseWhere>;
    try {
      condition = parseWhere(where);
    } catch {
      continue;
    }
    const trainRows = rowsMatching(train, schema, condition);
    if (trainRows.length < MIN_MATCHING) continue;
    const holdoutRows = rowsMatching(holdout, schema, condition);
    const realSubset = takeRows(train, trainRows);
    const holdoutSubset = takeRows(holdout, holdoutRows);
    const score = (synthetic: Table) =>
      validate(realSubset, synthetic, schema, { seed, target: null }).quality.overallAllPairs ?? Number.NaN;
    const ceiling = score(holdoutSubset);
    let doppel = 0;
    for (let draw = 0; draw < draws; draw++) {
      const synthetic = sampleTable(model, {
        rows: holdoutRows.length,
        seed: seed + 1000 * draw,
        conditions: [{ where: condition, rows: holdoutRows.length }],
      });
      if (rowsMatching(synthetic, schema, condition).length !== synthetic.numRows)
        throw new Error(`a sampled row breaks ${where}`);
      doppel += score(synthetic) / draws;
    }
    const row = {
      seed,
      where,
      trainRows: trainRows.length,
      holdoutRows: holdoutRows.length,
      ceiling,
      doppel,
      ratio: doppel / ceiling,
    };
    results.push(row);
    console.error(
      `seed ${seed} ${where}: ${doppel.toFixed(3)} / ${ceiling.toFixed(3)} = ${row.ratio.toFixed(3)}`,
    );
  }
}

console.log(
  `telco, ${seeds.length} split seeds (${seeds.join(', ')}), ${draws} samples per condition, conditions met by ≥ ${MIN_MATCHING} training customers`,
);
console.log(
  '| condition | training rows | holdout rows | ceiling (mean) | doppel (mean) | ratio of means | lowest split |',
);
console.log('|---|---|---|---|---|---|---|');
const byWhere = new Map<string, Row[]>();
for (const row of results) byWhere.set(row.where, [...(byWhere.get(row.where) ?? []), row]);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
let below = 0;
for (const [where, rows] of byWhere) {
  const ratio = mean(rows.map((r) => r.doppel)) / mean(rows.map((r) => r.ceiling));
  if (ratio < BAR) below++;
  console.log(
    `| ${where} | ${Math.round(mean(rows.map((r) => r.trainRows)))} | ${Math.round(mean(rows.map((r) => r.holdoutRows)))} | ${mean(rows.map((r) => r.ceiling)).toFixed(3)} | ${mean(rows.map((r) => r.doppel)).toFixed(3)} | ${ratio.toFixed(3)} | ${Math.min(...rows.map((r) => r.ratio)).toFixed(3)} |`,
  );
}
const ratios = [...byWhere.values()].map(
  (rows) => mean(rows.map((r) => r.doppel)) / mean(rows.map((r) => r.ceiling)),
);
console.log(
  `\n${byWhere.size} conditions: ratio of means ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}, mean ${mean(ratios).toFixed(3)}; ${below} below ${BAR}; single splits below ${BAR}: ${results.filter((r) => r.ratio < BAR).length} of ${results.length}`,
);
if (jsonPath !== undefined) writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
