/**
 * Benchmark: the whole `doppel validate` process (read, quality metrics, utility, segments, JSON and
 * HTML reports) on 1,000,000 synthetic rows against 100,000 "real" rows.
 *
 *   npm run build && npx tsx test/bench/validate-bench.ts [runs=3]
 *
 * The inputs are made with `doppel sample` from a model fitted on the bundled telco sample; since
 * telco has only 7,043 real customers, the 100,000 real rows are a second sample of the same model
 * (the cost of validation depends on row and column counts, not on where the rows came from).
 * Prints each run's wall-clock time and the median. Not part of the test suite: timings belong here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../cli/run-doppel.js';

const SYNTHETIC_ROWS = 1_000_000;
const REAL_ROWS = 100_000;
const runs = Number(process.argv[2] ?? 3);

interface Measure {
  readonly seconds: number;
  /** Peak resident set size, when GNU time is there to measure it. */
  readonly peakRssMb: number | null;
}

const GNU_TIME = '/usr/bin/time';

/** Runs the built CLI as a user would, timing the whole process (and its peak RSS under GNU time). */
function doppel(args: readonly string[]): Measure {
  const command = [process.execPath, BIN, ...args];
  const timed = existsSync(GNU_TIME);
  const start = performance.now();
  const result = timed
    ? spawnSync(GNU_TIME, ['-f', '%e %M', ...command], {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC' },
      })
    : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) {
    throw new Error(`doppel ${args[0]} failed (exit ${result.status}):\n${result.stderr}`);
  }
  if (!timed) return { seconds, peakRssMb: null };
  const [elapsed, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: elapsed!, peakRssMb: kb! / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

if (!existsSync(BIN)) throw new Error(`no build at ${BIN}: run npm run build first`);
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error('runs must be a whole number ≥ 1');

const dir = temporaryDirectory();
try {
  const model = join(dir, 'telco.model.json');
  const synthetic = join(dir, 'synthetic.arrow');
  const real = join(dir, 'real.arrow');
  doppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
  doppel(['sample', model, '--rows', String(SYNTHETIC_ROWS), '--seed', '1', '--out', synthetic, '--quiet']);
  doppel(['sample', model, '--rows', String(REAL_ROWS), '--seed', '2', '--out', real, '--quiet']);

  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  const args = [
    'validate',
    '--real',
    real,
    '--synthetic',
    synthetic,
    '--schema',
    TELCO_SCHEMA,
    '--json',
    json,
    '--html',
    html,
  ];
  const times: number[] = [];
  const peaks: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const { seconds, peakRssMb } = doppel(args);
    times.push(seconds);
    if (peakRssMb !== null) peaks.push(peakRssMb);
    console.log(
      `run ${run}: ${seconds.toFixed(2)} s${peakRssMb === null ? '' : `, peak RSS ${peakRssMb.toFixed(0)} MB`}`,
    );
  }
  const report = JSON.parse(readFileSync(json, 'utf8'));
  console.log(
    `doppel validate, ${SYNTHETIC_ROWS.toLocaleString('en')} synthetic × ${REAL_ROWS.toLocaleString('en')} real rows, telco schema (20 columns, 190 pairs): ` +
      `median ${median(times).toFixed(2)} s${peaks.length > 0 ? `, peak RSS ${median(peaks).toFixed(0)} MB` : ''} over ${runs} whole-process runs (quality, utility, segments, JSON and HTML reports)`,
  );
  console.log(
    `  overall ${report.quality.overall.toFixed(4)}, utility accuracy ${report.utility.trainOnReal.score.toFixed(4)} (real) vs ` +
      `${report.utility.trainOnSynthetic.score.toFixed(4)} (synthetic), ${report.segments.flagged} segment groups flagged, ` +
      `HTML ${(readFileSync(html).length / 1024).toFixed(0)} KiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
