import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { loadSchemaMap } from '../../io/database/schema-map.js';
import type { SeedSummary } from '../../io/database/seed-database.js';
import { type SeedTarget, seedModel, seedRelationalModel } from '../../io/database/seed-model.js';
import { loadAnyModel } from '../../model/load-model.js';
import { isRelationalModel } from '../../model/relational/relational-model-format.js';
import { parseSamplingFlags, samplingFlags } from '../options.js';
import type { Output } from '../output.js';

interface SeedArgs {
  model: string;
  db?: string;
  out?: string;
  dialect: 'postgres' | 'sqlite';
  rows: number;
  seed: number;
  workers?: number;
  quiet: boolean;
  'schema-map'?: string;
  table?: string;
  truncate: boolean;
  append: boolean;
  'copy-format': 'auto' | 'binary' | 'text';
  json: boolean;
}

/** The summary as lines: per table, what was mapped, generated, referenced, left to the database or NULL. */
export function formatSeedSummary(summary: SeedSummary, seconds: number): string {
  const lines: string[] = [];
  const total = summary.tables.reduce((sum, table) => sum + table.rows, 0);
  lines.push(`seeded ${total.toLocaleString('en')} rows into ${summary.target} in ${seconds.toFixed(2)} s`);
  for (const table of summary.tables) {
    lines.push(
      `  ${table.table}: ${table.rows.toLocaleString('en')} rows (${table.created ? 'created' : 'existing table'})`,
    );
    const renamed = table.mapped.filter(([from, to]) => from !== to).map(([from, to]) => `${from} → ${to}`);
    if (table.mapped.length > 0) {
      lines.push(
        `    mapped from the model: ${table.mapped.length} columns${renamed.length ? ` (${renamed.join(', ')})` : ''}`,
      );
    }
    if (table.generated.length) lines.push(`    generated (faker): ${table.generated.join(', ')}`);
    if (table.references.length) lines.push(`    references picked: ${table.references.join('; ')}`);
    if (table.leftToDatabase.length)
      lines.push(`    left to the database: ${table.leftToDatabase.join(', ')}`);
    if (table.leftNull.length) lines.push(`    left NULL: ${table.leftNull.join(', ')}`);
    if (table.notWritten.length)
      lines.push(`    model columns with no column here: ${table.notWritten.join(', ')}`);
  }
  return lines.join('\n');
}

export function seedCommand(output: Output): CommandModule<object, SeedArgs> {
  return {
    command: 'seed <model>',
    describe:
      'Seed a PostgreSQL or SQLite test database (or write seed.sql) with synthetic rows, in one transaction',
    builder: (yargs) =>
      yargs
        .positional('model', {
          type: 'string',
          demandOption: true,
          describe: 'A model written by `doppel fit`',
        })
        .options(samplingFlags)
        .option('db', {
          type: 'string',
          describe: 'postgres://user:password@host:port/database or sqlite:path.db',
        })
        .option('out', {
          alias: 'o',
          type: 'string',
          describe: 'Write a SQL script (CREATE TABLE + COPY/INSERT) instead',
        })
        .option('dialect', {
          choices: ['postgres', 'sqlite'] as const,
          default: 'postgres' as const,
          describe: 'SQL dialect of --out (postgres: COPY blocks for psql; sqlite: INSERTs for sqlite3)',
        })
        .option('schema-map', {
          type: 'string',
          describe: 'JSON file mapping model tables/columns onto an existing schema',
        })
        .option('table', {
          type: 'string',
          describe: "The model table's name in the database (default: the dataset name)",
        })
        .option('truncate', {
          type: 'boolean',
          default: false,
          describe: 'Empty existing tables first (in the same transaction)',
        })
        .option('append', { type: 'boolean', default: false, describe: 'Add to existing rows' })
        .option('copy-format', {
          choices: ['auto', 'binary', 'text'] as const,
          default: 'auto' as const,
          hidden: true,
          describe: 'PostgreSQL COPY format (auto: binary when the column types allow)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' })
        .example('doppel seed out/telco.model.json --db sqlite:test.db --rows 10000', '')
        .example(
          'doppel seed out/telco.model.json --db postgres://me@localhost/app_test --rows 100000 --truncate',
          '',
        )
        .example(
          'doppel seed out/telco.model.json --out seed.sql --rows 1000',
          'then: psql -f seed.sql',
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      if ((args.db === undefined) === (args.out === undefined)) {
        throw new DoppelError(
          'usage',
          'name one target: --db URL (postgres://… or sqlite:path.db) or --out seed.sql',
        );
      }
      if (args.truncate && args.append) {
        throw new DoppelError('usage', '--truncate and --append exclude each other: choose one');
      }
      const target: SeedTarget =
        args.db !== undefined
          ? { db: args.db, copyFormat: args['copy-format'] }
          : { out: args.out as string, dialect: args.dialect };
      const model = await loadAnyModel(args.model);
      if (isRelationalModel(model) && args.table !== undefined)
        throw new DoppelError(
          'usage',
          "--table names the one table of a single-table model; a relational model keeps its tables' names (rename them with --schema-map)",
        );
      const schemaMap =
        args['schema-map'] === undefined ? undefined : await loadSchemaMap(args['schema-map']);
      const interrupt = new AbortController();
      const onSignal = () => interrupt.abort(new Error('interrupted'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const started = performance.now();
      let summary: SeedSummary;
      try {
        const options = {
          target,
          rows,
          seed,
          workers,
          existingRows: args.truncate
            ? ('truncate' as const)
            : args.append
              ? ('append' as const)
              : ('refuse' as const),
          ...(schemaMap === undefined ? {} : { schemaMap }),
          signal: interrupt.signal,
        };
        summary = isRelationalModel(model)
          ? await seedRelationalModel(model, options)
          : await seedModel(model, {
              ...options,
              ...(args.table === undefined ? {} : { table: args.table }),
            });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const seconds = (performance.now() - started) / 1000;
      output.out(
        args.json ? JSON.stringify({ ...summary, seconds }, null, 2) : formatSeedSummary(summary, seconds),
      );
    },
  };
}
