import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { formatFromPath, readTable } from '../../io/read-table.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { inferRelationalSchema } from '../../schema/infer-relational.js';
import { inferSchema } from '../../schema/infer-schema.js';
import { dataPositional } from '../options.js';
import type { Output } from '../output.js';

interface InferArgs {
  data: string[];
  out?: string;
  name?: string;
}

export function inferCommand(output: Output): CommandModule<object, InferArgs> {
  return {
    command: 'infer <data..>',
    describe: 'Write a starting dataset schema: kinds, identifiers, personal fields, quasi-identifiers',
    builder: (yargs) =>
      yargs
        .positional('data', {
          ...dataPositional,
          array: true,
          describe: `${dataPositional.describe}; several files (or a folder) are related tables, whose keys are inferred from their values`,
        })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the schema here (default: print it)' })
        .option('name', { type: 'string', describe: 'Dataset name (default: the file name)' })
        .example('doppel infer samples/telco_churn.csv -o telco.schema.json', '')
        .example(
          'doppel infer samples/margarine_households.csv samples/margarine_purchases.csv -o margarine.json',
          'related tables: keys and links from the values',
        )
        .epilog(
          'Each column carries a comment saying why it got its kind and role; review before fitting.',
        ) as never,
    handler: async (args) => {
      const files = await dataFiles(args.data);
      if (files.length > 1 || (await isDirectory(args.data[0]!))) {
        const base = dirname(resolve(args.out ?? 'schema.json'));
        const inputs = await Promise.all(
          files.map(async (file) => ({
            name: basename(file, extname(file)),
            path: relative(base, resolve(file)),
            table: await readTable(file),
          })),
        );
        const schema = inferRelationalSchema(inputs, args.name ?? basename(base));
        const text = `${JSON.stringify(schema, null, 2)}\n`;
        if (args.out === undefined) {
          output.out(text);
          return;
        }
        await writeFileAtomic(args.out, text);
        output.out(
          `relational schema for ${schema.tables.length} tables written to ${args.out}; review the keys' comments before fitting`,
        );
        return;
      }
      const data = files[0]!;
      const table = await readTable(data);
      const schema = inferSchema(table, { name: args.name ?? basename(data, extname(data)) });
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

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** The files named, a folder standing for the data files in it (sorted by name). */
async function dataFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (!(await isDirectory(path))) {
      files.push(path);
      continue;
    }
    const inside = (await readdir(path))
      .filter((name) => {
        try {
          formatFromPath(name);
          return true;
        } catch {
          return false;
        }
      })
      .sort();
    if (inside.length === 0)
      throw new DoppelError(
        'file-not-found',
        `the folder ${path} holds no data file (.csv, .arrow, .parquet, .jsonl)`,
      );
    files.push(...inside.map((name) => join(path, name)));
  }
  return files;
}
