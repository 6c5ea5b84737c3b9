import { availableParallelism } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { CommandModule } from 'yargs';
import { readTable } from '../../io/read-table.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { validate } from '../../validate/validate.js';
import { fitAndSave } from '../fit-and-save.js';
import { parseSamplingFlags, samplingFlags } from '../options.js';
import type { Output } from '../output.js';
import { sampleWithProgress } from '../sample-with-progress.js';
import { emitReport } from './validate.js';

interface RunArgs {
  data: string;
  schema: string;
  rows: number;
  out: string;
  model?: string;
  seed: number;
  workers?: number;
  quiet: boolean;
  json?: string;
}

/** The main job in one command: fit the real data, sample with workers, validate the result. */
export function runCommand(output: Output): CommandModule<object, RunArgs> {
  return {
    command: 'run <data>',
    describe: 'The whole job: fit, sample with workers into Arrow, and validate against the real data',
    builder: (yargs) =>
      yargs
        .positional('data', {
          type: 'string',
          demandOption: true,
          describe: 'Real data: .csv, .arrow, .parquet or .jsonl',
        })
        .option('schema', {
          alias: 's',
          type: 'string',
          demandOption: true,
          describe: 'Dataset schema (JSON)',
        })
        .options(samplingFlags)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Synthetic output file (.arrow)',
        })
        .option('model', { type: 'string', describe: 'Where to keep the model (default: beside --out)' })
        .option('json', { type: 'string', describe: 'Also write the validation report as JSON to this file' })
        .example(
          'doppel run samples/telco_churn.csv --schema schemas/telco.json --rows 100000 --out out/telco.arrow',
          '',
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      const modelPath = args.model ?? join(dirname(args.out), `${parse(args.out).name}.model.json`);
      const [real, schema] = await Promise.all([readTable(args.data), loadDatasetSchema(args.schema)]);

      const model = await fitAndSave(output, real, schema, { seed }, modelPath);
      output.out('');

      await sampleWithProgress(output, model, { rows, seed, workers, out: args.out, quiet: args.quiet });
      output.out('');

      const synthetic = await readTable(args.out);
      await emitReport(output, validate(real, synthetic, schema, { seed }), args.json ?? undefined);
    },
  };
}
