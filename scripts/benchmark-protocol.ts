/**
 * The protocol both benchmark scripts follow (fidelity-benchmark.ts, epsilon-benchmark.ts): their
 * command-line arguments, and each real dataset read with a schema from `doppel infer` (no hand
 * edits) and split 70/30 with a seeded split.
 */
import { basename, join, resolve } from 'node:path';
import type { Table } from 'apache-arrow';
import { readTable } from '../src/io/read-table.js';
import { type SplitTables, splitTable } from '../src/io/split-table.js';
import type { DatasetSchema } from '../src/schema/dataset-schema.js';
import { inferSchema } from '../src/schema/infer-schema.js';
import { makeRandom } from '../src/stats/random.js';

export interface BenchmarkArgs {
  /** The value after `--name`, if given. */
  flag(name: string): string | undefined;
  /** `--json FILE`: where to write every split's figures. */
  readonly jsonPath: string | undefined;
  /** `--seeds 1,2,3,4,5`: the split seeds. */
  readonly seeds: readonly number[];
  /** The first positional argument, default ../shared/datasets. */
  readonly datasetsDir: string;
}

export function benchmarkArgs(args: readonly string[] = process.argv.slice(2)): BenchmarkArgs {
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  return {
    flag,
    jsonPath: flag('--json'),
    seeds: (flag('--seeds') ?? '1,2,3,4,5').split(',').map(Number),
    datasetsDir: resolve(
      args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ??
        join(import.meta.dirname, '../../shared/datasets'),
    ),
  };
}

/** A dataset file with the schema `doppel infer` makes for it. */
export async function readDataset(
  dir: string,
  file: string,
): Promise<{ table: Table; schema: DatasetSchema }> {
  const table = await readTable(join(dir, file));
  return { table, schema: inferSchema(table, { name: basename(file, '.csv') }) };
}

/** The 70/30 split of the protocol for one seed. */
export function protocolSplit(table: Table, seed: number): SplitTables {
  return splitTable(table, 0.3, makeRandom(seed, 0));
}
