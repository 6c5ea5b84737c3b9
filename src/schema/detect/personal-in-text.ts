import { isEmail } from './email.js';
import { isIpAddress } from './ip-address.js';
import { isoTemporalForm } from './iso-datetime.js';
import { knownNameWord } from './person-name.js';
import { isPhoneNumber } from './phone.js';

/** What a piece of text mentions that belongs to a person. */
export type PersonalMention = 'email' | 'phone' | 'name';

/** Candidate e-mail addresses inside text (checked again with {@link isEmail}). */
const EMAIL_IN_TEXT = /[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[A-Za-z]{2,}/g;
/**
 * Runs of digits and phone separators long enough to hold 7 digits, standing alone (not part of a
 * code such as a UUID or a reference "R123-4567x").
 */
const PHONE_IN_TEXT = /(?<![\p{L}\d])\+?[\d(][\d\s().\-/]{5,}\d(?![\p{L}\d])/gu;
/** Words as names are written: letters with inner apostrophes and hyphens (O'Brien, Anne-Marie). */
const WORD = /\p{L}[\p{L}'’-]*/gu;

function mentionsEmail(text: string): boolean {
  for (const match of text.matchAll(EMAIL_IN_TEXT)) if (isEmail(match[0])) return true;
  return false;
}

/** Dates (ISO or day/month/year) and clock times, blanked before looking for phone numbers. */
const DATE_OR_TIME = /\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}(:\d{2})?/g;

function mentionsPhone(text: string): boolean {
  for (const match of text.replace(DATE_OR_TIME, ' ').matchAll(PHONE_IN_TEXT)) {
    const candidate = match[0].trim();
    // Dates, IP addresses and plain numbers share the digits-and-separators shape.
    if (
      isPhoneNumber(candidate) &&
      /\D/.test(candidate) &&
      isoTemporalForm(candidate) === undefined &&
      !isIpAddress(candidate)
    )
      return true;
  }
  return false;
}

/** Capitalised and not an acronym: "O'Connell", "Anne-Marie", not "ATM". */
const capitalised = (word: string) => /^\p{Lu}/u.test(word) && /\p{Ll}/u.test(word);

/** A name word on a list, whole or by a hyphenated part (double-barrelled: "Johnson-Carter"). */
function onList(word: string, list: 'first' | 'last'): boolean {
  if (knownNameWord(word)[list]) return true;
  const parts = word.split('-');
  return parts.length > 1 && parts.some((part) => part.length > 1 && knownNameWord(part)[list]);
}

/**
 * A full name inside text: two neighbouring capitalised words, a first name on faker's lists
 * followed by a surname on its lists ("Call back Carley Mayer"; a double-barrelled name counts
 * when one part is known). Both must be known and capitalised, so labels such as "Fiber optic" or "Bank transfer" are not taken for names.
 */
function mentionsName(text: string): boolean {
  const words = [...text.matchAll(WORD)];
  for (let i = 0; i + 1 < words.length; i++) {
    const first = words[i]!;
    const second = words[i + 1]!;
    // Neighbours only: the gap between them holds nothing but spaces (or a middle initial's dot).
    const gap = text.slice(first.index! + first[0].length, second.index);
    if (!/^[\s.]+$/.test(gap)) continue;
    if (!capitalised(first[0]) || !capitalised(second[0])) continue;
    if (onList(first[0], 'first') && onList(second[0], 'last')) return true;
  }
  return false;
}

/**
 * The first personal item (an e-mail address, a phone number or a person's full name) that a text
 * mentions anywhere inside it, or undefined. Used to spot free text that holds personal data
 * (infer) and to refuse to store such a text as a category (fit), whatever the schema says.
 * @example personalMention('Call back Carley Mayer') // 'name'
 * @example personalMention('wrote from ana.silva@example.org') // 'email'
 * @example personalMention('ring +44 20 7946 0958 after 5') // 'phone'
 * @example personalMention('Fiber optic') // undefined
 */
export function personalMention(text: string): PersonalMention | undefined {
  if (text.includes('@') && mentionsEmail(text)) return 'email';
  if (/\d{3}/.test(text) && mentionsPhone(text)) return 'phone';
  return mentionsName(text) ? 'name' : undefined;
}
