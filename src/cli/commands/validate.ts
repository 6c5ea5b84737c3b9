import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { readTable } from '../../io/read-table.js';
import { type FileToWrite, writeFilesAtomic } from '../../io/write-file-atomic.js';
import { formatPrivacyReport } from '../../privacy/format-privacy-report.js';
import { formatVerdict, loadPolicy, type ReleasePolicy } from '../../privacy/release-policy.js';
import { renderHtmlReport } from '../../report/render-html-report.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { formatQualityReport } from '../../validate/format-quality-report.js';
import type { ValidationReport } from '../../validate/validate.js';
import {
  POLICY_FIGURES,
  type ReleaseValidationReport,
  validateRelease,
} from '../../validate/validate-release.js';
import { encodingOption, integerFlag, schemaOption } from '../options.js';
import type { Output } from '../output.js';

interface ValidateArgs {
  encoding: string;
  real: string;
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

/** Reads a policy file, checking its figure names against every figure doppel reports. */
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

export function readPolicy(path: string): Promise<ReleasePolicy> {
  return loadPolicy(path, POLICY_FIGURES);
}

/**
 * After the report is out: a failed policy becomes exit code 3 (the one place that decides it is
 * the CLI's error mapping).
 * @throws DoppelError `gate-failed`.
 */
export function enforceGate(report: ReleaseValidationReport): void {
  if (report.policy && !report.policy.passed) {
    const failed = report.policy.rules.filter((r) => !r.passed).map((r) => r.figure);
    throw new DoppelError(
      'gate-failed',
      `release policy "${report.policy.policy}" failed on ${failed.join(', ')}: this release must not go out`,
    );
  }
}

/** Where a report goes besides the terminal. */
export interface ReportDestinations {
  /** `''`: JSON on stdout instead of the summary; a path: also write JSON there. */
  readonly json?: string | undefined;
  /** Write the self-contained HTML report here. */
  readonly html?: string | undefined;
}

/**
 * Prints a report: JSON to stdout for `--json`, to a file for `--json FILE`, else the readable
 * summary; `--html FILE` also writes the HTML report. Files are written atomically; while JSON goes
 * to stdout, notices go to stderr so the JSON stays parseable.
 */
export async function emitReport(
  output: Output,
  report: ValidationReport,
  destinations: ReportDestinations | string | undefined,
): Promise<void> {
  const { json, html } =
    typeof destinations === 'object' ? destinations : { json: destinations, html: undefined };
  const jsonToStdout = json === '';
  const notice = (text: string) => (jsonToStdout ? output.err(text) : output.out(text));
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (jsonToStdout) output.out(text);
  else {
    output.out(formatQualityReport(report));
    const release = report as Partial<ReleaseValidationReport>;
    if (release.privacy) output.out(`\n${formatPrivacyReport(release.privacy)}`);
    if (release.policy) output.out(`\n${formatVerdict(release.policy)}`);
  }
  // The JSON and HTML files are one report: written together, all or none.
  const files: FileToWrite[] = [];
  if (json !== undefined && json !== '') files.push({ path: json, data: text });
  if (html !== undefined) files.push({ path: html, data: renderHtmlReport(report) });
  await writeFilesAtomic(files);
  if (json !== undefined && json !== '') notice(`report written to ${json}`);
  if (html !== undefined) notice(`HTML report written to ${html}`);
}

export function validateCommand(output: Output): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate',
    describe:
      'Score synthetic data against the real data: SDMetrics quality, utility for a target, fidelity per segment',
    builder: (yargs) =>
      yargs
        .option('real', { type: 'string', demandOption: true, describe: 'Real data the model was fitted on' })
        .option('synthetic', {
          type: 'string',
          demandOption: true,
          describe: 'Synthetic data (.arrow, .csv, ...)',
        })
        .option('schema', schemaOption)
        .option('encoding', {
          ...encodingOption,
          describe: `${encodingOption.describe} (for --real and --holdout)`,
        })
        .option('holdout', {
          type: 'string',
          describe:
            'Real rows the model never saw (e.g. from `doppel split`): the privacy tests compare against them and the utility models are tested on them (without it: no privacy tests; utility uses a seeded 30% of --real)',
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
        ) as never,
    handler: async (args) => {
      const seed = integerFlag(args.seed, 'seed', 0);
      const encoding = maybeTextEncoding(args.encoding);
      const linkColumns =
        args['link-columns'] === undefined ? undefined : parseLinkColumns(args['link-columns']);
      const [real, synthetic, holdout, schema, policy] = await Promise.all([
        readTable(args.real, { encoding }),
        readTable(args.synthetic),
        args.holdout === undefined ? undefined : readTable(args.holdout, { encoding }),
        loadDatasetSchema(args.schema),
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
