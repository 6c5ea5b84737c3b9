import { availableParallelism } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { Table } from 'apache-arrow';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readJsonFile } from '../../io/read-input-file.js';
import { readTable } from '../../io/read-table.js';
import { splitTable } from '../../io/split-table.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { maybePrivacyOptions } from '../../model/dp/privacy-options.js';
import { runAndValidateRelated } from '../../pipeline/run-and-validate-related.js';
import { parseRelationalSchema } from '../../schema/load-relational-schema.js';
import { parseDatasetSchema } from '../../schema/load-schema.js';
import { isRelationalSchemaJson } from '../../schema/relational-schema.js';
import { makeRandom } from '../../stats/random.js';
import { epsilonSweep, formatEpsilonSweep, parseEpsilonList } from '../../validate/epsilon-sweep.js';
import { validateRelease } from '../../validate/validate-release.js';
import { emitReport, enforceGate, readPolicy } from '../emit-report.js';
import { fitAndSave } from '../fit-and-save.js';
import { formatRelationalFitSummary, relationalFitWarnings } from '../format-relational-fit.js';
import {
  dataPositional,
  encodingOption,
  eventsPerParentFlag,
  holdoutShareOption,
  parseSamplingFlags,
  privacyFlags,
  samplingFlags,
  schemaOption,
} from '../options.js';
import type { Output } from '../output.js';
import { sampleWithProgress } from '../sample-with-progress.js';

interface RunArgs {
  encoding: string;
  data?: string;
  schema: string;
  rows: number;
  out: string;
  model?: string;
  seed: number;
  workers?: number;
  quiet: boolean;
  holdout: number;
  policy?: string;
  json?: string;
  html?: string;
  epsilon?: number;
  delta?: number;
  'events-per-parent'?: number;
  'epsilon-sweep'?: string;
}

/** The main job in one command: split off a holdout, fit, sample with workers, validate for release. */
export function runCommand(output: Output): CommandModule<object, RunArgs> {
  return {
    command: 'run [data]',
    describe: 'The whole job: hold out real customers, fit, sample into Arrow, validate fidelity and privacy',
    builder: (yargs) =>
      yargs
        .positional('data', {
          ...dataPositional,
          demandOption: false,
          describe: `${dataPositional.describe}; omit it when the schema lists related tables (each names its file)`,
        })
        .option('encoding', encodingOption)
        .option('schema', schemaOption)
        .options(samplingFlags)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe:
            'Synthetic output file (.arrow); for a relational schema, a directory that gets <table>.arrow per table',
        })
        .option('model', { type: 'string', describe: 'Where to keep the model (default: beside --out)' })
        .option('holdout', {
          ...holdoutShareOption,
          describe: `${holdoutShareOption.describe} (0: fit on all, no privacy tests); for related tables, the share of customers, each with all their rows`,
        })
        .option('policy', {
          type: 'string',
          describe: 'Release policy: exit 3 when the release must not go out',
        })
        .options(privacyFlags)
        .option('epsilon-sweep', {
          type: 'string',
          describe:
            'Also fit at each of these ε (e.g. 0.5,1,2,5,10), at --epsilon and without DP, and report quality against ε (plotted in the HTML report)',
        })
        .option('json', { type: 'string', describe: 'Also write the validation report as JSON to this file' })
        .option('html', { type: 'string', describe: 'Also write the HTML report to this file' })
        .example(
          'doppel run samples/telco_churn.csv --schema schemas/telco.json --rows 100000 --out out/telco.arrow --policy schemas/default-policy.json',
          '',
        )
        .example(
          'doppel run --schema schemas/margarine.json --rows 155 --out out/margarine --html out/margarine-report.html --json out/margarine-report.json',
          'related tables',
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      // Checked before any work, so that a bad ε, δ or list fails at once.
      const privacy = maybePrivacyOptions(args);
      const sweepEpsilons =
        args['epsilon-sweep'] === undefined ? null : parseEpsilonList(args['epsilon-sweep']);
      const modelPath = args.model ?? join(dirname(args.out), `${parse(args.out).name}.model.json`);
      const json = await readJsonFile(args.schema, 'schema file', 'invalid-schema');
      const bound = eventsPerParentFlag(args['events-per-parent'], {
        relational: isRelationalSchemaJson(json),
        epsilon: args.epsilon,
      });
      if (isRelationalSchemaJson(json)) {
        if (args.data !== undefined || sweepEpsilons !== null)
          throw new DoppelError(
            'usage',
            `the schema ${args.schema} lists related tables, each with its own file: drop ${args.data === undefined ? '--epsilon-sweep (single-table only)' : `the DATA argument (${args.data})`}`,
          );
        const tree = parseRelationalSchema(json, `schema file ${args.schema}`);
        const policy = args.policy === undefined ? undefined : await readPolicy(args.policy, true);
        const result = await runAndValidateRelated(tree, args.schema, {
          holdout: args.holdout,
          seed,
          rows,
          workers,
          out: args.out,
          fit: privacy === null ? { seed } : { ...privacy, ...bound },
          ...(policy ? { policy } : {}),
        });
        const root = result.model.root;
        output.out(
          `held out ${result.holdout.tables.get(root)!.numRows} of ${result.train.tables.get(root)!.numRows + result.holdout.tables.get(root)!.numRows} real customers of "${root}" with all their rows (seed ${seed}) to test privacy against`,
        );
        output.out(formatRelationalFitSummary(result.model));
        for (const line of relationalFitWarnings(result.model)) output.err(line);
        await writeFileAtomic(modelPath, `${JSON.stringify(result.model, null, 2)}\n`);
        output.out(`model written to ${modelPath}`);
        output.out(`sampled ${rows.toLocaleString('en')} customers (${workers} workers, seed ${seed}):`);
        for (const file of result.files)
          output.out(`  ${file.table}: ${file.rows.toLocaleString('en')} rows, ${file.path}`);
        output.out('');
        await emitReport(output, result.report, { json: args.json, html: args.html });
        enforceGate(result.report);
        return;
      }
      if (args.data === undefined)
        throw new DoppelError(
          'usage',
          `doppel run needs the DATA file for the single-table schema ${args.schema}`,
        );
      const schema = parseDatasetSchema(json, `schema file ${args.schema}`);
      const [real, policy] = await Promise.all([
        readTable(args.data, { encoding: maybeTextEncoding(args.encoding) }),
        args.policy === undefined ? undefined : readPolicy(args.policy),
      ]);
      let training: Table = real;
      let holdout: Table | undefined;
      if (args.holdout > 0) {
        ({ train: training, holdout } = splitTable(real, args.holdout, makeRandom(seed, 0)));
        output.out(
          `held out ${holdout.numRows} of ${real.numRows} real rows (seed ${seed}) to test privacy against`,
        );
      }

      // A private fit draws its noise from a secret seed: --seed reproduces the sample and the
      // report, not the noise.
      const model = await fitAndSave(
        output,
        training,
        schema,
        { ...(privacy ?? { seed }), source: `data file ${args.data}` },
        modelPath,
      );
      output.out('');
      await sampleWithProgress(output, model, { rows, seed, workers, out: args.out, quiet: args.quiet });
      output.out('');

      const synthetic = await readTable(args.out);
      const report = await validateRelease(training, synthetic, schema, {
        seed,
        workers,
        ...(holdout ? { holdout } : {}),
        ...(policy ? { policy } : {}),
        inputs: { real: args.data, synthetic: args.out, schema: args.schema },
      });
      const withSweep =
        sweepEpsilons === null
          ? report
          : {
              ...report,
              epsilonSweep: epsilonSweep(training, schema, {
                epsilons: sweepEpsilons,
                ...(privacy ? { delta: privacy.delta } : {}),
                seed,
                rows: Math.min(rows, holdout?.numRows ?? training.numRows),
                chosen: privacy?.epsilon ?? null,
              }),
            };
      if (withSweep.epsilonSweep) output.out(formatEpsilonSweep(withSweep.epsilonSweep));
      await emitReport(output, withSweep, { json: args.json, html: args.html });
      enforceGate(report);
    },
  };
}
