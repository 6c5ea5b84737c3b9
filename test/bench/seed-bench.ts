/**
 * `doppel seed` figures, whole process as a user runs it (the built CLI under /usr/bin/time), median
 * of RUNS runs: 1,000,000 telco rows into PostgreSQL (COPY binary and COPY text side by side), into
 * SQLite, and as seed.sql scripts; targets from issue 14: PostgreSQL < 30 s, SQLite < 20 s, peak RSS
 * < 512 MB. The PostgreSQL server is the one .ci/postgres.sh starts (its own process: its memory is
 * not in the figure).
 *   npx tsx test/bench/seed-bench.ts [RUNS] [ROWS]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.argv[2] ?? '3');
const ROWS = Number(process.argv[3] ?? '1000000');
const WORKERS = '2';

interface Measure {
  seconds: number;
  /** User + system CPU seconds of the doppel process (its threads included; not the server's). */
  cpuSeconds: number;
  peakRssMb: number;
}

function timed(args: string[]): Measure {
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', process.execPath, 'dist/src/cli/main.js', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`doppel ${args[0]} failed:\n${result.stderr}`);
  const [seconds, user, system, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, cpuSeconds: user! + system!, peakRssMb: kb! / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const server =
  process.env.DOPPEL_TEST_PG_URL ??
  execFileSync('bash', [join(ROOT, '.ci/postgres.sh'), 'start'], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'doppel-seed-bench-'));
const model = join(dir, 'telco.model.json');
execFileSync(
  process.execPath,
  ['dist/src/cli/main.js', 'fit', 'samples/telco_churn.csv', '--schema', 'schemas/telco.json', '-o', model],
  {
    cwd: ROOT,
    stdio: 'ignore',
  },
);

interface Candidate {
  readonly name: string;
  readonly limitSeconds: number | null;
  /** Runs one seed into a fresh target and cleans up after it. */
  run(seed: number): Promise<Measure>;
}

const base = (seed: number) => [
  'seed',
  model,
  '--rows',
  String(ROWS),
  '--seed',
  String(seed),
  '--workers',
  WORKERS,
  '--quiet',
];
const postgres = (format: 'binary' | 'text'): Candidate => ({
  name: `PostgreSQL, COPY ${format}`,
  limitSeconds: 30,
  async run(seed) {
    const name = `doppel_bench_${format}_${seed}`;
    await admin(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    try {
      return timed([...base(seed), '--db', url.href, '--copy-format', format]);
    } finally {
      await admin(server, `DROP DATABASE ${name}`);
    }
  },
});
const candidates: Candidate[] = [
  postgres('binary'),
  postgres('text'),
  {
    name: 'SQLite (better-sqlite3, prepared INSERT)',
    limitSeconds: 20,
    async run(seed) {
      const path = join(dir, `bench-${seed}.db`);
      try {
        return timed([...base(seed), '--db', `sqlite:${path}`]);
      } finally {
        rmSync(path, { force: true });
      }
    },
  },
  ...(['postgres', 'sqlite'] as const).map(
    (dialect): Candidate => ({
      name: `seed.sql (${dialect === 'postgres' ? 'COPY text' : 'INSERT'} script)`,
      limitSeconds: null,
      async run(seed) {
        const path = join(dir, `bench-${seed}-${dialect}.sql`);
        try {
          const measure = timed([...base(seed), '--out', path, '--dialect', dialect]);
          console.error(`  ${dialect} script: ${(statSync(path).size / 1e6).toFixed(0)} MB`);
          return measure;
        } finally {
          rmSync(path, { force: true });
        }
      },
    }),
  ),
];

console.log(
  `doppel seed, telco model (one table, 22 columns), ${ROWS.toLocaleString('en')} rows, ${WORKERS} workers, median of ${RUNS} whole-process runs (node ${process.version})`,
);
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (${availableParallelism()} cores)`,
);
console.log('| target | seconds | rows/s | doppel CPU s | peak RSS MB | target s | met |');
console.log('|---|---|---|---|---|---|---|');
for (const candidate of candidates) {
  const measures: Measure[] = [];
  // Candidates alternate run by run would be fairer on a shared machine; one after the other keeps
  // each database's caches warm the same way for all of its runs.
  for (let run = 0; run < RUNS; run++) measures.push(await candidate.run(run + 1));
  const seconds = median(measures.map((m) => m.seconds));
  const rss = median(measures.map((m) => m.peakRssMb));
  const cpu = median(measures.map((m) => m.cpuSeconds));
  const met =
    candidate.limitSeconds === null ? '' : seconds < candidate.limitSeconds && rss < 512 ? 'yes' : 'NO';
  console.log(
    `| ${candidate.name} | ${seconds.toFixed(2)} | ${Math.round(ROWS / seconds).toLocaleString('en')} | ${cpu.toFixed(2)} | ${rss.toFixed(0)} | ${candidate.limitSeconds ?? '–'} | ${met} |`,
  );
}
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
rmSync(dir, { recursive: true, force: true });
