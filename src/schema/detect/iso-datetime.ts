/**
 * ISO 8601 calendar dates and date-times as doppel reads them (see `epochMillis` in
 * prepare-table.ts): `YYYY-MM-DD`, or that followed by `T` or a space, `hh:mm[:ss[.fff]]` and an
 * optional zone (`Z`, `+hh:mm`). Other spellings (`15/03/2024`) are ambiguous between countries and
 * are not read as dates.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Which ISO 8601 form the text is in, if it is a real calendar date.
 * @example isoTemporalForm('2024-02-29') // 'date'
 * @example isoTemporalForm('2024-02-30') // undefined (no such day)
 * @example isoTemporalForm('2024-03-01T08:15:00Z') // 'timestamp'
 */
export function isoTemporalForm(text: string): 'date' | 'timestamp' | undefined {
  if (ISO_DATE.test(text)) return isCalendarDate(text) ? 'date' : undefined;
  if (ISO_DATE_TIME.test(text) && isCalendarDate(text.slice(0, 10))) {
    const time = text.slice(11);
    const hours = Number(time.slice(0, 2));
    const minutes = Number(time.slice(3, 5));
    return hours < 24 && minutes < 60 ? 'timestamp' : undefined;
  }
  return undefined;
}

function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
