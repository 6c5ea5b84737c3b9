/**
 * Conditional sampling speed (issue 16: ≥ 1 M rows/s for a condition on a mixture group or on at
 * most three dimensions): the built CLI under /usr/bin/time on the telco model (a mixture of three
 * copulas), plain and under conditions, median of RUNS whole-process runs, with each condition's
 * speed as a share of plain sampling's in the same rounds.
 *   npx tsx test/bench/conditions-bench.ts [RUNS] [ROWS]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.argv[2] ?? 3);
const ROWS = Number(process.argv[3] ?? 10_000_000);
const CONDITIONS: readonly (readonly [string, string | null])[] = [
  ['none (plain sampling)', null],
  ['a mixture group', "internet_service = 'Fiber optic'"],
  ['one dimension', 'tenure between 1 and 12'],
  ['one category (its own shares)', "payment_method = 'Electronic check'"],
  ['three dimensions', "churn = 'Yes' and tenure between 1 and 24 and monthly_charges > 70"],
];

function seconds(args: string[]): number {
  const result = spawnSync('/usr/bin/time', ['-f', '%e', process.execPath, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  return Number(result.stderr.trim().split('\n').at(-1));
}

const dir = mkdtempSync(join(tmpdir(), 'doppel-conditions-bench-'));
const model = join(dir, 'telco.model.json');
execFileSync(
  process.execPath,
  ['dist/src/cli/main.js', 'fit', 'samples/telco_churn.csv', '--schema', 'schemas/telco.json', '-o', model],
  { cwd: ROOT, stdio: 'ignore' },
);
console.log(
  `doppel sample --where, telco model, ${ROWS.toLocaleString('en')} rows, 2 workers, median of ${RUNS} runs`,
);
console.log('| condition | --where | s | rows/s | / plain (same rounds) |');
console.log('|---|---|---|---|---|');
// Rounds interleave the conditions (plain, then each condition, then again), so that a change in the
// machine's load falls on all of them alike; each condition's ratio is the median over rounds of
// plain's time over its time in the same round.
const times: number[][] = CONDITIONS.map(() => []);
const out = join(dir, 'out.arrow');
for (let run = 0; run < RUNS; run++) {
  CONDITIONS.forEach(([, where], c) => {
    times[c]!.push(
      seconds([
        'dist/src/cli/main.js',
        'sample',
        model,
        '--rows',
        String(ROWS),
        '--out',
        out,
        '--workers',
        '2',
        '--seed',
        String(run + 1),
        '--quiet',
        ...(where === null ? [] : ['--where', where]),
      ]),
    );
    rmSync(out, { force: true });
  });
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
CONDITIONS.forEach(([label, where], c) => {
  const s = median(times[c]!);
  const ratio = median(times[c]!.map((t, run) => (times[0]![run] as number) / t));
  console.log(
    `| ${label} | ${where ?? ''} | ${s.toFixed(2)} | ${Math.round(ROWS / s).toLocaleString('en')} | ${ratio.toFixed(2)} |`,
  );
});
rmSync(dir, { recursive: true, force: true });
