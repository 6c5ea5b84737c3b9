/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
 * or command: `=`, `+`, `-`, `@`, and a leading tab or carriage return, which some of them strip
 * before looking at the next character.
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number ("-1", "+3.5", "-2e3") is read as a number, not a formula, and stays as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell made safe to open in a spreadsheet, as OWASP recommends: a cell that starts like a
 * formula gets a leading single quote, which spreadsheets show as text and do not evaluate. Only
 * for CSV and TSV output; Arrow, Parquet and JSON Lines keep the values unchanged.
 * @example escapeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example escapeFormula('@SUM(A1)') // "'@SUM(A1)"
 * @example escapeFormula('-1') // '-1' (a number)
 * @example escapeFormula('Fiber optic') // 'Fiber optic'
 */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
