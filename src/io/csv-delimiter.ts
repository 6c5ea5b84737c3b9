/**
 * What a CSV file's first line decides (its delimiter) and the row length limit the text readers
 * share. Imports no Arrow: the block-by-block readers and their workers load it before Arrow.
 */

/**
 * Longest row, in characters, a text reader accepts: far beyond any real row (2,000 columns of 100
 * characters is 200,000), short of a file whose line endings or quoting went wrong, which would
 * otherwise become one 50 MB row or column name.
 */
export const MAX_ROW_CHARACTERS = 4 * 1024 * 1024;

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Picks the delimiter that splits the header line into the most fields, ignoring quoted text. */
export function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** The first line of UTF-8 bytes (a byte-order mark skipped), for {@link detectDelimiter}. */
export function firstLine(bytes: Buffer): string {
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const end = bytes.indexOf(0x0a, from);
  return bytes.toString('utf8', from, end === -1 ? bytes.length : end);
}
