import { type NameWords, nameHas } from './column-name.js';

const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'identifier', 'ssn']);

/** Things customer data numbers: `customer number`, `account no`, `policy_nr`, `order_id`. */
const ENTITY_WORDS = new Set([
  'account',
  'acct',
  'case',
  'client',
  'contract',
  'cust',
  'customer',
  'device',
  'employee',
  'emp',
  'hh',
  'household',
  'invoice',
  'loyalty',
  'member',
  'membership',
  'order',
  'passport',
  'patient',
  'person',
  'policy',
  'record',
  'rec',
  'reference',
  'ref',
  'row',
  'serial',
  'session',
  'ticket',
  'transaction',
  'txn',
  'user',
  'visitor',
]);

const NUMBER_WORDS = new Set(['no', 'nr', 'num', 'number', 'code', 'key']);

/** Short prefixes seen run together with "id" in panel and survey data (`hhid`, `pid`, `uid`). */
const COMPACT_ID_PREFIXES = new Set(['hh', 'p', 'u', 'c', 's', 'r', 'o', 'hhld', 'cust', 'acc', 'acct']);

/** German and Dutch run-together key names that have no separable "id" word. */
const COMPACT_ID_NAMES = new Set(['kdnr', 'kundennummer', 'kundennr', 'klantnummer', 'custno', 'rowid']);

/**
 * True for names that say "this is a key": an `id` word (`customer_id`, `customerID`, `ID`), a
 * numbered thing (`account number`, `policy_no`), or a run-together key such as `hhid`. Deliberately
 * not every name ending in "id": `paid`, `valid` and `covid` are not keys.
 * @example isIdentifierName(nameWords('hhid')) // true
 * @example isIdentifierName(nameWords('number_of_cards')) // false
 */
export function isIdentifierName(name: NameWords): boolean {
  if (nameHas(name, ID_WORDS) || COMPACT_ID_NAMES.has(name.compact)) return true;
  if (name.words.some((w) => ENTITY_WORDS.has(w)) && name.words.some((w) => NUMBER_WORDS.has(w))) return true;
  return name.words.some(
    (word) =>
      word.endsWith('id') &&
      (COMPACT_ID_PREFIXES.has(word.slice(0, -2)) || ENTITY_WORDS.has(word.slice(0, -2))),
  );
}
