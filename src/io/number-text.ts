/**
 * What a text cell says as a number: the missing markers, code-like numbers, and the test that
 * makes a column text. Plain functions without Arrow, so the CSV reader's worker threads
 * (csv-range.ts) load fast; table-from-columns.ts re-exports them.
 */

export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Spellings of "no value" that R, pandas and spreadsheet exports write into numeric columns. They
 * only count as missing in a column whose other cells are all numbers: in a text column "NA" may be
 * a real label (North America, Namibia).
 */
export const MISSING_MARKERS: ReadonlySet<string> = new Set([
  '',
  'NA',
  'N/A',
  'NaN',
  'nan',
  'null',
  'NULL',
  'None',
  '#N/A',
]);

/**
 * True for a numeric-looking cell whose number would not say what the text says, so the column must
 * stay text: a leading zero (postcodes such as 02134, product codes), a leading plus on a long
 * integer (phone numbers such as +4915112345678), or an integer with more than 15 digits (card and
 * account numbers, which a double cannot hold exactly).
 */
export function isCodeLikeNumber(text: string): boolean {
  const digits = /^([+-]?)(\d+)$/.exec(text);
  if (!digits) return false;
  const [, sign, body] = digits as unknown as [string, string, string];
  if (body.length > 1 && body.startsWith('0')) return true;
  if (sign === '+' && body.length >= 7) return true;
  return body.length > 15;
}

export interface ParseTextOptions {
  /**
   * Read `29,85` as 29.85. Semicolon-separated files come from locales that write a decimal comma
   * (the reason they use semicolons), so readCsv turns this on for them; a column is read this way
   * only if every present cell is a number in that form.
   */
  readonly decimalComma?: boolean;
}

export const DECIMAL_COMMA_NUMBER = /^[+-]?\d+,\d+$/;
/** `1,234,567.89`: digits grouped in threes by commas, a decimal point (English locales). */
export const COMMA_GROUPED = /^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
/** `1.234.567,89`: grouped by dots, a decimal comma (the locales that write semicolon-separated files). */
export const DOT_GROUPED = /^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/;

/**
 * True for a trimmed, present cell that makes its column text: neither a missing marker nor a
 * number in any form the column could be read in (plain, grouped, or with a decimal comma when
 * `decimalComma`), or a code-like number ({@link isCodeLikeNumber}).
 */
export function isTextCell(text: string, decimalComma: boolean): boolean {
  if (MISSING_MARKERS.has(text)) return false;
  if (decimalComma && DECIMAL_COMMA_NUMBER.test(text)) return false;
  if ((decimalComma ? DOT_GROUPED : COMMA_GROUPED).test(text)) return false;
  return !NUMBER.test(text) || isCodeLikeNumber(text);
}
