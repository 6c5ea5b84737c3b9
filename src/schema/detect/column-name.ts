/**
 * Column names as words, so hints match `customerID`, `customer_id`, `Customer Id` and `hhid` alike.
 * Names only ever raise or lower a confidence that the values already support, or name a role
 * (quasi-identifier, sensitive) that values cannot show.
 */

/** A column name split into lower-case words, plus its letters run together. */
export interface NameWords {
  readonly words: readonly string[];
  /** Letters and digits only, lower case: `Date_of_Birth` → `dateofbirth`. */
  readonly compact: string;
}

/**
 * Splits a column name at case changes, digits and punctuation.
 * @example nameWords('customerID') // { words: ['customer', 'id'], compact: 'customerid' }
 * @example nameWords('Fs3_4') // { words: ['fs', '3', '4'], compact: 'fs34' }
 */
export function nameWords(name: string): NameWords {
  const spaced = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2');
  const words = spaced
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return { words, compact: words.join('') };
}

/** True if any word of the name is in `vocabulary`, or the whole name run together is. */
export function nameHas(name: NameWords, vocabulary: ReadonlySet<string>): boolean {
  return vocabulary.has(name.compact) || name.words.some((word) => vocabulary.has(word));
}

/** The first word of `vocabulary` found in the name (for comments), or undefined. */
export function nameWordIn(name: NameWords, vocabulary: ReadonlySet<string>): string | undefined {
  if (vocabulary.has(name.compact)) return name.compact;
  return name.words.find((word) => vocabulary.has(word));
}
