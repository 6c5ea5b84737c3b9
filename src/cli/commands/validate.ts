import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readJsonFile } from '../../io/read-input-file.js';
import { readTable } from '../../io/read-table.js';
import { validateRelatedFiles } from '../../pipeline/validate-related-files.js';
import { parseRelationalSchema } from '../../schema/load-relational-schema.js';
import { parseDatasetSchema } from '../../schema/load-schema.js';
import { isRelationalSchemaJson } from '../../schema/relational-schema.js';
import { validateRelease } from '../../validate/validate-release.js';
import { emitReport, enforceGate, readPolicy } from '../emit-report.js';
import { encodingOption, integerFlag, schemaOption } from '../options.js';
import type { Output } from '../output.js';

interface ValidateArgs {
  encoding: string;
  real?: string;
  synthetic: string;
  schema: string;
  holdout?: string;
  target?: string;
  utility: boolean;
  json?: string;
  html?: string;
  policy?: string;
  seed: number;
  'link-columns'?: string;
}

/**
 * `age,gender/postcode,income` → [['age', 'gender'], ['postcode', 'income']].
 * @throws DoppelError `usage` unless there are exactly two sets.
 */
export function parseLinkColumns(value: string): [string[], string[]] {
  const sets = value.split('/').map((set) =>
    set
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
  if (sets.length !== 2) {
    throw new DoppelError(
      'usage',
      `--link-columns needs two column sets split by '/', e.g. age,gender/postcode,income (got ${sets.length})`,
    );
  }
  return [sets[0]!, sets[1]!];
}

export function validateCommand(output: Output): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate',
    describe:
      'Score synthetic data against the real data: SDMetrics quality, utility for a target, fidelity per segment',
    builder: (yargs) =>
      yargs
        .option('real', {
          type: 'string',
          describe:
            'Real data the model was fitted on (not with a relational schema: its tables name their files)',
        })
        .option('synthetic', {
          type: 'string',
          demandOption: true,
          describe:
            'Synthetic data (.arrow, .csv, ...); for a relational schema, the directory with <table>.arrow (.csv, ...) per table',
        })
        .option('schema', schemaOption)
        .option('encoding', {
          ...encodingOption,
          describe: `${encodingOption.describe} (for --real and --holdout)`,
        })
        .option('holdout', {
          type: 'string',
          describe:
            'Real rows the model never saw (e.g. from `doppel split`): the privacy tests compare against them and the utility models are tested on them (without it: no privacy tests; utility uses a seeded 30% of --real); for a relational schema, a directory of tables like --synthetic (e.g. `doppel split --schema`’s holdout)',
        })
        .option('target', {
          type: 'string',
          describe: "Column the utility check predicts (default: the schema's target)",
        })
        .option('utility', {
          type: 'boolean',
          default: true,
          describe: 'Run the utility check (--no-utility skips it)',
        })
        .option('json', {
          type: 'string',
          describe: 'Print the report as JSON (or write it to the given file)',
        })
        .option('html', { type: 'string', describe: 'Write a self-contained HTML report to this file' })
        .option('policy', {
          type: 'string',
          describe:
            'Release policy (e.g. schemas/default-policy.json): exit 3 when the release must not go out',
        })
        .option('seed', {
          type: 'number',
          default: 1,
          describe: 'Seed for subsampling and the utility split',
        })
        .option('link-columns', {
          type: 'string',
          describe:
            "The linkability attacker's two column sets, comma-separated, the sets split by '/' (e.g. age,gender/postcode,income; default: the schema's quasi-identifiers in two halves)",
        })
        .example(
          'doppel validate --real samples/telco_churn.csv --synthetic out/telco.arrow --schema schemas/telco.json --html out/report.html',
          '',
        )
        .example(
          'doppel validate --schema out/split/train/schema.json --synthetic out/margarine --holdout out/split/holdout --policy schemas/default-policy.json',
          'related tables',
        ) as never,
    handler: async (args) => {
      const seed = integerFlag(args.seed, 'seed', 0);
      const json = await readJsonFile(args.schema, 'schema file', 'invalid-schema');
      if (isRelationalSchemaJson(json)) {
        const singleTableOnly = (['real', 'target', 'link-columns'] as const).filter(
          (flag) => args[flag] !== undefined,
        );
        if (singleTableOnly.length > 0)
          throw new DoppelError(
            'usage',
            `the schema ${args.schema} lists related tables: drop ${singleTableOnly.map((f) => `--${f}`).join(', ')} (the real tables are the files the schema names; utility and linkability columns are single-table)`,
          );
        const tree = parseRelationalSchema(json, `schema file ${args.schema}`);
        const policy = args.policy === undefined ? undefined : await readPolicy(args.policy, true);
        const report = await validateRelatedFiles(tree, args.schema, {
          synthetic: args.synthetic,
          seed,
          ...(args.holdout === undefined ? {} : { holdout: args.holdout }),
          ...(policy ? { policy } : {}),
        });
        await emitReport(output, report, { json: args.json, html: args.html });
        enforceGate(report);
        return;
      }
      if (args.real === undefined)
        throw new DoppelError(
          'usage',
          `doppel validate needs --real for the single-table schema ${args.schema}`,
        );
      const schema = parseDatasetSchema(json, `schema file ${args.schema}`);
      const encoding = maybeTextEncoding(args.encoding);
      const linkColumns =
        args['link-columns'] === undefined ? undefined : parseLinkColumns(args['link-columns']);
      const [real, synthetic, holdout, policy] = await Promise.all([
        readTable(args.real, { encoding }),
        readTable(args.synthetic),
        args.holdout === undefined ? undefined : readTable(args.holdout, { encoding }),
        args.policy === undefined ? undefined : readPolicy(args.policy),
      ]);
      const report = await validateRelease(real, synthetic, schema, {
        seed,
        ...(policy ? { policy } : {}),
        ...(holdout ? { holdout } : {}),
        ...(linkColumns ? { linkColumns } : {}),
        ...(args.utility ? (args.target === undefined ? {} : { target: args.target }) : { target: null }),
        inputs: {
          real: args.real,
          synthetic: args.synthetic,
          schema: args.schema,
          ...(args.holdout === undefined ? {} : { holdout: args.holdout }),
        },
      });
      await emitReport(output, report, { json: args.json, html: args.html });
      enforceGate(report);
    },
  };
}
