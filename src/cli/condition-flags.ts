/** The flags of conditional sampling (`sample --where`, `--where-file`, `--rebalance`, `--shares`). */
import { readFile } from 'node:fs/promises';
import { DoppelError } from '../errors.js';
import type { Model } from '../model/model-format.js';
import type { ConditionSet } from '../sample/conditions/condition-plan.js';
import { parseShares, parseWhereFile, rebalanceSets } from '../sample/conditions/condition-sets.js';
import { parseWhere } from '../sample/conditions/parse-where.js';
import { integerFlag } from './options.js';

export const conditionFlags = {
  where: {
    type: 'string',
    describe:
      'Only rows that satisfy this condition, e.g. "churn = \'Yes\' and tenure between 1 and 12" (=, !=, <, <=, >, >=, in (…), between, is [not] null, joined by and)',
  },
  'where-file': {
    type: 'string',
    describe: 'A file of condition sets, one per line as ROWS: CONDITION, sampled one after another',
  },
  rebalance: {
    type: 'string',
    describe: 'Equal rows for every category of this column (or the shares of --shares)',
  },
  shares: {
    type: 'string',
    describe: 'With --rebalance: a JSON file of category → share, e.g. {"Yes": 0.5, "No": 0.5}',
  },
} as const;

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new DoppelError(
      'file-not-found',
      `--${flag} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

/**
 * The run's rows and condition sets from the flags (at most one of --where, --where-file,
 * --rebalance).
 * @throws DoppelError `usage` for a bad combination, a bad condition or missing --rows.
 */
export async function conditionSetsFromFlags(
  model: Model,
  args: { rows?: unknown; where?: string; 'where-file'?: string; rebalance?: string; shares?: string },
): Promise<{ rows: number; conditions: ConditionSet[] | undefined }> {
  const given = (['where', 'where-file', 'rebalance'] as const).filter((flag) => args[flag] !== undefined);
  if (given.length > 1)
    throw new DoppelError(
      'usage',
      `use one of --where, --where-file and --rebalance, not ${given.map((g) => `--${g}`).join(' and ')}`,
    );
  if (args.shares !== undefined && args.rebalance === undefined)
    throw new DoppelError('usage', '--shares goes with --rebalance COLUMN');
  if (args['where-file'] !== undefined) {
    const file = args['where-file'];
    const conditions = parseWhereFile(await readText(file, 'where-file'), file);
    const total = conditions.reduce((sum, set) => sum + set.rows, 0);
    if (args.rows !== undefined && integerFlag(args.rows, 'rows', 1) !== total) {
      throw new DoppelError(
        'usage',
        `--rows ${String(args.rows)} differs from the ${total} rows the lines of ${file} add up to; leave --rows out`,
      );
    }
    return { rows: total, conditions };
  }
  if (args.rows === undefined) throw new DoppelError('usage', 'Missing required argument: rows (--rows N)');
  const rows = integerFlag(args.rows, 'rows', 1);
  if (args.where !== undefined) return { rows, conditions: [{ rows, where: parseWhere(args.where) }] };
  if (args.rebalance !== undefined) {
    const shares =
      args.shares === undefined ? undefined : parseShares(await readText(args.shares, 'shares'), args.shares);
    return { rows, conditions: rebalanceSets(model, args.rebalance, rows, shares) };
  }
  return { rows, conditions: undefined };
}
