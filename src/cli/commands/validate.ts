import type { CommandModule } from 'yargs';
import { readTable } from '../../io/read-table.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { formatQualityReport } from '../../validate/format-quality-report.js';
import { type ValidationReport, validate } from '../../validate/validate.js';
import type { Output } from '../output.js';

interface ValidateArgs {
  real: string;
  synthetic: string;
  schema: string;
  json?: string;
  seed: number;
}

/** Prints a report: JSON to stdout for `--json`, to a file for `--json FILE`, else the readable summary. */
export async function emitReport(
  output: Output,
  report: ValidationReport,
  json: string | undefined,
): Promise<void> {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (json === '') {
    output.out(text);
    return;
  }
  output.out(formatQualityReport(report));
  if (json !== undefined) {
    await writeFileAtomic(json, text);
    output.out(`report written to ${json}`);
  }
}

export function validateCommand(output: Output): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate',
    describe: 'Score synthetic data against the real data: SDMetrics quality (column shapes, pair trends)',
    builder: (yargs) =>
      yargs
        .option('real', { type: 'string', demandOption: true, describe: 'Real data the model was fitted on' })
        .option('synthetic', {
          type: 'string',
          demandOption: true,
          describe: 'Synthetic data (.arrow, .csv, ...)',
        })
        .option('schema', {
          alias: 's',
          type: 'string',
          demandOption: true,
          describe: 'Dataset schema (JSON)',
        })
        .option('json', {
          type: 'string',
          describe: 'Print the report as JSON (or write it to the given file)',
        })
        .option('seed', { type: 'number', default: 1, describe: 'Seed for subsampling large tables' })
        .example(
          'doppel validate --real samples/telco_churn.csv --synthetic out/telco.arrow --schema schemas/telco.json',
          '',
        ) as never,
    handler: async (args) => {
      const [real, synthetic, schema] = await Promise.all([
        readTable(args.real),
        readTable(args.synthetic),
        loadDatasetSchema(args.schema),
      ]);
      await emitReport(output, validate(real, synthetic, schema, { seed: args.seed }), args.json);
    },
  };
}
