import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import { loadModel } from '../../model/load-model.js';
import { parseSamplingFlags, samplingFlags } from '../options.js';
import type { Output } from '../output.js';
import { sampleWithProgress } from '../sample-with-progress.js';

interface SampleArgs {
  model: string;
  rows: number;
  out: string;
  seed: number;
  workers?: number;
  quiet: boolean;
}

export function sampleCommand(output: Output): CommandModule<object, SampleArgs> {
  return {
    command: 'sample <model>',
    describe: 'Sample synthetic customers from a model into an Arrow IPC file, with worker threads',
    builder: (yargs) =>
      yargs
        .positional('model', {
          type: 'string',
          demandOption: true,
          describe: 'A model written by `doppel fit`',
        })
        .options(samplingFlags)
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Output file (.arrow)' })
        .example(
          'doppel sample out/telco.model.json --rows 1000000 --out out/telco.arrow --seed 7',
          '',
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      const model = await loadModel(args.model);
      await sampleWithProgress(output, model, { rows, seed, workers, out: args.out, quiet: args.quiet });
    },
  };
}
