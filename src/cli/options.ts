import { DoppelError } from '../errors.js';
import { DEFAULT_HOLDOUT_SHARE } from '../io/split-table.js';

/** A whole number ≥ min from a flag, or a usage error naming the flag. */
export function integerFlag(value: unknown, flag: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new DoppelError(
      'usage',
      `--${flag} must be a whole number of at least ${min} (got ${String(value)})`,
    );
  }
  return value;
}

/** Options shared by every command that samples. */
export const samplingFlags = {
  rows: { alias: 'n', type: 'number', demandOption: true, describe: 'How many synthetic customers to make' },
  seed: {
    type: 'number',
    default: 1,
    describe: 'Random seed: the same model, seed and rows give the same bytes',
  },
  workers: { alias: 'w', type: 'number', describe: 'Worker threads (default: CPU cores)' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'No progress bar' },
} as const;

/** Checks the sampling flags once, at the command boundary. */
export function parseSamplingFlags(
  args: { rows: unknown; seed: unknown; workers?: unknown },
  defaultWorkers: number,
) {
  return {
    rows: integerFlag(args.rows, 'rows', 1),
    seed: integerFlag(args.seed, 'seed', 0),
    workers: integerFlag(args.workers ?? defaultWorkers, 'workers', 1),
  };
}

/** The real-data positional every data command takes. */
export const dataPositional = {
  type: 'string',
  demandOption: true,
  describe: 'Real data: .csv, .tsv, .arrow (IPC file or stream), .parquet or .jsonl',
} as const;

/** The dataset schema option. */
export const schemaOption = {
  alias: 's',
  type: 'string',
  demandOption: true,
  describe: 'Dataset schema (JSON)',
} as const;

/** Options of a differentially private fit (`fit`, `run`). */
export const privacyFlags = {
  epsilon: { type: 'number', describe: 'Fit with differential privacy at this ε (e.g. 1)' },
  delta: { type: 'number', describe: 'δ of the differential privacy guarantee (default 1e-9; 0: pure ε-DP)' },
  'events-per-parent': {
    type: 'number',
    describe:
      'With --epsilon on related tables: the contribution bound, each parent row’s first N child rows are fitted (default 20)',
  },
} as const;

/**
 * `--events-per-parent`, checked once: a whole number ≥ 1, only for a private relational fit.
 * @throws DoppelError `usage` otherwise.
 */
export function eventsPerParentFlag(
  value: unknown,
  context: { readonly relational: boolean; readonly epsilon: number | undefined },
): { eventsPerParent?: number } {
  if (value === undefined) return {};
  if (!context.relational || context.epsilon === undefined)
    throw new DoppelError(
      'usage',
      '--events-per-parent bounds what one customer contributes to a differentially private fit of related tables: give it with --epsilon and a relational schema, or drop it',
    );
  return { eventsPerParent: integerFlag(value, 'events-per-parent', 1) };
}

/** `--encoding`, for every command that reads real data as CSV or JSON Lines. */
export const encodingOption = {
  type: 'string',
  default: 'auto',
  describe:
    'Text encoding of CSV/JSON Lines real data: auto (BOM, UTF-16, UTF-8, else Windows-1252/Latin-1) or a label such as utf-8, utf-16le, windows-1252',
} as const;

/** The share of real rows held out from fitting (`split`, `run`). */
export const holdoutShareOption = {
  type: 'number',
  default: DEFAULT_HOLDOUT_SHARE,
  describe: 'Share of real rows held out from fitting, for the privacy tests',
} as const;
