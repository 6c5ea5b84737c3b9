/**
 * `doppel fit` on telco-shaped Parquet (sampled from the telco model by the CLI): the row fit
 * (`--no-stream`) against the streamed fit (passes over record batches, what plain `doppel fit`
 * does from 200,000 rows), whole processes under /usr/bin/time, one run each, the load average
 * beside them. The row fit is timed only up to ROW_FIT_MAX rows: it holds the whole table as JS values.
 *   npx tsx test/bench/fit-bench.ts [rows,rows...]    (default 1000000)
 */
import { execSync, spawnSync } from 'node:child_process';
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
const load = () =>
  execSync('uptime')
    .toString()
    .trim()
    .replace(/.*load average: /, '');
console.log('doppel fit on telco-shaped Parquet (one run each; whole processes, seconds and peak RSS MB)');
console.log(
  '| rows | load before | row fit (--no-stream) s | MB | streamed fit s | MB | row / streamed time |',
);
console.log('|---|---|---|---|---|---|---|');
for (const rows of rowCounts) {
  const data = join(dir, `telco-${rows}.parquet`);
  timed(['sample', model, '--rows', String(rows), '--seed', '11', '-o', data, '--quiet']);
  const before = load();
  const streamed = timed(['fit', data, '--schema', SCHEMA, '--stream', '-o', join(dir, 'streamed.json')]);
  const row =
    rows <= ROW_FIT_MAX
      ? timed(['fit', data, '--schema', SCHEMA, '--no-stream', '-o', join(dir, 'row-fit.json')])
      : null;
  console.log(
    `| ${rows.toLocaleString('en')} | ${before} | ${row ? row.seconds.toFixed(1) : '-'} | ${row ? row.peakRssMb.toFixed(0) : '-'} | ${streamed.seconds.toFixed(1)} | ${streamed.peakRssMb.toFixed(0)} | ${row ? (row.seconds / streamed.seconds).toFixed(2) : '-'} |`,
  );
  rmSync(data, { force: true });
}
rmSync(dir, { recursive: true, force: true });
