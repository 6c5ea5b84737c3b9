/**
 * Dates written with numbers only, day and month in either order: `15/03/2024`, `15.03.2024`,
 * `03-15-2024 08:30`. The order is the file's, not the machine's: it is read from the values, and
 * left undecided when no value says it (every first and second field at most 12).
 */

const NUMERIC_DATE = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Which field is the day: decided by a value whose other field cannot be a month (> 12). */
export type DateOrder = 'day-first' | 'month-first' | 'ambiguous';

/** True for text shaped like a numeric date in either order (`15/03/2024`, `3.4.2024 10:00`). */
export function isNumericDate(text: string): boolean {
  return NUMERIC_DATE.test(text);
}

/**
 * The day/month order of a column of numeric dates: day-first when some first field exceeds 12,
 * month-first when some second field does, `ambiguous` when none does, null when the cells are not
 * all numeric dates or contradict each other (both orders occur, or a day that no month has).
 * @param cells present, trimmed cells.
 * @example numericDateOrder(['15/03/2024', '01/04/2024']) // 'day-first'
 * @example numericDateOrder(['01/04/2024', '02/04/2024']) // 'ambiguous'
 */
export function numericDateOrder(cells: Iterable<string>): DateOrder | null {
  let dayFirst = false;
  let monthFirst = false;
  let any = false;
  for (const cell of cells) {
    const match = NUMERIC_DATE.exec(cell);
    if (!match) return null;
    any = true;
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (first > 12) dayFirst = true;
    if (second > 12) monthFirst = true;
  }
  if (!any || (dayFirst && monthFirst)) return null;
  const order: DateOrder = dayFirst ? 'day-first' : monthFirst ? 'month-first' : 'ambiguous';
  if (order === 'ambiguous') return order;
  for (const cell of cells) if (isoFromNumericDate(cell, order) === null) return null;
  return order;
}

/**
 * A numeric date as ISO 8601 text (`YYYY-MM-DD`, or with `THH:MM:SS` when it has a time), in the
 * given order; null when it is no calendar date.
 * @example isoFromNumericDate('15/03/2024', 'day-first') // '2024-03-15'
 */
export function isoFromNumericDate(text: string, order: 'day-first' | 'month-first'): string | null {
  const match = NUMERIC_DATE.exec(text);
  if (!match) return null;
  const [, a, , b, y, h, min, s] = match as unknown as string[];
  const day = Number(order === 'day-first' ? a : b);
  const month = Number(order === 'day-first' ? b : a);
  const year = Number(y);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (h === undefined) return iso;
  if (Number(h) > 23 || Number(min) > 59 || (s !== undefined && Number(s) > 59)) return null;
  return `${iso}T${h.padStart(2, '0')}:${min}:${s ?? '00'}`;
}
