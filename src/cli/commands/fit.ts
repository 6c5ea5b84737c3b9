import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readJsonFile } from '../../io/read-input-file.js';
import { openTableBatches } from '../../io/table-batches.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { maybePrivacyOptions } from '../../model/dp/privacy-options.js';
import { fitRelatedFiles } from '../../pipeline/fit-related-files.js';
import { parseRelationalSchema } from '../../schema/load-relational-schema.js';
import { parseDatasetSchema } from '../../schema/load-schema.js';
import { isRelationalSchemaJson } from '../../schema/relational-schema.js';
import { fitFileAndSave } from '../fit-and-save.js';
import { fitPartialCommand } from '../fit-partial-command.js';
import { formatRelationalFitSummary, relationalFitWarnings } from '../format-relational-fit.js';
import {
  dataPositional,
  encodingOption,
  eventsPerParentFlag,
  integerFlag,
  privacyFlags,
  schemaOption,
} from '../options.js';
import type { Output } from '../output.js';

interface FitArgs {
  encoding: string;
  data?: string;
  schema: string;
  out: string;
  seed?: number;
  'min-count'?: number;
  epsilon?: number;
  delta?: number;
  'events-per-parent'?: number;
  partial?: boolean;
  plan?: string;
  merge?: string[];
  stream?: boolean;
}

export function fitCommand(output: Output): CommandModule<object, FitArgs> {
  return {
    command: 'fit [data]',
    describe: 'Fit a model (marginals + Gaussian copula) to real data described by a dataset schema',
    builder: (yargs) =>
      yargs
        .positional('data', {
          ...dataPositional,
          demandOption: false,
          describe: `${dataPositional.describe}; omit it when the schema lists related tables (each names its file)`,
        })
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
        .option('partial', {
          type: 'boolean',
          describe:
            'Write partial statistics of this partition (first pass; with --plan the second) instead of a model; they stay with the data owner',
        })
        .option('plan', {
          type: 'string',
          describe: 'With --partial: the merged first-pass partials, to run the second pass',
        })
        .option('merge', {
          type: 'string',
          array: true,
          describe:
            'Merge partial-statistics files of one pass (no DATA): first-pass partials into the plan, second-pass partials into the model; with --epsilon, first-pass partials into a private plan',
        })
        .option('stream', {
          type: 'boolean',
          describe:
            "Fit in passes over record batches, in bounded memory (default: from 200,000 rows; --no-stream holds every row). Related tables: each event table's copula from sums over batches of events (default: from 200,000 events)",
        })
        .option('min-count', {
          type: 'number',
          describe: 'k: never store a category or value held by fewer than k rows',
        })
        .example('doppel fit samples/telco_churn.csv --schema schemas/telco.json -o out/telco.model.json', '')
        .example(
          'doppel fit samples/telco_churn.csv --schema schemas/telco.json --epsilon 1 -o out/telco.dp.json',
          '',
        )
        .example('doppel fit --schema schemas/margarine.json -o out/margarine.model.json', 'related tables')
        .example(
          'doppel fit --schema schemas/margarine.json --epsilon 1 -o out/margarine.dp.json',
          'related tables, each customer with all their purchases protected',
        )
        .example(
          'doppel fit part-1.parquet --schema s.json --partial -o first-1.json',
          'one partition, pass 1',
        )
        .example('doppel fit --merge first-*.json --schema s.json -o plan.json', 'the plan of pass 2')
        .example(
          'doppel fit part-1.parquet --schema s.json --partial --plan plan.json -o second-1.json',
          'pass 2',
        )
        .example('doppel fit --merge second-*.json --schema s.json -o model.json', 'the model')
        .example(
          'doppel fit --merge first-*.json --schema s.json --epsilon 1 -o plan1.json',
          'a private fit instead: noise added at the merges (README, "Differentially private merge")',
        )
        .epilog('The model holds statistics only: no real row and no identifier value.') as never,
    handler: async (args) => {
      const json = await readJsonFile(args.schema, 'schema file', 'invalid-schema');
      const options = {
        source: `data file ${args.data}`,
        ...(args.seed === undefined ? {} : { seed: integerFlag(args.seed, 'seed', 0) }),
        ...(args['min-count'] === undefined
          ? {}
          : { minCount: integerFlag(args['min-count'], 'min-count', 1) }),
        ...(args.epsilon === undefined ? {} : { epsilon: args.epsilon }),
        ...(args.delta === undefined ? {} : { delta: args.delta }),
      };
      const relational = isRelationalSchemaJson(json);
      const bound = eventsPerParentFlag(args['events-per-parent'], { relational, epsilon: args.epsilon });
      if (args.partial || args.merge !== undefined || args.plan !== undefined) {
        if (relational)
          throw new DoppelError(
            'usage',
            '--partial and --merge fit single-table schemas; this schema lists related tables',
          );
        const schema = parseDatasetSchema(json, `schema file ${args.schema}`);
        await fitPartialCommand(output, schema, {
          schemaPath: args.schema,
          out: args.out,
          encoding: args.encoding,
          ...(args.data === undefined ? {} : { data: args.data }),
          ...(args.plan === undefined ? {} : { plan: args.plan }),
          ...(args.merge === undefined ? {} : { merge: args.merge }),
          partial: args.partial === true,
          ...(args['min-count'] === undefined
            ? {}
            : { minCount: integerFlag(args['min-count'], 'min-count', 1) }),
          privacy: maybePrivacyOptions({ epsilon: args.epsilon, delta: args.delta }),
          ...(args.seed === undefined ? {} : { seed: integerFlag(args.seed, 'seed', 0) }),
        });
        return;
      }
      if (relational) {
        if (args.data !== undefined)
          throw new DoppelError(
            'usage',
            `the schema ${args.schema} lists related tables, each with its own file: drop the DATA argument (${args.data})`,
          );
        const tree = parseRelationalSchema(json, `schema file ${args.schema}`);
        const model = await fitRelatedFiles(tree, args.schema, {
          ...options,
          ...bound,
          ...(args.stream === undefined ? {} : { stream: args.stream }),
        });
        await writeFileAtomic(args.out, `${JSON.stringify(model, null, 2)}\n`);
        output.out(formatRelationalFitSummary(model));
        for (const line of relationalFitWarnings(model)) output.err(line);
        output.out(`model written to ${args.out}`);
        return;
      }
      if (args.data === undefined)
        throw new DoppelError(
          'usage',
          `doppel fit needs the DATA file for the single-table schema ${args.schema}`,
        );
      const schema = parseDatasetSchema(json, `schema file ${args.schema}`);
      const data = await openTableBatches(args.data, { encoding: maybeTextEncoding(args.encoding) });
      await fitFileAndSave(output, data, schema, options, args.out, args.stream);
    },
  };
}
