import type { CommandModule } from 'yargs';
import { readTable } from '../../io/read-table.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { fitAndSave } from '../fit-and-save.js';
import { integerFlag } from '../options.js';
import type { Output } from '../output.js';

interface FitArgs {
  data: string;
  schema: string;
  out: string;
  seed: number;
  'min-count'?: number;
}

export function fitCommand(output: Output): CommandModule<object, FitArgs> {
  return {
    command: 'fit <data>',
    describe: 'Fit a model (marginals + Gaussian copula) to real data described by a dataset schema',
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
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Where to write the model (JSON)',
        })
        .option('seed', {
          type: 'number',
          default: 1,
          describe: 'Seed for the fit’s tie-breaking randomness',
        })
        .option('min-count', {
          type: 'number',
          describe: 'k: never store a category or value held by fewer than k rows',
        })
        .example('doppel fit samples/telco_churn.csv --schema schemas/telco.json -o out/telco.model.json', '')
        .epilog('The model holds statistics only: no real row and no identifier value.') as never,
    handler: async (args) => {
      const [table, schema] = await Promise.all([readTable(args.data), loadDatasetSchema(args.schema)]);
      const options = {
        seed: integerFlag(args.seed, 'seed', 0),
        ...(args['min-count'] === undefined
          ? {}
          : { minCount: integerFlag(args['min-count'], 'min-count', 1) }),
      };
      await fitAndSave(output, table, schema, options, args.out);
    },
  };
}
