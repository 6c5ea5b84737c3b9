import { basename, dirname, extname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { readRelatedTables } from '../../io/read-related-tables.js';
import { readTable } from '../../io/read-table.js';
import { splitRelatedTables } from '../../io/split-related-tables.js';
import { splitTable } from '../../io/split-table.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { writeTable } from '../../io/write-table.js';
import { loadRelationalSchema } from '../../schema/load-relational-schema.js';
import { makeRandom } from '../../stats/random.js';
import { dataPositional, integerFlag } from '../options.js';
import type { Output } from '../output.js';

interface SplitArgs {
  data?: string;
  schema?: string;
  holdout: number;
  seed: number;
  'out-dir'?: string;
}

export function splitCommand(output: Output): CommandModule<object, SplitArgs> {
  return {
    command: 'split [data]',
    describe: 'Split real data into a training part (to fit) and a holdout (to check privacy against)',
    builder: (yargs) =>
      yargs
        .positional('data', { ...dataPositional, demandOption: false })
        .option('schema', {
          type: 'string',
          describe:
            'A relational schema instead of DATA: split by customer, each customer with all their rows, into OUT-DIR/train and OUT-DIR/holdout (tables and a schema naming them)',
        })
        .option('holdout', { type: 'number', default: 0.2, describe: 'Share of rows held out' })
        .option('seed', { type: 'number', default: 1, describe: 'Seed: the same seed gives the same split' })
        .option('out-dir', {
          type: 'string',
          describe: 'Where to write NAME.train.EXT and NAME.holdout.EXT (default: beside the data)',
        })
        .example('doppel split samples/telco_churn.csv --holdout 0.2 --seed 7 --out-dir out', '')
        .example(
          'doppel split --schema schemas/margarine.json --holdout 0.3 --seed 1 --out-dir out/split',
          '',
        ) as never,
    handler: async (args) => {
      const seed = integerFlag(args.seed, 'seed', 0);
      if (args.schema !== undefined) {
        if (args.data !== undefined || args['out-dir'] === undefined)
          throw new DoppelError(
            'usage',
            'a relational split takes --schema and --out-dir, and no DATA argument',
          );
        const tree = await loadRelationalSchema(args.schema);
        const tables = await readRelatedTables(tree, args.schema);
        const parts = splitRelatedTables(tree, tables, args.holdout, makeRandom(seed, 0));
        for (const [part, partTables] of [
          ['train', parts.train],
          ['holdout', parts.holdout],
        ] as const) {
          const dir = join(args['out-dir'], part);
          const schema = {
            ...tree.schema,
            tables: tree.schema.tables.map((table) => ({
              ...table,
              path: `${table.name}${extname(table.path ?? '.csv')}`,
            })),
          };
          for (const table of schema.tables)
            await writeTable(partTables.get(table.name)!, join(dir, table.path));
          await writeFileAtomic(join(dir, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
        }
        const root = tree.root.name;
        output.out(
          `split ${tables.get(root)!.numRows} customers of "${root}" with their rows: ${parts.train.get(root)!.numRows} to ${join(args['out-dir'], 'train')}, ${parts.holdout.get(root)!.numRows} to ${join(args['out-dir'], 'holdout')} (each with schema.json)`,
        );
        return;
      }
      if (args.data === undefined)
        throw new DoppelError('usage', 'doppel split needs DATA, or --schema for related tables');
      const table = await readTable(args.data);
      const { train, holdout } = splitTable(table, args.holdout, makeRandom(seed, 0));
      const extension = extname(args.data);
      const stem = join(args['out-dir'] ?? dirname(args.data), basename(args.data, extname(args.data)));
      const paths = { train: `${stem}.train${extension}`, holdout: `${stem}.holdout${extension}` };
      await writeTable(train, paths.train);
      await writeTable(holdout, paths.holdout);
      output.out(
        `split ${table.numRows} rows: ${train.numRows} to ${paths.train}, ${holdout.numRows} to ${paths.holdout}`,
      );
    },
  };
}
