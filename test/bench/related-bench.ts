/**
 * The relational sampler's figures (part of `npm run bench`, alone with `--only related`): customers
 * with their purchases on the margarine model, whole process (the built CLI under GNU time), W
 * workers into Arrow, median of RUNS runs: events per second, CPU seconds and peak RSS at two
 * customer counts (RSS flat in customers), against a baseline measured in the same run and the same
 * conditions: single-table sampling of the telco model into Arrow, rows per second, runs interleaved
 * with the relational ones so that both see the same load. Then byte-identity for workers 1/2/4 and
 * shards concatenated.
 *   npx tsx test/bench/related-bench.ts [--runs 3] [--customers 100000,1000000] [--workers 2]
 *     [--baseline-rows 10000000] [--check 100000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';

const ROOT = new URL('../../', import.meta.url).pathname;
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
// run.ts passes the run count as a bare number.
const bare = process.argv.slice(2).find((arg, i, all) => /^\d+$/.test(arg) && !all[i - 1]?.startsWith('--'));
const RUNS = Number(flag('runs', bare ?? '3'));
const CUSTOMERS = flag('customers', '100000,1000000').split(',').map(Number);
const WORKERS = flag('workers', '2');
const BASELINE_ROWS = Number(flag('baseline-rows', '10000000'));
const CHECK = Number(flag('check', '100000'));
const TABLES = ['margarine_households', 'margarine_purchases'];

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  stdout: string;
}

function doppel(args: string[]): Run {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', process.execPath, 'dist/src/cli/main.js', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`doppel ${args.join(' ')} failed:\n${result.stderr}`);
  const [seconds, user, system, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, cpuSeconds: user! + system!, peakRssMb: kb! / 1024, stdout: result.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const whole = (x: number) => Math.round(x).toLocaleString('en');

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'doppel-related-bench-'));
const model = join(dir, 'margarine.model.json');
const baselineModel = join(dir, 'telco.model.json');
doppel(['fit', '--schema', 'schemas/margarine.json', '-o', model]);
doppel(['fit', 'samples/telco_churn.csv', '--schema', 'schemas/telco.json', '-o', baselineModel]);

const loadBefore = loadavg()[0]!;
const related = new Map<number, (Run & { events: number })[]>(CUSTOMERS.map((c) => [c, []]));
const baseline: Run[] = [];
for (let run = 0; run < RUNS; run++) {
  for (const customers of CUSTOMERS) {
    const out = join(dir, `sample-${customers}`);
    const result = doppel([
      'sample',
      model,
      '--rows',
      String(customers),
      '--workers',
      WORKERS,
      '--seed',
      String(run + 1),
      '--out',
      out,
    ]);
    const events = Number(/with ([\d,]+) rows/.exec(result.stdout)![1]!.replaceAll(',', ''));
    related.get(customers)!.push({ ...result, events });
    // Each output goes as soon as its run ends, so no run is timed with another's files in the page cache.
    rmSync(out, { recursive: true, force: true });
  }
  const out = join(dir, 'baseline.arrow');
  baseline.push(
    doppel([
      'sample',
      baselineModel,
      '--rows',
      String(BASELINE_ROWS),
      '--workers',
      WORKERS,
      '--seed',
      String(run + 1),
      '--out',
      out,
      '--quiet',
    ]),
  );
  rmSync(out, { force: true });
}
const loadAfter = loadavg()[0]!;

const baselineRate = BASELINE_ROWS / median(baseline.map((r) => r.seconds));
console.log(
  `doppel sample, margarine relational model, ${WORKERS} workers, Arrow, median of ${RUNS} whole-process runs (node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after)`,
);
console.log(
  '| customers | purchases | sample s | events/s | events per CPU s | peak RSS MB | events/s ÷ baseline rows/s |',
);
console.log('|---|---|---|---|---|---|---|');
for (const customers of CUSTOMERS) {
  const runs = related.get(customers)!;
  // Each run's rate from its own event count (seeds 1..RUNS draw slightly different counts).
  const rate = median(runs.map((r) => r.events / r.seconds));
  console.log(
    `| ${whole(customers)} | ${whole(median(runs.map((r) => r.events)))} | ${median(runs.map((r) => r.seconds)).toFixed(2)} | ${whole(rate)} | ${whole(median(runs.map((r) => r.events / r.cpuSeconds)))} | ${median(runs.map((r) => r.peakRssMb)).toFixed(0)} | ${(rate / baselineRate).toFixed(3)} |`,
  );
}
console.log(
  `baseline in the same run: single-table telco sampling into Arrow, ${whole(BASELINE_ROWS)} rows, ${WORKERS} workers: ${median(baseline.map((r) => r.seconds)).toFixed(2)} s, ${whole(baselineRate)} rows/s (median of ${RUNS})`,
);
if (CUSTOMERS.length === 2) {
  const [small, large] = CUSTOMERS.map((c) => median(related.get(c)!.map((r) => r.peakRssMb)));
  console.log(
    `peak RSS ${whole(CUSTOMERS[1]!)} / ${whole(CUSTOMERS[0]!)} customers: ${(large! / small!).toFixed(2)}x`,
  );
}

// Determinism: the same bytes for 1, 2 and 4 workers; shards 0/3, 1/3, 2/3 concatenated = the run.
const bytes = (out: string, table: string) => readFileSync(join(out, `${table}.arrow`));
const runs = ['1', '2', '4'].map((workers) => {
  const out = join(dir, `check-w${workers}`);
  doppel(['sample', model, '--rows', String(CHECK), '--workers', workers, '--seed', '7', '--out', out]);
  return out;
});
const sameBytes = TABLES.every((t) => runs.every((out) => bytes(out, t).equals(bytes(runs[0]!, t))));
const shards = [0, 1, 2].map((i) => {
  const out = join(dir, `check-shard${i}`);
  doppel(['sample', model, '--rows', String(CHECK), '--seed', '7', '--shard', `${i}/3`, '--out', out]);
  return out;
});
const sameRows = TABLES.every((t) => {
  const all = tableFromIPC(bytes(runs[0]!, t));
  const parts = shards.map((out) => tableFromIPC(bytes(out, t)));
  return all.schema.fields.every((field) => {
    const joined = parts.flatMap((p) => Array.from(p.getChild(field.name)!, String));
    const single = Array.from(all.getChild(field.name)!, String);
    return joined.length === single.length && joined.every((v, i) => v === single[i]);
  });
});
console.log(
  `${whole(CHECK)} customers: workers 1/2/4 byte-identical: ${sameBytes}; shards 0-2 of 3 concatenated = the run: ${sameRows}`,
);
rmSync(dir, { recursive: true, force: true });
if (!sameBytes || !sameRows) process.exitCode = 1;
