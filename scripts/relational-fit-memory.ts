/**
 * Where a relational fit's memory goes (issue 15, "relational data follows the same path"): runs the
 * stages of `doppel fit --schema` in this process and prints, after each, the live heap and the
 * ArrayBuffers (after a full GC) and the peak RSS so far.
 *   node --expose-gc --import tsx scripts/relational-fit-memory.ts SCHEMA.json
 * The whole-process figures of the CLI come from `/usr/bin/time -f '%e %M' doppel fit --schema ...`
 * (README, "Relational fits of large event tables").
 */
import { performance } from 'node:perf_hooks';
import { readRelatedTables } from '../src/io/read-related-tables.js';
import { fitRelational } from '../src/model/relational/fit-relational.js';
import { parseRelationalSchema } from '../src/schema/load-relational-schema.js';
import { prepareRelational } from '../src/schema/prepare-relational.js';

const schemaPath = process.argv[2];
if (!schemaPath) throw new Error('usage: scripts/relational-fit-memory.ts SCHEMA.json');
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const start = performance.now();

function stage(name: string): void {
  gc?.();
  const m = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `${name.padEnd(34)} ${((performance.now() - start) / 1000).toFixed(1).padStart(7)} s  heap ${mb(m.heapUsed).padStart(8)}  arrays ${mb(m.arrayBuffers).padStart(8)}  rss ${mb(m.rss).padStart(8)}  peak rss ${mb(peak).padStart(8)}`,
  );
}

const { readFile } = await import('node:fs/promises');
const tree = parseRelationalSchema(JSON.parse(await readFile(schemaPath, 'utf8')), schemaPath);
stage('schema');
let tables: Awaited<ReturnType<typeof readRelatedTables>> | null = await readRelatedTables(tree, schemaPath);
stage('tables read (Arrow)');
const prepared = prepareRelational(tree, tables);
stage('prepared (Arrow tables still held)');
tables = null;
stage('prepared (Arrow tables freed)');
const model = fitRelational(prepared);
stage('fitted');
console.log(`${model.tables.length} tables; ${model.fit.customersUsed} customers`);
