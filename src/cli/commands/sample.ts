import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../io/write-output.js';
import { loadAnyModel } from '../../model/load-model.js';
import { isRelationalModel } from '../../model/relational/relational-model-format.js';
import type { Shard } from '../../sample/plan.js';
import { requireRootColumn } from '../../sample/relational/root-condition.js';
import { sampleRelational } from '../../sample/relational/sample-relational.js';
import { conditionFlags, conditionSetsFromFlags } from '../condition-flags.js';
import { integerFlag, parseSamplingFlags, samplingFlags } from '../options.js';
import type { Output } from '../output.js';

interface SampleArgs {
  model: string;
  rows: number;
  out: string;
  seed: number;
  workers?: number;
  quiet: boolean;
  format?: OutputFormat;
  shard?: string;
  'part-rows'?: number;
  where?: string;
  'where-file'?: string;
  rebalance?: string;
  shares?: string;
}

/**
 * `I/N` → shard I of N (0-based), as a batch scheduler numbers its tasks.
 * @throws DoppelError `usage` for anything else.
 */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new DoppelError(
      'usage',
      `--shard must be I/N with 0 <= I < N, e.g. 0/4 (got ${value}); in a Kubernetes Indexed Job use $JOB_COMPLETION_INDEX/N`,
    );
  }
  return { index, count };
}

const { rows: _rows, ...samplingFlagsBesideRows } = samplingFlags;

export function sampleCommand(output: Output): CommandModule<object, SampleArgs> {
  return {
    command: 'sample <model>',
    describe: 'Sample synthetic customers from a model into an Arrow IPC file, with worker threads',
    builder: (yargs) =>
      yargs
        .positional('model', {
          type: 'string',
          demandOption: true,
          describe: 'A model written by `doppel fit`',
        })
        .options(samplingFlagsBesideRows)
        // Not demanded: --where-file gives the rows line by line.
        .option('rows', { ...samplingFlags.rows, demandOption: false })
        .options(conditionFlags)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe:
            'Output file: .arrow (IPC file), .arrows (IPC stream), .csv, .jsonl or .parquet; for a relational model, a directory that gets <table>.arrow per table (--format for the others)',
        })
        .option('format', {
          type: 'string',
          choices: OUTPUT_FORMATS,
          describe: 'Output format (default: from the extension of --out)',
        })
        .option('shard', {
          type: 'string',
          describe:
            'Write only slice I of N (0-based) of the run, e.g. 2/8: N processes with the same model, --rows and --seed together write the single run, row for row',
        })
        .option('part-rows', {
          type: 'number',
          describe:
            'Split the output into part files of at most this many rows (name-00000.ext, name-00001.ext, …)',
        })
        .example('doppel sample out/telco.model.json --rows 1000000 --out out/telco.arrow --seed 7', '')
        .example(
          `doppel sample out/telco.model.json --rows 50000 --where "churn = 'Yes' and internet_service = 'Fiber optic'" --out out/churned-fibre.arrow`,
          'only customers who satisfy the condition, drawn from the model’s conditional distribution',
        )
        .example(
          'doppel sample out/telco.model.json --rows 100000000 --seed 7 --shard 3/10 --out /data/telco-3.parquet',
          'one task of ten in a batch job',
        ) as never,
    handler: async (args) => {
      const model = await loadAnyModel(args.model);
      if (isRelationalModel(model)) {
        if (args['part-rows'] !== undefined)
          throw new DoppelError(
            'usage',
            '--part-rows is not available for related tables: each table is one file',
          );
        // Conditions select customers: only the customer table's own columns may be named.
        if (args.rebalance !== undefined)
          requireRootColumn(model, args.rebalance, '--rebalance', 'rebalance');
        const { rows, conditions } = await conditionSetsFromFlags(model.tables[0]!.model, args);
        const { seed, workers } = parseSamplingFlags({ ...args, rows }, availableParallelism());
        const started = performance.now();
        const result = await sampleRelational(model, {
          rows,
          seed,
          workers,
          out: args.out,
          format: args.format ?? 'arrow',
          ...(args.shard === undefined ? {} : { shard: parseShard(args.shard) }),
          ...(conditions === undefined ? {} : { conditions }),
        });
        const seconds = (performance.now() - started) / 1000;
        const events = [...result.rows].filter(([t]) => t !== model.root).reduce((a, [, n]) => a + n, 0);
        output.out(
          `sampled ${result.customers.toLocaleString('en')} customers with ${events.toLocaleString('en')} rows of related tables into ${args.out} in ${seconds.toFixed(2)} s (${workers} workers, seed ${seed})`,
        );
        for (const file of result.files)
          output.out(`  ${file.table}: ${file.rows.toLocaleString('en')} rows, ${file.path}`);
        return;
      }
      const { rows, conditions } = await conditionSetsFromFlags(model, args);
      const { seed, workers } = parseSamplingFlags({ ...args, rows }, availableParallelism());
      // Imported here: the table sampler's modules (faker with all its locales among them, ~0.15 s
      // of an idle machine's start) are not needed for related tables.
      const { sampleWithProgress } = await import('../sample-with-progress.js');
      await sampleWithProgress(output, model, {
        rows,
        ...(conditions === undefined ? {} : { conditions }),
        seed,
        workers,
        out: args.out,
        quiet: args.quiet,
        ...(args.format === undefined ? {} : { format: args.format }),
        ...(args.shard === undefined ? {} : { shard: parseShard(args.shard) }),
        ...(args['part-rows'] === undefined
          ? {}
          : { partRows: integerFlag(args['part-rows'], 'part-rows', 1) }),
      });
    },
  };
}
