import { de, en, es, fr, it, type LocaleDefinition, nl, pl, sv, tr } from '@faker-js/faker';

/**
 * Person names are recognised with faker's name lists as the dictionary (about 10,000 first names
 * and 6,000 surnames over nine locales): no pattern tells "Mayer" from "Mailed", a list does.
 * A dictionary only covers common names, so callers judge a column by the share of rows whose
 * name is known, not by every value.
 */
const LOCALES: readonly LocaleDefinition[] = [en, de, fr, es, it, nl, pl, sv, tr];

interface NameDictionary {
  readonly first: ReadonlySet<string>;
  readonly last: ReadonlySet<string>;
  readonly affixes: ReadonlySet<string>;
}

let dictionary: NameDictionary | undefined;

function listOf(entry: unknown): string[] {
  if (Array.isArray(entry)) return entry.filter((x): x is string => typeof x === 'string');
  if (entry && typeof entry === 'object') return Object.values(entry).flatMap(listOf);
  return [];
}

/** Built on first use: most runs of doppel never look for names. */
function nameDictionary(): NameDictionary {
  if (!dictionary) {
    const first = new Set<string>();
    const last = new Set<string>();
    const affixes = new Set<string>();
    for (const locale of LOCALES) {
      for (const name of listOf(locale.person?.first_name)) first.add(name.toLowerCase());
      for (const name of listOf(locale.person?.last_name)) last.add(name.toLowerCase());
      for (const affix of [...listOf(locale.person?.prefix), ...listOf(locale.person?.suffix)]) {
        affixes.add(affix.toLowerCase().replace(/\.$/, ''));
      }
    }
    dictionary = { first, last, affixes };
  }
  return dictionary;
}

/**
 * Which name lists a single word is on.
 * @example knownNameWord('Thomas') // { first: true, last: true }
 */
export function knownNameWord(word: string): { first: boolean; last: boolean } {
  const { first, last } = nameDictionary();
  const lower = word.trim().toLowerCase();
  return { first: first.has(lower), last: last.has(lower) };
}

/** A name word: letters with inner apostrophes, hyphens or dots (O'Brien, Anne-Marie, J.). */
const NAME_WORD = /^\p{L}[\p{L}'’.-]*$/u;

/**
 * How a text reads as a person's name, judged by the dictionary:
 * `full` (two to four name words, with a known first name first or a known surname last, titles
 * such as Dr. and suffixes such as Jr. ignored, also "Surname, First"), `first` or `last` (one
 * known word), or undefined.
 * @example personNameForm('Carley Mayer') // 'full'
 * @example personNameForm('Mrs. Anna Schmidt') // 'full'
 * @example personNameForm('Carley') // 'first'
 * @example personNameForm('Fiber optic') // undefined
 */
export function personNameForm(text: string): 'full' | 'first' | 'last' | undefined {
  const { first, last, affixes } = nameDictionary();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  const ordered = comma ? `${comma[2]} ${comma[1]}` : text;
  const words = ordered
    .split(/\s+/)
    .filter((word) => word.length > 0 && !affixes.has(word.toLowerCase().replace(/\.$/, '')));
  if (words.length === 0 || words.length > 4 || !words.every((word) => NAME_WORD.test(word)))
    return undefined;
  const lower = words.map((word) => word.toLowerCase());
  if (lower.length === 1) {
    if (first.has(lower[0]!)) return 'first';
    return last.has(lower[0]!) ? 'last' : undefined;
  }
  // A name is capitalised; "fiber optic" or "no internet service" are not names even if a word is.
  if (!words.every((word) => /^\p{Lu}/u.test(word))) return undefined;
  return first.has(lower[0]!) || last.has(lower.at(-1)!) ? 'full' : undefined;
}
