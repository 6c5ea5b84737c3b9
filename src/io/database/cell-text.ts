/** Cells as text: the forms PostgreSQL's COPY text format and SQLite's ISO 8601 dates take. */
import type { Cell } from './cells.js';
import type { SqlType } from './seed-plan.js';

/** 'YYYY-MM-DD' of epoch milliseconds (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' of epoch milliseconds (UTC), which both databases read as a timestamp. */
export function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/**
 * A present cell as text in a column of type `type`; the cell's JS type says what it holds (a
 * number in a date column is epoch milliseconds).
 */
export function cellText(cell: Exclude<Cell, null>, type: SqlType): string {
  switch (typeof cell) {
    case 'string':
      return cell;
    case 'boolean':
      return type === 'boolean' ? (cell ? 't' : 'f') : cell ? '1' : '0';
    case 'bigint':
      return cell.toString();
    default:
      if (type === 'date') return isoDate(cell);
      if (type === 'timestamp') return isoTimestamp(cell);
      return String(cell);
  }
}
