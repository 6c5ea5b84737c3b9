/**
 * Issue 13's protocol, untouched, on any relational schema: split the root entities 70/30 (each with
 * all their rows) with seeds 1-5, fit on the 70%, sample as many root entities as the holdout, and
 * print per seed: multi-table quality (all pairs) of the synthetic data and of the real holdout (the
 * ceiling) and their ratio, ReferentialIntegrity and CardinalityBoundaryAdherence, consecutive-event
 * coherence per child column (synthetic against holdout), customer-level DCR overfitting protection
 * against the fresh-customer baseline, and the default policy's verdict on doppel's output and on a
 * copy of the training entities. Everything runs through the library's pipeline (runRelated,
 * validateRelational); nothing here depends on the dataset.
 *   npx tsx scripts/relational-protocol.ts schemas/margarine.json [--stream | --no-stream] [--fit-seed N] [seeds, default 1 2 3 4 5]
 * PROTOCOL_PAIRS=1 also prints, per seed, the pairs furthest below the holdout's scores.
 * PROTOCOL_MIN_COUNT=k fits with that k instead of the schema's: k=1 (no k rule, every rare value and
 * extreme stored) is a reference for what the privacy rules cost, never a setting to release with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRelated } from '../src/pipeline/run-related.js';
import { loadPolicy } from '../src/privacy/release-policy.js';
import { loadRelationalSchema } from '../src/schema/load-relational-schema.js';
import type { PairTrendRow } from '../src/validate/quality-report.js';
import type { CoherenceRow } from '../src/validate/relational/coherence.js';
import { RELATIONAL_POLICY_FIGURES } from '../src/validate/relational/relational-privacy.js';
import {
  type RelationalValidationReport,
  validateRelational,
} from '../src/validate/relational/validate-relational.js';

// --stream / --no-stream: the event tables' copulas from sums over batches, or the row fit (default: by size).
// --fit-seed N: the fit's own seed (the random positions of the row fit's scores; default doppel's).
const args = process.argv.slice(2);
const streamFlag = args.find((a) => a === '--stream' || a === '--no-stream');
const fitSeedAt = args.indexOf('--fit-seed');
const fitSeed = fitSeedAt >= 0 ? Number(args[fitSeedAt + 1]) : undefined;
const [schemaPath, ...seedArgs] = args.filter(
  (a, i) => a !== streamFlag && (fitSeedAt < 0 || (i !== fitSeedAt && i !== fitSeedAt + 1)),
);
const fitOptions = {
  ...(streamFlag === undefined ? {} : { stream: streamFlag === '--stream' }),
  ...(fitSeed === undefined ? {} : { seed: fitSeed }),
};
if (schemaPath === undefined) {
  console.error('usage: npx tsx scripts/relational-protocol.ts SCHEMA.json [seed ...]');
  process.exit(2);
}
const seeds = seedArgs.length > 0 ? seedArgs.map(Number) : [1, 2, 3, 4, 5];
const minCount =
  process.env['PROTOCOL_MIN_COUNT'] === undefined ? undefined : Number(process.env['PROTOCOL_MIN_COUNT']);
const tree = await loadRelationalSchema(schemaPath);
const policy = await loadPolicy('schemas/default-policy.json', RELATIONAL_POLICY_FIGURES);
const f = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? 'n/a' : x.toFixed(digits);

/** A categorical column's same-value share, or a numeric one's lag-1 correlation and mean relative change. */
function coherenceOf(row: CoherenceRow, side: 'real' | 'synthetic'): string {
  if (row.kind === 'categorical') return f(side === 'real' ? row.realSameShare : row.syntheticSameShare);
  return side === 'real'
    ? `r=${f(row.realLag1)} Δ=${f(row.realMeanRelativeChange)}`
    : `r=${f(row.syntheticLag1)} Δ=${f(row.syntheticMeanRelativeChange)}`;
}

function verdict(report: RelationalValidationReport): string {
  const failed = report.gate!.checks.filter((c) => !c.passed).map((c) => `${c.name} ${f(c.value)}`);
  return report.gate!.passed ? 'pass' : `FAIL (${failed.join(', ')})`;
}

/** With PROTOCOL_PAIRS set: the pairs whose synthetic score falls furthest below the holdout's (where the gap comes from). */
function printWorstPairs(synthetic: RelationalValidationReport, ceiling: RelationalValidationReport): void {
  const key = (row: PairTrendRow) => `${row.column1} × ${row.column2}`;
  const rows = [
    ...synthetic.quality.tables.flatMap((t) => {
      const h = new Map(
        ceiling.quality.tables.find((x) => x.table === t.table)!.pairs.map((r) => [key(r), r]),
      );
      return t.pairs.map((r) => ({ where: t.table, row: r, holdout: h.get(key(r)) }));
    }),
    ...(() => {
      const h = new Map(ceiling.quality.intertable.map((r) => [key(r), r]));
      return synthetic.quality.intertable.map((r) => ({
        where: 'intertable',
        row: r,
        holdout: h.get(key(r)),
      }));
    })(),
  ];
  const gap = (x: (typeof rows)[number]) => (x.holdout?.score ?? 0) - (x.row.score ?? 0);
  const byColumn = new Map<string, number[]>();
  for (const x of rows)
    for (const c of [x.row.column1, x.row.column2]) byColumn.set(c, [...(byColumn.get(c) ?? []), gap(x)]);
  console.log(
    `  mean gap per column: ${[...byColumn]
      .map(([c, g]) => [c, g.reduce((a, b) => a + b, 0) / g.length] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([c, g]) => `${c} ${f(g)}`)
      .join(', ')}`,
  );
  for (const x of rows.sort((a, b) => gap(b) - gap(a)).slice(0, 12)) {
    console.log(
      `  pair ${x.where} ${key(x.row)} ${x.row.metric}: synthetic ${f(x.row.score)} holdout ${f(x.holdout?.score)} (r real ${f(x.row.realCorrelation)} synthetic ${f(x.row.syntheticCorrelation)} holdout ${f(x.holdout?.syntheticCorrelation)})`,
    );
  }
}

const ratios: number[] = [];
for (const seed of seeds) {
  const out = mkdtempSync(join(tmpdir(), 'doppel-protocol-'));
  try {
    const started = performance.now();
    const run = await runRelated(tree, schemaPath, {
      holdout: 0.3,
      seed,
      workers: 1,
      out,
      fit: { ...fitOptions, ...(minCount === undefined ? {} : { minCount }) },
    });
    const fitted = performance.now();
    const synthetic = await validateRelational(run.train, run.synthetic, {
      holdout: run.holdout,
      seed,
      policy,
    });
    // The holdout judged as the synthetic data: the ceiling, and its own consecutive-event coherence.
    const ceiling = await validateRelational(run.train, run.holdout, { seed });
    const copy = await validateRelational(run.train, run.train, { holdout: run.holdout, seed, policy });
    const q = synthetic.quality.overallAllPairs;
    const c = ceiling.quality.overallAllPairs;
    if (q !== null && c !== null) ratios.push(q / c);
    console.log(
      `\nseed ${seed} (fit+sample ${((fitted - started) / 1000).toFixed(1)} s): quality ${f(q)} / ceiling ${f(c)} = ${f(q !== null && c !== null ? q / c : null)}`,
    );
    const parts = (r: RelationalValidationReport) =>
      `shapes ${f(r.quality.columnShapes)} pairs ${f(r.quality.pairTrendsAllPairs)} cardinality ${f(r.quality.cardinality)} intertable ${f(r.quality.intertableTrendsAllPairs)}`;
    console.log(`  components synthetic: ${parts(synthetic)}`);
    console.log(`  components holdout:   ${parts(ceiling)}`);
    for (const table of synthetic.quality.tables) {
      const h = ceiling.quality.tables.find((t) => t.table === table.table)!;
      console.log(
        `  table ${table.table}: shapes ${f(table.columnShapes)}/${f(h.columnShapes)} pairs ${f(table.pairTrendsAllPairs)}/${f(h.pairTrendsAllPairs)} (synthetic/holdout)`,
      );
    }
    if (process.env['PROTOCOL_PAIRS'] !== undefined) printWorstPairs(synthetic, ceiling);
    for (const r of synthetic.relationships) {
      console.log(
        `  ${r.childTable}→${r.parentTable}: ReferentialIntegrity ${f(r.referentialIntegrity)} CardinalityBoundaryAdherence ${f(r.cardinalityBoundaryAdherence)}`,
      );
    }
    for (const sequence of synthetic.sequences) {
      const real = ceiling.sequences.find((s) => s.childTable === sequence.childTable)!;
      // Scored against the training histories: synthetic, and the holdout as the ceiling.
      const gaps = sequence.gaps;
      console.log(
        `  ${sequence.childTable} events per parent KS ${f(sequence.eventsPerParent.score)}/${f(real.eventsPerParent.score)}` +
          (gaps === null
            ? ''
            : `; gaps (${gaps.unit}) median ${f(gaps.syntheticMedian, 1)}/${f(real.gaps?.syntheticMedian, 1)} real ${f(gaps.realMedian, 1)}, KS ${f(gaps.score)}/${f(real.gaps?.score)} (synthetic/holdout)`),
      );
      for (const row of sequence.coherence) {
        const holdoutRow = real.coherence.find((r) => r.column === row.column)!;
        console.log(
          `  coherence ${sequence.childTable}.${row.column}: synthetic ${coherenceOf(row, 'synthetic')} holdout ${coherenceOf(holdoutRow, 'synthetic')} training ${coherenceOf(row, 'real')}`,
        );
      }
    }
    console.log(
      `  DCR overfitting protection ${f(synthetic.figures['dcrOverfittingProtection'])} (fresh customers ${f(synthetic.privacy?.freshDcrOverfittingProtection)})`,
    );
    console.log(`  default policy, doppel: ${verdict(synthetic)}`);
    console.log(`  default policy, copy of training: ${verdict(copy)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
if (ratios.length > 0)
  console.log(
    `\nquality / ceiling: min ${f(Math.min(...ratios))}, mean ${f(ratios.reduce((a, b) => a + b, 0) / ratios.length)}`,
  );
