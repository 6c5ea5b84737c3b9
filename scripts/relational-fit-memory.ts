/**
 * A relational fit on a large event table (issue 15, "relational data follows the same path"): fits
 * the bundled margarine panel (schemas/margarine.json), samples N synthetic households with their
 * purchases into Parquet (about 8.7 purchases each), and times `doppel fit --schema` on them as a
 * whole process (wall seconds, user CPU seconds, peak RSS, from /usr/bin/time).
 *   npx tsx scripts/relational-fit-memory.ts [--customers 100000,1000000] [--keep DIR] [--modes no-stream,stream]
 * --modes: the fits to time on each sample, in order: `stream` (event copulas from sums over batches),
 * `no-stream` (the row fit), `default` (no flag: by size); default `no-stream,stream`. With --keep, a
 * directory that already holds a sample of that size is fitted again without sampling.
 * With --stages SCHEMA.json it instead runs the fit's stages in this process and prints, after each,
 * the live heap and ArrayBuffers (after a full GC) and the peak RSS so far:
 *   node --expose-gc --import tsx scripts/relational-fit-memory.ts --stages SCHEMA.json [--stream | --no-stream]
 * Needs the built CLI (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readPreparedRelational } from '../src/io/read-related-tables.js';
import { fitRelational } from '../src/model/relational/fit-relational.js';
import { parseRelationalSchema } from '../src/schema/load-relational-schema.js';

const ROOT = new URL('../', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/src/cli/main.js');
const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

function timed(args: string[]): { code: number; seconds: number; cpu: number; peakMb: number; out: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %M', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const [seconds, cpu, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return {
    code: result.status ?? -1,
    seconds: seconds!,
    cpu: cpu!,
    peakMb: Math.round(kb! / 1024),
    out: result.stdout,
  };
}

function ok(step: string, result: ReturnType<typeof timed>): ReturnType<typeof timed> {
  if (result.code !== 0) throw new Error(`${step} exited ${result.code}`);
  return result;
}

async function stages(schemaPath: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`.padStart(8);
  const start = performance.now();
  const stage = (name: string) => {
    gc?.();
    const m = process.memoryUsage();
    const peak = process.resourceUsage().maxRSS * 1024;
    const seconds = ((performance.now() - start) / 1000).toFixed(1).padStart(7);
    console.log(
      `${name.padEnd(34)} ${seconds} s  heap ${mb(m.heapUsed)}  arrays ${mb(m.arrayBuffers)}  rss ${mb(m.rss)}  peak rss ${mb(peak)}`,
    );
  };
  const tree = parseRelationalSchema(JSON.parse(readFileSync(schemaPath, 'utf8')), schemaPath);
  stage('schema');
  const prepared = await readPreparedRelational(tree, schemaPath, stage);
  const stream = process.argv.includes('--stream')
    ? true
    : process.argv.includes('--no-stream')
      ? false
      : undefined;
  const model = fitRelational(prepared, stream === undefined ? {} : { stream });
  stage('fitted');
  console.log(`${model.fit.customersUsed} customers`);
}

async function wholeProcess(): Promise<void> {
  const counts = (flag('customers') ?? '100000,1000000').split(',').map(Number);
  const keep = flag('keep');
  const modes = (flag('modes') ?? 'no-stream,stream').split(',');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'doppel-relfit-'));
  mkdirSync(dir, { recursive: true });
  try {
    const seedModel = join(dir, 'margarine.model.json');
    // The seed model is the bundled panel's row fit, whatever the modes timed.
    ok('fit', timed(['fit', '--schema', join(ROOT, 'schemas/margarine.json'), '-o', seedModel]));
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/margarine.json'), 'utf8')) as {
      tables: { name: string; path: string }[];
    };
    for (const customers of counts) {
      const data = join(dir, `c${customers}`);
      if (!existsSync(join(data, 'schema.json'))) {
        ok(
          'sample',
          timed(['sample', seedModel, '--rows', String(customers), '--format', 'parquet', '-q', '-o', data]),
        );
        for (const table of schema.tables) table.path = `${table.name}.parquet`;
        writeFileSync(join(data, 'schema.json'), JSON.stringify(schema));
      }
      for (const mode of modes) {
        const fit = ok(
          'relational fit',
          timed([
            'fit',
            '--schema',
            join(data, 'schema.json'),
            '-o',
            join(data, `model-${mode}.json`),
            ...(mode === 'default' ? [] : [`--${mode}`]),
          ]),
        );
        const events = /\(([\d,]+) events fitted\)/.exec(fit.out)?.[1] ?? '?';
        console.log(
          `${customers.toLocaleString('en-US')} customers (${events} events fitted), ${mode}: ${fit.seconds} s wall, ${fit.cpu} s user CPU, peak RSS ${fit.peakMb} MB`,
        );
      }
    }
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

const stagesOf = flag('stages');
await (stagesOf === undefined ? wholeProcess() : stages(stagesOf));
