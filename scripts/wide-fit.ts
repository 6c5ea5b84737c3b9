/**
 * Measures `doppel fit` on wide tables (issue 12: 10,000 columns × 100 rows ran for 10+ minutes):
 * whole-process wall time and peak RSS of the built CLI for each width, on a generated table of
 * 100 rows whose columns cycle through numeric, integer, categorical and yes/no values.
 *   npx tsx scripts/wide-fit.ts [--columns 200,1000,2000] [--rows 100]
 * Widths over MAX_COPULA_DIMENSIONS are refused (exit 2): the script reports the refusal's time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRandom } from '../src/stats/random.js';

const ROOT = new URL('../', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/src/cli/main.js');
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const WIDTHS = flag('columns', '200,1000,2000,10000').split(',').map(Number);
const ROWS = Number(flag('rows', '100'));

function wideCsv(columns: number, rows: number): string {
  const random = makeRandom(1, columns);
  const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: columns }, (_, c) => {
      const u = random.nextDouble();
      switch (c % 4) {
        case 0:
          return (40 + 20 * u).toFixed(2);
        case 1:
          return String(Math.floor(u * 20));
        case 2:
          return ['a', 'b', 'c'][Math.floor(u * 3)]!;
        default:
          return u < 0.5 ? 'yes' : 'no';
      }
    });
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function timed(args: string[]): { code: number; seconds: number; peakRssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
  });
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { code: result.status ?? -1, seconds: seconds!, peakRssMb: Math.round(kb! / 1024) };
}

const dir = mkdtempSync(join(tmpdir(), 'doppel-wide-'));
try {
  for (const columns of WIDTHS) {
    const data = join(dir, `wide-${columns}.csv`);
    const schema = join(dir, `wide-${columns}.json`);
    writeFileSync(data, wideCsv(columns, ROWS));
    const infer = timed(['infer', data, '--out', schema]);
    const fit = timed(['fit', data, '--schema', schema, '--out', join(dir, `wide-${columns}.model.json`)]);
    console.log(
      `${columns} columns × ${ROWS} rows: infer ${infer.seconds} s (${infer.peakRssMb} MB), fit exit ${fit.code} in ${fit.seconds} s (${fit.peakRssMb} MB)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
