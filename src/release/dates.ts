import { DoppelError } from '../errors.js';

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Checks a YYYY-MM-DD flag names a real calendar date.
 * @throws DoppelError `usage`.
 */
export function dateFlag(value: unknown, flag: string): string {
  const text = typeof value === 'string' ? value : String(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || todayUtc(date) !== text) {
    throw new DoppelError('usage', `--${flag} must be a date YYYY-MM-DD (got ${JSON.stringify(text)})`);
  }
  return text;
}
