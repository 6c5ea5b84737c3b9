import { en } from '@faker-js/faker';

/**
 * Street-type words: faker's English street suffixes (Avenue, Close, Estate, ...) and their postal
 * abbreviations (USPS Publication 28), lower case. They let a lower-case street line (`12 oak st`)
 * count; capitalised name words count anyway.
 */
const STREET_TYPES: ReadonlySet<string> = new Set([
  ...(en.location?.street_suffix ?? []).map((suffix) => suffix.toLowerCase()),
  ...['st', 'ave', 'av', 'rd', 'ln', 'dr', 'blvd', 'ct', 'pl', 'hwy', 'pkwy', 'sq', 'ter', 'cir', 'way'],
]);

/** German, Austrian and Swiss street names: one word ending in a street type, then the house number. */
const GERMAN_STREET =
  /^[\p{L} .'-]*?(straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee)\s+\d+\s?[a-z]?$/iu;

/** German street names that start with a preposition: Am Kiesberg 23a, An der Kante 48, Zur Mühle 3. */
const GERMAN_PREPOSITION_STREET =
  /^(am|an|auf|im|in|zum|zur|unter|hinter|vor|alte|alter|altes)\s[\p{L} .'-]+\s\d+\s?[a-z]?$/iu;

/**
 * The continental form in general: capitalised name words, then a house number (Biesenbach 48b).
 * Labels such as "Store 12" have the same form, so it counts only under a street-like column name.
 */
const NAME_THEN_NUMBER = /^\p{Lu}[\p{L}.'-]*(\s[\p{L}.'-]+){0,4}\s\d+\s?[a-z]?$/u;

/** "Apt. 4", "Suite 120", "Unit 3", "Flat 2" after the street line. */
const SECONDARY = /\s+(apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.?|#)\s*[\w-]+$/i;

/**
 * Whether text is a street line (`4227 Beech Road`, `Hauptstraße 5`) or a full postal address (a
 * street line followed by more parts after a comma or a line break: town, postcode).
 * @param named the column's name says it holds streets or addresses, which admits the bare
 *   "Name 12" form.
 * @example addressForm('4227 Beech Road Suite 119') // 'street'
 * @example addressForm('12 Baker Street, London NW1 6XE') // 'address'
 * @example addressForm('Month-to-month') // undefined
 */
export function addressForm(text: string, named = false): 'street' | 'address' | undefined {
  const [first, ...rest] = text.split(/\s*[,\n]\s*/);
  const line = (first ?? '').replace(SECONDARY, '').trim();
  const more = rest.some((part) => part.trim().length > 0);
  if (
    GERMAN_STREET.test(line) ||
    GERMAN_PREPOSITION_STREET.test(line) ||
    (named && NAME_THEN_NUMBER.test(line))
  ) {
    return more ? 'address' : 'street';
  }
  const words = line.split(/\s+/);
  // English form: a house number, then one to six street-name words (Oak Street, W Center St.,
  // Greenway, 5th Avenue); each is capitalised, an ordinal or a known street type.
  if (words.length < 2 || words.length > 7 || !/^\d+[A-Za-z]?$/.test(words[0]!)) return undefined;
  const nameWords = words.slice(1);
  const isNameWord = (word: string) =>
    /^\p{Lu}[\p{L}'.-]*$/u.test(word) ||
    /^\d+(st|nd|rd|th)$/i.test(word) ||
    STREET_TYPES.has(word.toLowerCase());
  const endsWithType = STREET_TYPES.has(nameWords.at(-1)!.replace(/\.$/, '').toLowerCase());
  const isLetterWord = (word: string) => /^[\p{L}'.-]+$/u.test(word) || /^\d+(st|nd|rd|th)$/i.test(word);
  if (!nameWords.every(endsWithType ? isLetterWord : isNameWord)) return undefined;
  return more ? 'address' : 'street';
}
