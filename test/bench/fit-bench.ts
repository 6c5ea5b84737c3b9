/**
 * `doppel fit` on telco-shaped Parquet (sampled from the telco model by the CLI): the row fit
 * against the two-pass fit from partial statistics (`--partial`, `--merge`, `--partial --plan`,
 * `--merge`) on one partition, whole processes under /usr/bin/time, one run each (the two-pass fit
 * at 10M rows takes minutes on 2 cores). The row fit is timed only up to ROW_FIT_MAX rows: it holds
 * the whole table as row arrays.
 *   npx tsx test/bench/fit-bench.ts [rows,rows...]    (default 1000000)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = 'dist/src/cli/main.js';
const SCHEMA = 'schemas/telco.json';
const ROW_FIT_MAX = 1_000_000;
const rowCounts = (process.argv[2] ?? '1000000').split(',').map(Number);

function timed(args: string[]): { seconds: number; peakRssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`doppel ${args.join(' ')} failed:\n${result.stderr}`);
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakRssMb: kb! / 1024 };
}

const dir = mkdtempSync(join(tmpdir(), 'doppel-fit-bench-'));
const model = join(dir, 'telco.model.json');
timed(['fit', 'samples/telco_churn.csv', '--schema', SCHEMA, '-o', model]);
console.log('doppel fit on telco-shaped Parquet (one run each; seconds and peak RSS MB per process)');
console.log(
  '| rows | row fit s | row fit MB | pass 1 s | pass 1 MB | plan s | pass 2 s | pass 2 MB | model s | two-pass total s | peak MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const rows of rowCounts) {
  const data = join(dir, `telco-${rows}.parquet`);
  timed(['sample', model, '--rows', String(rows), '--seed', '11', '-o', data, '--quiet']);
  const row =
    rows <= ROW_FIT_MAX ? timed(['fit', data, '--schema', SCHEMA, '-o', join(dir, 'row-fit.json')]) : null;
  const first = join(dir, 'first.json');
  const plan = join(dir, 'plan.json');
  const second = join(dir, 'second.json');
  const pass1 = timed(['fit', data, '--schema', SCHEMA, '--partial', '-o', first]);
  const merge1 = timed(['fit', '--merge', first, '--schema', SCHEMA, '-o', plan]);
  const pass2 = timed(['fit', data, '--schema', SCHEMA, '--partial', '--plan', plan, '-o', second]);
  const merge2 = timed(['fit', '--merge', second, '--schema', SCHEMA, '-o', join(dir, 'model.json')]);
  const steps = [pass1, merge1, pass2, merge2];
  const total = steps.reduce((s, m) => s + m.seconds, 0);
  const peak = Math.max(...steps.map((m) => m.peakRssMb));
  console.log(
    `| ${rows.toLocaleString('en')} | ${row ? row.seconds.toFixed(1) : '-'} | ${row ? row.peakRssMb.toFixed(0) : '-'} | ${pass1.seconds.toFixed(1)} | ${pass1.peakRssMb.toFixed(0)} | ${merge1.seconds.toFixed(1)} | ${pass2.seconds.toFixed(1)} | ${pass2.peakRssMb.toFixed(0)} | ${merge2.seconds.toFixed(1)} | ${total.toFixed(1)} | ${peak.toFixed(0)} |`,
  );
  rmSync(data, { force: true });
}
rmSync(dir, { recursive: true, force: true });
