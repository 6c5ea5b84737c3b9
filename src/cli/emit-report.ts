import { DoppelError } from '../errors.js';
import { type FileToWrite, writeFilesAtomic } from '../io/write-file-atomic.js';
import { formatPrivacyReport } from '../privacy/format-privacy-report.js';
import {
  formatVerdict,
  loadPolicy,
  type PolicyVerdict,
  type ReleasePolicy,
} from '../privacy/release-policy.js';
import { renderHtmlReport } from '../report/render-html-report.js';
import { renderRelationalHtmlReport } from '../report/render-relational-html-report.js';
import { formatQualityReport } from '../validate/format-quality-report.js';
import { formatRelationalReport } from '../validate/relational/format-relational-report.js';
import { RELATIONAL_POLICY_FIGURES } from '../validate/relational/relational-privacy.js';
import {
  RELATIONAL_REPORT_FORMAT,
  type RelationalValidationReport,
} from '../validate/relational/validate-relational.js';
import type { ValidationReport } from '../validate/validate.js';
import { POLICY_FIGURES, type ReleaseValidationReport } from '../validate/validate-release.js';
import type { Output } from './output.js';

/*
 * How validate, run and release hand a finished report to the user: the policy file, the terminal
 * summary, the JSON and HTML files, and the gate's exit code.
 */

/** Reads a policy file, checking its figure names against every figure doppel reports for the release's shape. */
export function readPolicy(path: string, relational = false): Promise<ReleasePolicy> {
  return loadPolicy(path, relational ? RELATIONAL_POLICY_FIGURES : POLICY_FIGURES);
}

/**
 * After the report is out: a failed policy becomes exit code 3 (the one place that decides it is
 * the CLI's error mapping).
 * @throws DoppelError `gate-failed`.
 */
export function enforceGate(report: { readonly policy: PolicyVerdict | null }): void {
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
  report: ValidationReport | RelationalValidationReport,
  destinations: ReportDestinations | string | undefined,
): Promise<void> {
  const { json, html } =
    typeof destinations === 'object' ? destinations : { json: destinations, html: undefined };
  const jsonToStdout = json === '';
  const notice = (text: string) => (jsonToStdout ? output.err(text) : output.out(text));
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const relational = report.format === RELATIONAL_REPORT_FORMAT;
  if (jsonToStdout) output.out(text);
  else if (relational) output.out(formatRelationalReport(report));
  else {
    output.out(formatQualityReport(report));
    const release = report as Partial<ReleaseValidationReport>;
    if (release.privacy) output.out(`\n${formatPrivacyReport(release.privacy)}`);
    if (release.policy) output.out(`\n${formatVerdict(release.policy)}`);
  }
  // The JSON and HTML files are one report: written together, all or none.
  const files: FileToWrite[] = [];
  if (json !== undefined && json !== '') files.push({ path: json, data: text });
  if (html !== undefined)
    files.push({
      path: html,
      data: relational ? renderRelationalHtmlReport(report) : renderHtmlReport(report),
    });
  await writeFilesAtomic(files);
  if (json !== undefined && json !== '') notice(`report written to ${json}`);
  if (html !== undefined) notice(`HTML report written to ${html}`);
}
