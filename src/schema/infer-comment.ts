/**
 * Wording helpers for the `comment` that `doppel infer` writes on every column. Comments report
 * what was seen as counts and shares only: they are read by people deciding what to release, so
 * they never quote a value of the data.
 */

/**
 * A share as a percentage with at most one decimal, never rounded to 0% or 100% when it is not.
 * @example percent(0.0016) // '0.2%'
 * @example percent(0.9996) // '99.9%'
 */
export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  if (share < 1 && share > 0.999) return '99.9%';
  return `${Number((share * 100).toFixed(1))}%`;
}

/**
 * A count with its noun in the right number.
 * @example count(1, 'row') // '1 row'
 * @example count(7043, 'row') // '7043 rows'
 */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** The sentence about missing values, or nothing when there are none. */
export function missingSentence(rows: number, present: number): string | undefined {
  const missing = rows - present;
  if (missing === 0) return undefined;
  const verb = missing === 1 ? 'is' : 'are';
  return `${count(missing, 'value')} of ${rows} (${percent(missing / rows)}) ${verb} missing; the missing rate is modelled.`;
}
