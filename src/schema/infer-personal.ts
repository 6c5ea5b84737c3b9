/**
 * Finds personal fields by their content: the share of rows whose value has the shape (or checksum,
 * or dictionary entry) of an email, card number, IBAN, IP address, postcode, phone number, street
 * address or person name. A column name that says the same lowers the share needed, since a real
 * column always has some malformed entries; a name alone never makes a column personal (except a
 * fine-grained town column, whose values have no shape to check).
 */

import { isNumericDate } from '../io/numeric-dates.js';
import type { PersonalType } from './dataset-schema.js';
import { isCardNumber } from './detect/card-number.js';
import { type NameWords, nameHas } from './detect/column-name.js';
import { isEmail } from './detect/email.js';
import { isIban } from './detect/iban.js';
import { isIpAddress } from './detect/ip-address.js';
import { isoTemporalForm } from './detect/iso-datetime.js';
import { PERSONAL_NAME_HINTS } from './detect/name-hints.js';
import { knownNameWord, personNameForm } from './detect/person-name.js';
import { isPhoneNumber } from './detect/phone.js';
import { isDistinctivePostcodeStyle, postcodeStyle } from './detect/postcode.js';
import { addressForm } from './detect/street-address.js';
import { type ColumnProfile, distinctCount } from './infer-profile.js';

export interface PersonalFinding {
  readonly personal: PersonalType;
  /** Share of the checked rows whose value matched. */
  readonly share: number;
  /** The column name also suggested this type. */
  readonly named: boolean;
  /** What the matching values are, for the comment ("shaped like email addresses"). */
  readonly evidence: string;
}

/** Shares needed without and with a matching column name. */
const SHARE_BY_CONTENT = 0.9;
const SHARE_WITH_NAME = 0.6;
/** A dictionary knows common names only, so name columns need a lower share of known words. */
const NAME_SHARE_BY_CONTENT = 0.6;
const NAME_SHARE_WITH_NAME = 0.3;
/** Fewer distinct values than this are categories (a few surnames-as-colours, "1 Year"), not names or streets. */
const MIN_DISTINCT_NAMES = 10;
/** Checking this many distinct values (weighted by their rows) is plenty to judge a column. */
const MAX_CHECKED = 20_000;

interface Checked {
  readonly values: readonly [string, number][];
  readonly rows: number;
}

function checkedValues(profile: ColumnProfile): Checked {
  const values: [string, number][] = [];
  let rows = 0;
  if (profile.storage === 'text') {
    for (const [value, count] of profile.texts) {
      if (values.length >= MAX_CHECKED) break;
      values.push([value.trim(), count]);
      rows += count;
    }
  } else if (profile.storage === 'number') {
    for (const [value, count] of profile.numbers) {
      if (values.length >= MAX_CHECKED) break;
      // Only whole numbers can be postcodes, phone or card numbers written without separators.
      values.push([Number.isInteger(value) && value >= 0 ? value.toFixed(0) : '', count]);
      rows += count;
    }
  }
  return { values, rows };
}

function shareOf(checked: Checked, test: (value: string) => boolean): number {
  if (checked.rows === 0) return 0;
  let matching = 0;
  for (const [value, count] of checked.values) if (value !== '' && test(value)) matching += count;
  return matching / checked.rows;
}

const isPhoneNotDateOrIp = (value: string) =>
  isPhoneNumber(value) &&
  isoTemporalForm(value) === undefined &&
  !isNumericDate(value) &&
  !isIpAddress(value);

interface ShapeRule {
  readonly personal: PersonalType;
  readonly evidence: string;
  readonly test: (value: string, named: boolean) => boolean;
  /** Whole numbers (a reader turned digit-only values into numbers) can have this shape. */
  readonly numbersToo?: boolean;
  /**
   * A loose shape that a few category labels can also have ("1 Year", "2 Year" read like street
   * lines): without a matching column name it needs at least {@link MIN_DISTINCT_NAMES} distinct values.
   */
  readonly loose?: boolean;
}

/** In order: the most specific shapes first, so a card number is not taken for a phone number. */
const SHAPE_RULES: readonly ShapeRule[] = [
  { personal: 'email', evidence: 'shaped like email addresses', test: isEmail },
  {
    personal: 'card-number',
    evidence: 'payment card numbers (12 to 19 digits passing the Luhn checksum)',
    test: isCardNumber,
    numbersToo: true,
  },
  { personal: 'iban', evidence: 'IBANs with a valid mod-97 check', test: isIban },
  { personal: 'ip-address', evidence: 'IPv4 or IPv6 addresses', test: isIpAddress },
  {
    personal: 'postcode',
    evidence: 'postcodes (UK, US ZIP, Canadian, Dutch or five-digit codes)',
    test: (value, named) => {
      const style = postcodeStyle(value);
      if (style !== undefined) return named || isDistinctivePostcodeStyle(style);
      // Four-digit codes (Austria, Switzerland, Denmark, Australia) only under a postcode name.
      return named && /^\d{4}$/.test(value);
    },
    numbersToo: true,
  },
  {
    personal: 'phone',
    evidence: 'shaped like phone numbers (7 to 15 digits with the usual separators)',
    test: (value, named) => isPhoneNotDateOrIp(value) && (named || /\D/.test(value)),
    numbersToo: true,
    loose: true,
  },
  {
    personal: 'street',
    evidence: 'street lines (a house number and a street name)',
    test: (value, named) => addressForm(value, named) !== undefined,
    loose: true,
  },
];

function personNameFinding(
  profile: ColumnProfile,
  checked: Checked,
  name: NameWords,
): PersonalFinding | undefined {
  const hint = (type: PersonalType) => nameHas(name, PERSONAL_NAME_HINTS[type]);
  const named = hint('name') || hint('first-name') || hint('last-name');
  if (!named && distinctCount(profile) < MIN_DISTINCT_NAMES) return undefined;
  const needed = named ? NAME_SHARE_WITH_NAME : NAME_SHARE_BY_CONTENT;
  const singleWord = shareOf(checked, (value) => !/\s/.test(value) && /^\p{L}/u.test(value));
  if (singleWord >= 0.9) {
    const first = shareOf(checked, (value) => knownNameWord(value).first);
    const last = shareOf(checked, (value) => knownNameWord(value).last);
    // The lists overlap (Thomas, Grant); the list that knows more rows says which column this is,
    // unless the column's name settles it.
    const asFirst = hint('first-name') || (!hint('last-name') && first >= last);
    const share = asFirst ? first : last;
    if (share < (hint('first-name') || hint('last-name') ? NAME_SHARE_WITH_NAME : needed)) return undefined;
    return asFirst
      ? {
          personal: 'first-name',
          share,
          named: hint('first-name'),
          evidence: "first names on faker's name lists",
        }
      : {
          personal: 'last-name',
          share,
          named: hint('last-name'),
          evidence: "surnames on faker's name lists",
        };
  }
  const share = shareOf(checked, (value) => personNameForm(value) === 'full');
  if (share < needed) return undefined;
  return {
    personal: 'name',
    share,
    named,
    evidence:
      "person names (two to four capitalised words with a first name or surname on faker's name lists)",
  };
}

/** Town columns hold plain words; only a fine-grained one (many towns held by few rows) is personal. */
function cityFinding(profile: ColumnProfile, name: NameWords): PersonalFinding | undefined {
  if (profile.storage !== 'text' || !nameHas(name, PERSONAL_NAME_HINTS.city)) return undefined;
  let rareRows = 0;
  for (const count of profile.texts.values()) if (count < 5) rareRows += count;
  const rareShare = profile.present === 0 ? 0 : rareRows / profile.present;
  if (rareShare < 0.2 && distinctCount(profile) <= 100) return undefined;
  return {
    personal: 'city',
    share: rareShare,
    named: true,
    evidence: 'town names, too fine-grained to model (many towns are held by fewer than 5 rows)',
  };
}

/**
 * The personal type of a column, if its values show one.
 * @example detectPersonal(profileColumn('contact', emails), nameWords('contact'))
 * // { personal: 'email', share: 1, named: false, evidence: 'shaped like email addresses' }
 */
export function detectPersonal(profile: ColumnProfile, name: NameWords): PersonalFinding | undefined {
  if (profile.present === 0 || (profile.storage !== 'text' && profile.storage !== 'number')) return undefined;
  const checked = checkedValues(profile);
  for (const rule of SHAPE_RULES) {
    if (profile.storage === 'number' && !rule.numbersToo) continue;
    const named =
      nameHas(name, PERSONAL_NAME_HINTS[rule.personal]) ||
      (rule.personal === 'street' && nameHas(name, PERSONAL_NAME_HINTS.address));
    // Digits alone say little: a number column is personal only when its name agrees (card numbers
    // excepted: the checksum is evidence enough).
    if (profile.storage === 'number' && !named && rule.personal !== 'card-number') continue;
    if (rule.loose && !named && distinctCount(profile) < MIN_DISTINCT_NAMES) continue;
    const share = shareOf(checked, (value) => rule.test(value, named));
    if (share >= (named ? SHARE_WITH_NAME : SHARE_BY_CONTENT)) {
      // A street line followed by town or postcode in most rows (or an address-named column) is a
      // full postal address rather than a street.
      const isAddress =
        rule.personal === 'street' &&
        (nameHas(name, PERSONAL_NAME_HINTS.address) ||
          shareOf(checked, (value) => addressForm(value, named) === 'address') >= 0.5);
      const personal = isAddress ? 'address' : rule.personal;
      return {
        personal,
        share,
        named,
        evidence: personal === 'address' ? 'postal addresses' : rule.evidence,
      };
    }
  }
  if (profile.storage !== 'text') return undefined;
  return personNameFinding(profile, checked, name) ?? cityFinding(profile, name);
}
