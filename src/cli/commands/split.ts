import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readTable } from '../../io/read-table.js';
import { splitTable } from '../../io/split-table.js';
import { writeTable } from '../../io/write-table.js';
import { makeRandom } from '../../stats/random.js';
import { dataPositional, encodingOption, holdoutShareOption, integerFlag } from '../options.js';
import type { Output } from '../output.js';

interface SplitArgs {
  encoding: string;
  data: string;
  holdout: number;
  seed: number;
  'out-dir'?: string;
}

export function splitCommand(output: Output): CommandModule<object, SplitArgs> {
  return {
    command: 'split <data>',
    describe: 'Split real data into a training part (to fit) and a holdout (to check privacy against)',
    builder: (yargs) =>
      yargs
        .positional('data', dataPositional)
        .option('encoding', encodingOption)
        .option('holdout', holdoutShareOption)
        .option('seed', { type: 'number', default: 1, describe: 'Seed: the same seed gives the same split' })
        .option('out-dir', {
          type: 'string',
          describe: 'Where to write NAME.train.EXT and NAME.holdout.EXT (default: beside the data)',
        })
        .example('doppel split samples/telco_churn.csv --holdout 0.3 --seed 7 --out-dir out', '') as never,
    handler: async (args) => {
      const table = await readTable(args.data, { encoding: maybeTextEncoding(args.encoding) });
      const { train, holdout } = splitTable(
        table,
        args.holdout,
        makeRandom(integerFlag(args.seed, 'seed', 0), 0),
      );
      const extension = extname(args.data);
      const stem = join(args['out-dir'] ?? dirname(args.data), basename(args.data, extname(args.data)));
      const paths = { train: `${stem}.train${extension}`, holdout: `${stem}.holdout${extension}` };
      // Both parts or neither: a holdout that fails to write takes the training part with it.
      await writeTable(train, paths.train);
      try {
        await writeTable(holdout, paths.holdout);
      } catch (error) {
        await rm(paths.train, { force: true });
        throw error;
      }
      output.out(
        `split ${table.numRows} rows: ${train.numRows} to ${paths.train}, ${holdout.numRows} to ${paths.holdout}`,
      );
    },
  };
}
