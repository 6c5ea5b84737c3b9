import { readRelatedTables, relationalTablesOf } from '../io/read-related-tables.js';
import { readTable } from '../io/read-table.js';
import { splitRelatedTables } from '../io/split-related-tables.js';
import type { OutputFormat } from '../io/write-output.js';
import { fitRelational, type RelationalFitOptions } from '../model/relational/fit-relational.js';
import type { RelationalModel } from '../model/relational/relational-model-format.js';
import { type SampleRelationalResult, sampleRelational } from '../sample/relational/sample-relational.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import { prepareRelational } from '../schema/prepare-relational.js';
import { makeRandom } from '../stats/random.js';
import type { RelationalTables } from '../validate/relational/relational-tables.js';

export interface RunRelatedOptions {
  /** Share of customers held out (with all their rows), e.g. 0.3. */
  readonly holdout: number;
  /** Seed of the split and of the sample. */
  readonly seed: number;
  /** Synthetic customers; default as many as the holdout. */
  readonly rows?: number;
  readonly workers: number;
  /** Directory the synthetic tables are written to. */
  readonly out: string;
  readonly format?: OutputFormat;
  readonly fit?: RelationalFitOptions;
}

export interface RunRelatedResult {
  readonly model: RelationalModel;
  readonly train: RelationalTables;
  readonly holdout: RelationalTables;
  /** The synthetic tables as written (read back from the files). */
  readonly synthetic: RelationalTables;
  readonly files: SampleRelationalResult['files'];
}

/**
 * The relational pipeline up to validation: split the customers (each with all their rows) into
 * training and holdout, fit on training, sample as many customers as the holdout into `out`, and
 * return the three datasets in the shape the relational validation reads.
 * @throws DoppelError from any stage.
 */
export async function runRelated(
  tree: RelationalTree,
  schemaPath: string,
  options: RunRelatedOptions,
): Promise<RunRelatedResult> {
  const tables = await readRelatedTables(tree, schemaPath);
  // Keys and order are checked on the whole data first, so a bad file fails before any split.
  prepareRelational(tree, tables);
  const { train, holdout } = splitRelatedTables(tree, tables, options.holdout, makeRandom(options.seed, 0));
  const model = fitRelational(prepareRelational(tree, train), options.fit ?? {});
  const format = options.format ?? 'arrow';
  const sampled = await sampleRelational(model, {
    rows: options.rows ?? holdout.get(tree.root.name)!.numRows,
    seed: options.seed,
    workers: options.workers,
    out: options.out,
    format,
  });
  const synthetic = new Map(
    await Promise.all(sampled.files.map(async (file) => [file.table, await readTable(file.path)] as const)),
  );
  return {
    model,
    train: relationalTablesOf(tree, train),
    holdout: relationalTablesOf(tree, holdout),
    synthetic: relationalTablesOf(tree, synthetic),
    files: sampled.files,
  };
}
