import { availableParallelism } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { Table } from 'apache-arrow';
import type { CommandModule } from 'yargs';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readTable } from '../../io/read-table.js';
import { splitTable } from '../../io/split-table.js';
import { maybePrivacyOptions } from '../../model/dp/privacy-options.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { makeRandom } from '../../stats/random.js';
import { epsilonSweep, formatEpsilonSweep, parseEpsilonList } from '../../validate/epsilon-sweep.js';
import { validateRelease } from '../../validate/validate-release.js';
import { fitAndSave } from '../fit-and-save.js';
import {
  dataPositional,
  encodingOption,
  holdoutShareOption,
  parseSamplingFlags,
  privacyFlags,
  samplingFlags,
  schemaOption,
} from '../options.js';
import type { Output } from '../output.js';
import { sampleWithProgress } from '../sample-with-progress.js';
import { emitReport, enforceGate, readPolicy } from './validate.js';

interface RunArgs {
  encoding: string;
  data: string;
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
  'epsilon-sweep'?: string;
}

/** The main job in one command: split off a holdout, fit, sample with workers, validate for release. */
export function runCommand(output: Output): CommandModule<object, RunArgs> {
  return {
    command: 'run <data>',
    describe: 'The whole job: hold out real customers, fit, sample into Arrow, validate fidelity and privacy',
    builder: (yargs) =>
      yargs
        .positional('data', dataPositional)
        .option('encoding', encodingOption)
        .option('schema', schemaOption)
        .options(samplingFlags)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: 'Synthetic output file (.arrow)',
        })
        .option('model', { type: 'string', describe: 'Where to keep the model (default: beside --out)' })
        .option('holdout', {
          ...holdoutShareOption,
          describe: `${holdoutShareOption.describe} (0: fit on all, no privacy tests)`,
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
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      // Checked before any work, so that a bad ε, δ or list fails at once.
      const privacy = maybePrivacyOptions(args);
      const sweepEpsilons =
        args['epsilon-sweep'] === undefined ? null : parseEpsilonList(args['epsilon-sweep']);
      const modelPath = args.model ?? join(dirname(args.out), `${parse(args.out).name}.model.json`);
      const [real, schema, policy] = await Promise.all([
        readTable(args.data, { encoding: maybeTextEncoding(args.encoding) }),
        loadDatasetSchema(args.schema),
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
