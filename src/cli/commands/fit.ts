import type { CommandModule } from 'yargs';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readTable } from '../../io/read-table.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { fitAndSave } from '../fit-and-save.js';
import { dataPositional, encodingOption, integerFlag, privacyFlags, schemaOption } from '../options.js';
import type { Output } from '../output.js';

interface FitArgs {
  encoding: string;
  data: string;
  schema: string;
  out: string;
  seed?: number;
  'min-count'?: number;
  epsilon?: number;
  delta?: number;
}

export function fitCommand(output: Output): CommandModule<object, FitArgs> {
  return {
    command: 'fit <data>',
    describe: 'Fit a model (marginals + Gaussian copula) to real data described by a dataset schema',
    builder: (yargs) =>
      yargs
        .positional('data', dataPositional)
        .option('encoding', encodingOption)
        .option('schema', schemaOption)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Where to write the model (JSON)',
        })
        .option('seed', {
          type: 'number',
          describe:
            'Seed for the fit’s randomness (default 1; with --epsilon a secret random seed, since the seed reproduces the noise)',
        })
        .options(privacyFlags)
        .option('min-count', {
          type: 'number',
          describe: 'k: never store a category or value held by fewer than k rows',
        })
        .example('doppel fit samples/telco_churn.csv --schema schemas/telco.json -o out/telco.model.json', '')
        .example(
          'doppel fit samples/telco_churn.csv --schema schemas/telco.json --epsilon 1 -o out/telco.dp.json',
          '',
        )
        .epilog('The model holds statistics only: no real row and no identifier value.') as never,
    handler: async (args) => {
      const [table, schema] = await Promise.all([
        readTable(args.data, { encoding: maybeTextEncoding(args.encoding) }),
        loadDatasetSchema(args.schema),
      ]);
      const options = {
        source: `data file ${args.data}`,
        ...(args.seed === undefined ? {} : { seed: integerFlag(args.seed, 'seed', 0) }),
        ...(args['min-count'] === undefined
          ? {}
          : { minCount: integerFlag(args['min-count'], 'min-count', 1) }),
        ...(args.epsilon === undefined ? {} : { epsilon: args.epsilon }),
        ...(args.delta === undefined ? {} : { delta: args.delta }),
      };
      await fitAndSave(output, table, schema, options, args.out);
    },
  };
}
