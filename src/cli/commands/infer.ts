import { basename, extname } from 'node:path';
import type { CommandModule } from 'yargs';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readTable } from '../../io/read-table.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { inferSchema } from '../../schema/infer-schema.js';
import { dataPositional, encodingOption } from '../options.js';
import type { Output } from '../output.js';

interface InferArgs {
  data: string;
  out?: string;
  name?: string;
  encoding: string;
}

export function inferCommand(output: Output): CommandModule<object, InferArgs> {
  return {
    command: 'infer <data>',
    describe: 'Write a starting dataset schema: kinds, identifiers, personal fields, quasi-identifiers',
    builder: (yargs) =>
      yargs
        .positional('data', dataPositional)
        .option('encoding', encodingOption)
        .option('out', { alias: 'o', type: 'string', describe: 'Write the schema here (default: print it)' })
        .option('name', { type: 'string', describe: 'Dataset name (default: the file name)' })
        .example('doppel infer samples/telco_churn.csv -o telco.schema.json', '')
        .epilog(
          'Each column carries a comment saying why it got its kind and role; review before fitting.',
        ) as never,
    handler: async (args) => {
      const table = await readTable(args.data, { encoding: maybeTextEncoding(args.encoding) });
      const schema = inferSchema(table, { name: args.name ?? basename(args.data, extname(args.data)) });
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      if (args.out === undefined) {
        output.out(text);
        return;
      }
      await writeFileAtomic(args.out, text);
      output.out(
        `schema for ${schema.columns.length} columns written to ${args.out}; review the comments before fitting`,
      );
    },
  };
}
