/** Number formats shared by the report's tables and plots (en locale, so reports read the same everywhere). */

/** A score as a percentage with one decimal; `n/a` for null. @example percent(0.8123) // '81.2%' */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value)
    ? 'n/a'
    : `${(value * 100).toFixed(digits)}%`;
}

/** A score with four decimals; `n/a` for null. @example fixed(0.81234) // '0.8123' */
export function fixed(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

/** A count with thousands separators. @example count(1234567) // '1,234,567' */
export function count(value: number): string {
  return value.toLocaleString('en');
}

/** A signed difference with an explicit plus. @example signed(0.0123, 3) // '+0.012' */
export function signed(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** At most `max` characters of a label, with an ellipsis when cut (for axis ticks; tables show it whole). */
export function truncate(label: string, max = 28): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}
