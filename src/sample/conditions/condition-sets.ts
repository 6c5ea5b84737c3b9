/**
 * Condition sets from what a user writes: a `--where` with `--rows`, a `--where-file` (one set per
 * line with its own row count), or `--rebalance COLUMN` (one set per category, equal shares or
 * shares from a file).
 */
import { DoppelError } from '../../errors.js';
import type { Model } from '../../model/model-format.js';
import type { ConditionSet } from './condition-plan.js';
import { type Condition, parseWhere } from './parse-where.js';

/**
 * Parses a conditions file: each line `ROWS: CONDITION` (blank lines and lines starting with #
 * are skipped), e.g. `50000: churn = 'Yes' and internet_service = 'Fiber optic'`.
 * @throws DoppelError `usage` naming the line that is not of that form.
 */
export function parseWhereFile(text: string, file: string): ConditionSet[] {
  const sets: ConditionSet[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\d[\d_,]*)\s*:\s*(.+)$/.exec(line);
    const rows = Number(match?.[1]?.replace(/[_,]/g, ''));
    if (!match || !Number.isSafeInteger(rows) || rows < 1) {
      throw new DoppelError(
        'usage',
        `${file} line ${i + 1}: expected ROWS: CONDITION, e.g. 50000: churn = 'Yes'`,
        [{ path: [file, i + 1], message: 'expected ROWS: CONDITION' }],
      );
    }
    try {
      sets.push({ rows, where: parseWhere(match[2] as string) });
    } catch (error) {
      if (error instanceof DoppelError)
        throw new DoppelError('usage', `${file} line ${i + 1}: ${error.message}`, error.issues);
      throw error;
    }
  });
  if (sets.length === 0)
    throw new DoppelError('usage', `${file} holds no condition (lines of the form ROWS: CONDITION)`);
  return sets;
}

/** The groups a column can be rebalanced over: its categories (with positive share), or true/false. */
function groupsOf(model: Model, column: string): { labels: string[]; quote: boolean } {
  const found = model.columns.find((c) => c.name === column);
  if (found?.kind === 'categorical') {
    return { labels: found.categories.filter((_, k) => (found.probabilities[k] as number) > 0), quote: true };
  }
  if (found?.kind === 'boolean') return { labels: ['false', 'true'], quote: false };
  throw new DoppelError(
    'usage',
    `--rebalance ${column}: ${found === undefined ? 'the model has no such column' : 'only a categorical or yes/no column can be rebalanced'}`,
  );
}

function equalsCondition(column: string, label: string, quote: boolean): Condition {
  const value = quote ? label : label === 'true';
  const shown = quote ? `'${label.replaceAll("'", "''")}'` : label;
  return {
    text: `${/^[\p{L}_][\p{L}\p{N}_.$]*$/u.test(column) ? column : `"${column.replaceAll('"', '""')}"`} = ${shown}`,
    terms: [{ kind: 'in', column, values: [value], negated: false }],
  };
}

/**
 * One condition set per group of `column`, with `rows` split by `shares` (group label → share,
 * normalised; default equal). Rows are allotted by largest remainder, so they add up exactly; a
 * group with share 0 is left out.
 * @throws DoppelError `usage` for a column that is not categorical or boolean, or shares naming a
 * group the model does not hold.
 */
export function rebalanceSets(
  model: Model,
  column: string,
  rows: number,
  shares?: ReadonlyMap<string, number>,
): ConditionSet[] {
  const { labels, quote } = groupsOf(model, column);
  if (shares !== undefined) {
    for (const [label, share] of shares) {
      if (!labels.includes(label)) {
        throw new DoppelError(
          'usage',
          `--shares names '${label}', which the model does not hold for ${column} (it holds: ${labels.join(', ')})`,
        );
      }
      if (!(share >= 0) || !Number.isFinite(share))
        throw new DoppelError('usage', `--shares: the share of '${label}' must be a number ≥ 0`);
    }
  }
  const weights = labels.map((label) => (shares === undefined ? 1 : (shares.get(label) ?? 0)));
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new DoppelError('usage', '--shares: at least one share must be positive');
  const exact = weights.map((w) => (rows * w) / total);
  const counts = exact.map(Math.floor);
  let left = rows - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of order) {
    if (left === 0) break;
    if ((weights[i] as number) > 0) {
      counts[i]!++;
      left--;
    }
  }
  return labels
    .map((label, i) => ({ rows: counts[i] as number, where: equalsCondition(column, label, quote) }))
    .filter((set) => set.rows > 0);
}

/**
 * Shares from a JSON file's text: an object of group label → share.
 * @throws DoppelError `usage` for anything else.
 */
export function parseShares(text: string, file: string): Map<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DoppelError(
      'usage',
      `${file}: expected a JSON object of category → share, e.g. {"Yes": 0.5, "No": 0.5}`,
    );
  }
  return new Map(Object.entries(value).map(([label, share]) => [label, Number(share)]));
}
