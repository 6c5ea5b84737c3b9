/**
 * The relational sampler's figures (part of `npm run bench`): customers with their purchases on the
 * margarine model, whole process under GNU time, with W workers into Arrow: events per second and
 * peak RSS at two sizes (flat in customers), then byte-identity for workers 1/2/4 and shards
 * concatenated.
 *   npx tsx test/bench/related-bench.ts [--customers 100000,1000000] [--workers 2] [--check 100000]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';

const ROOT = new URL('../../', import.meta.url).pathname;
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const CUSTOMERS = flag('customers', '100000,1000000').split(',').map(Number);
const WORKERS = flag('workers', '2');
const CHECK = Number(flag('check', '100000'));
const TABLES = ['margarine_households', 'margarine_purchases'];

function doppel(args: string[]): { seconds: number; peakRssMb: number; stdout: string } {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, 'dist/src/cli/main.js', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`doppel ${args.join(' ')} failed:\n${result.stderr}`);
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakRssMb: kb! / 1024, stdout: result.stdout };
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'doppel-related-bench-'));
const model = join(dir, 'margarine.model.json');
doppel(['fit', '--schema', 'schemas/margarine.json', '-o', model]);

console.log(`doppel sample, margarine relational model, ${WORKERS} workers, Arrow (node ${process.version})`);
console.log('| customers | purchases | sample s | events/s | peak RSS MB |');
console.log('|---|---|---|---|---|');
for (const customers of CUSTOMERS) {
  const out = join(dir, `sample-${customers}`);
  const run = doppel(['sample', model, '--rows', String(customers), '--workers', WORKERS, '--out', out]);
  const events = Number(/with ([\d,]+) rows/.exec(run.stdout)![1]!.replaceAll(',', ''));
  console.log(
    `| ${customers.toLocaleString('en')} | ${events.toLocaleString('en')} | ${run.seconds.toFixed(2)} | ${Math.round(events / run.seconds).toLocaleString('en')} | ${run.peakRssMb.toFixed(0)} |`,
  );
  rmSync(out, { recursive: true, force: true });
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
  const whole = tableFromIPC(bytes(runs[0]!, t));
  const parts = shards.map((out) => tableFromIPC(bytes(out, t)));
  return whole.schema.fields.every((field) => {
    const joined = parts.flatMap((p) => Array.from(p.getChild(field.name)!, String));
    const all = Array.from(whole.getChild(field.name)!, String);
    return joined.length === all.length && joined.every((v, i) => v === all[i]);
  });
});
console.log(
  `${CHECK.toLocaleString('en')} customers: workers 1/2/4 byte-identical: ${sameBytes}; shards 0-2 of 3 concatenated = the run: ${sameRows}`,
);
rmSync(dir, { recursive: true, force: true });
