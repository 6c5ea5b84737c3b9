/**
 * Row blocks as PostgreSQL COPY text format (https://www.postgresql.org/docs/current/sql-copy.html):
 * tab-separated fields, \N for NULL, backslash escapes for backslash, tab, newline and carriage return.
 */
import { cellText } from './cell-text.js';
import type { RowBlock } from './cells.js';
import type { SqlType } from './seed-plan.js';

const SPECIAL = /[\\\t\n\r]/;

function escapeCopyText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('\t', '\\t')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
}

/**
 * The COPY text lines of a block (each ending in a newline). Built as one string per block: one
 * allocation per field, row strings joined once, then one UTF-8 encode (hot loop, written by hand:
 * csv-stringify's quoting rules are not COPY's escaping).
 */
export function copyTextOf(block: RowBlock, types: readonly SqlType[]): string {
  const { rowCount, columns } = block;
  const lines = new Array<string>(rowCount);
  const width = columns.length;
  for (let row = 0; row < rowCount; row++) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const cell = (columns[c] as (typeof columns)[number])[row];
      if (c > 0) line += '\t';
      line +=
        cell === null || cell === undefined ? '\\N' : escapeCopyText(cellText(cell, types[c] as SqlType));
    }
    lines[row] = line;
  }
  return rowCount === 0 ? '' : `${lines.join('\n')}\n`;
}
