/**
 * One error type for everything a user can cause: a bad file, a bad schema, a bad flag.
 * Structured like zod's issues so callers (and tests) can read the code and path, and
 * rendered in one voice by the CLI. Messages never contain a real row's values.
 */

/** What went wrong, machine-readable. Each maps to a CLI exit code in {@link exitCodeFor}. */
export type DoppelErrorCode =
  | 'usage' // a bad flag or option value
  | 'file-not-found'
  | 'unsupported-format'
  | 'malformed-input' // the data file cannot be parsed (ragged CSV row, bad Arrow file)
  | 'invalid-schema' // the dataset schema file is malformed
  | 'schema-mismatch' // schema and data disagree (missing column, unparseable value)
  | 'invalid-model' // a model file that is malformed or of an unknown version
  | 'invalid-partial' // a partial-statistics file of another schema or version, or that does not merge
  | 'write-failed' // output could not be written (disk full, permissions)
  | 'too-large' // the work cannot fit the disk or memory (refused before it starts)
  | 'worker-failed' // a sampling worker crashed
  | 'gate-failed' // a release policy was not met
  | 'bundle-altered' // a release bundle's files do not match its manifest
  | 'bundle-expired' // a release bundle is past its expiry date
  | 'database-unreachable' // cannot connect: host, port, credentials or database name
  | 'database-mismatch' // an existing table or mapping does not fit what would be written
  | 'database-failed'; // the database refused what was written (nothing was kept)

export interface DoppelIssue {
  /** Where the problem is: a JSON path into a schema/model file, or a column name. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class DoppelError extends Error {
  override readonly name = 'DoppelError';
  constructor(
    readonly code: DoppelErrorCode,
    message: string,
    readonly issues: readonly DoppelIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for a DoppelError, also across module copies (a realm-safe brand check, not `instanceof`). */
export function isDoppelError(error: unknown): error is DoppelError {
  return error instanceof Error && error.name === 'DoppelError' && 'code' in error && 'issues' in error;
}

/**
 * CLI exit codes: 0 ok, 1 internal error, 2 usage or input error, 3 release gate failed,
 * 4 release bundle altered, 5 release bundle expired.
 */
export const EXIT = {
  ok: 0,
  internal: 1,
  input: 2,
  gateFailed: 3,
  bundleAltered: 4,
  bundleExpired: 5,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!isDoppelError(error)) return EXIT.internal;
  switch (error.code) {
    case 'gate-failed':
      return EXIT.gateFailed;
    case 'bundle-altered':
      return EXIT.bundleAltered;
    case 'bundle-expired':
      return EXIT.bundleExpired;
    case 'worker-failed':
      return EXIT.internal;
    default:
      return EXIT.input;
  }
}

/** Renders an error with its issues, one per line, for the terminal. */
export function formatDoppelError(error: DoppelError): string {
  const lines = [`error: ${error.message}`];
  for (const issue of error.issues) {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    lines.push(`  - at ${where}: ${issue.message}`);
  }
  return lines.join('\n');
}
