/**
 * `npm run bench`: whole-process figures for the sampler, measured as a user runs it (the built CLI
 * under /usr/bin/time), median of RUNS runs each, with the random-fill Arrow floor measured in the
 * same run for a ratio that does not depend on the machine.
 * Then output and input formats (sampling into Arrow, CSV and Parquet at --format-rows rows, and
 * candidate writers and readers side by side at 1M rows; test/bench/format-bench.ts), the relational
 * sampler (related-bench.ts: 1M customers with their purchases), the validation (1M synthetic x 100k
 * real, whole process), DCR (100k x 100k) and conditional sampling (`sample --where`) timings.
 * Then `doppel seed` (test/bench/seed-bench.ts): 1M rows into PostgreSQL, SQLite and seed.sql.
 * Then `doppel fit` on telco-shaped Parquet, the row fit against the two-pass partial fit
 * (test/bench/fit-bench.ts; --fit-rows, default 1M: 10M takes minutes).
 *   npm run bench [-- --runs 5 --rows 1000000,10000000 --workers 2 --only sample|formats|readers|related|seed|conditions|fit]
 * `--only readers` times only the readers of 1M-row CSV, Parquet and JSON Lines files;
 * `--candidates doppel,hyparquet` only those readers (and the `bytes` floor).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchFormats, benchReaders } from './format-bench.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const RUNS = Number(flag('runs', '5'));
const ROW_COUNTS = flag('rows', '1000000,10000000').split(',').map(Number);
const WORKERS = flag('workers', '2');
const ONLY = flag('only', 'all');

export interface Measure {
  seconds: number;
  peakRssMb: number;
  /** User plus system CPU seconds: less dependent than wall time on what else the machine runs. */
  cpuSeconds: number;
}

/** Runs a command under GNU time; elapsed wall seconds and peak resident set size. */
function timed(command: string, args: string[]): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  const [seconds, kb, user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakRssMb: kb! / 1024, cpuSeconds: user! + system! };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
if (ONLY === 'related') {
  execFileSync('npx', ['tsx', 'test/bench/related-bench.ts', '--runs', String(RUNS), '--workers', WORKERS], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(0);
}
if (ONLY === 'fit') {
  execFileSync('npx', ['tsx', 'test/bench/fit-bench.ts', flag('fit-rows', '1000000')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(0);
}
if (ONLY === 'seed') {
  execFileSync('npx', ['tsx', 'test/bench/seed-bench.ts', String(RUNS)], { cwd: ROOT, stdio: 'inherit' });
  process.exit(0);
}
if (ONLY === 'conditions') {
  execFileSync('npx', ['tsx', 'test/bench/conditions-bench.ts', String(RUNS)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'doppel-bench-'));
const model = join(dir, 'telco.model.json');
execFileSync(
  process.execPath,
  ['dist/src/cli/main.js', 'fit', 'samples/telco_churn.csv', '--schema', 'schemas/telco.json', '-o', model],
  {
    cwd: ROOT,
    stdio: 'ignore',
  },
);

if (ONLY === 'all' || ONLY === 'sample') {
  console.log(
    `doppel sample, telco model, ${WORKERS} workers, median of ${RUNS} whole-process runs (node ${process.version})`,
  );
  console.log('| rows | sample s | rows/s | peak RSS MB | random-fill floor s | sample / floor |');
  console.log('|---|---|---|---|---|---|');
  const results: Record<string, unknown>[] = [];
  for (const rows of ROW_COUNTS) {
    const out = join(dir, `sample-${rows}.arrow`);
    const floorOut = join(dir, `floor-${rows}.arrow`);
    const sample: Measure[] = [];
    const floor: Measure[] = [];
    for (let run = 0; run < RUNS; run++) {
      sample.push(
        timed(process.execPath, [
          'dist/src/cli/main.js',
          'sample',
          model,
          '--rows',
          String(rows),
          '--out',
          out,
          '--workers',
          WORKERS,
          '--seed',
          String(run + 1),
          '--quiet',
        ]),
      );
      // Each file goes as soon as its run ends: a 300 MB file left in the page cache slows the next
      // run's writes (the floor's, by about a second at 10M rows), which would flatter the ratio.
      rmSync(out, { force: true });
      floor.push(timed(process.execPath, ['test/bench/random-fill.mjs', model, String(rows), floorOut]));
      rmSync(floorOut, { force: true });
    }
    const s = median(sample.map((m) => m.seconds));
    const f = median(floor.map((m) => m.seconds));
    const rss = median(sample.map((m) => m.peakRssMb));
    results.push({
      rows,
      sampleSeconds: s,
      rowsPerSecond: rows / s,
      peakRssMb: rss,
      floorSeconds: f,
      ratio: s / f,
    });
    console.log(
      `| ${rows.toLocaleString('en')} | ${s.toFixed(2)} | ${Math.round(rows / s).toLocaleString('en')} | ${rss.toFixed(0)} | ${f.toFixed(2)} | ${(s / f).toFixed(2)} |`,
    );
  }
  if (results.length === 2) {
    const [small, large] = results as { peakRssMb: number }[];
    console.log(
      `peak RSS ${Number(ROW_COUNTS[1]).toLocaleString('en')} / ${Number(ROW_COUNTS[0]).toLocaleString('en')} rows: ${(large!.peakRssMb / small!.peakRssMb).toFixed(2)}x`,
    );
  }
}

if (ONLY === 'all' || ONLY === 'formats') {
  console.log('');
  benchFormats({
    model,
    dir,
    runs: RUNS,
    workers: WORKERS,
    rows: Number(flag('format-rows', '10000000')),
    timed,
    median,
  });
}
if (ONLY === 'readers') {
  const files = new Map<string, string>();
  for (const format of ['csv', 'parquet', 'jsonl']) {
    files.set(format, join(dir, `million.${format}`));
    execFileSync(
      process.execPath,
      [
        'dist/src/cli/main.js',
        'sample',
        model,
        '--rows',
        '1000000',
        '--out',
        files.get(format)!,
        '--workers',
        WORKERS,
        '--seed',
        '1',
        '--quiet',
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
  }
  const only = flag('candidates', '');
  benchReaders({ files, runs: RUNS, timed, median, only: only === '' ? undefined : only.split(',') });
}
rmSync(dir, { recursive: true, force: true });

if (ONLY === 'all') {
  for (const script of [
    'test/bench/related-bench.ts',
    'test/bench/validate-bench.ts',
    'test/bench/dcr-bench.ts',
    'test/bench/seed-bench.ts',
    'test/bench/conditions-bench.ts',
  ]) {
    console.log('');
    execFileSync('npx', ['tsx', script, '3'], { cwd: ROOT, stdio: 'inherit' });
  }
  console.log('');
  execFileSync('npx', ['tsx', 'test/bench/fit-bench.ts', flag('fit-rows', '1000000')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
