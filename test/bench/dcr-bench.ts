/**
 * Benchmark: exact distance to closest record (SDMetrics DCR) of 100,000 synthetic rows against
 * 100,000 training rows, 20 telco columns, in Piscina workers (the kernel of the privacy report).
 * Both tables are `doppel sample` outputs of a model fitted on the bundled telco sample (telco has
 * only 7,043 real rows); the cost depends on row and column counts and on how clustered the rows are.
 *   npm run build && npx tsx test/bench/dcr-bench.ts [runs=3] [workers=2]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/io/read-table.js';
import { dcr } from '../../src/privacy/dcr.js';
import { comparableColumnNames } from '../../src/privacy/table-columns.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';
import { prepareTable } from '../../src/schema/prepare-table.js';
import { BIN, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../cli/run-doppel.js';

const ROWS = 100_000;
const runs = Number(process.argv[2] ?? 3);
const workers = Number(process.argv[3] ?? 2);
const dir = temporaryDirectory();
const model = join(dir, 'telco.model.json');
const cli = (args: string[]) => execFileSync(process.execPath, [BIN, ...args], { stdio: 'ignore' });
cli(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
cli(['sample', model, '--rows', String(ROWS), '--seed', '1', '--out', join(dir, 'train.arrow'), '--quiet']);
cli([
  'sample',
  model,
  '--rows',
  String(ROWS),
  '--seed',
  '2',
  '--out',
  join(dir, 'synthetic.arrow'),
  '--quiet',
]);
const schema = parseDatasetSchema(JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')));
const prepare = async (name: string) =>
  prepareTable(await readTable(join(dir, name)), schema, { columns: 'all', applyConsent: false });
const [train, synthetic] = [await prepare('train.arrow'), await prepare('synthetic.arrow')];
const columns = comparableColumnNames(train);
const seconds: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  await dcr(synthetic, train, columns, { workers });
  seconds.push((performance.now() - started) / 1000);
}
seconds.sort((a, b) => a - b);
console.log(
  `DCR ${ROWS.toLocaleString('en')} synthetic x ${ROWS.toLocaleString('en')} training rows, ${columns.length} columns, ${workers} workers: ` +
    `median ${seconds[Math.floor(runs / 2)]!.toFixed(2)} s of ${runs} runs (${seconds.map((s) => s.toFixed(2)).join(', ')})`,
);
rmSync(dir, { recursive: true, force: true });
