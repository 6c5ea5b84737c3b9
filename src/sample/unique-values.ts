/**
 * Making faked personal values unique by embedding the row's global index, each in the way its type
 * allows: the index is a function of the value, so two rows can never share one, whatever the
 * chunking. Each function's comment states why the result is injective in the row index.
 */

/** Digits needed to write every row index of a run of `totalRows` rows. */
export function indexDigits(totalRows: number): number {
  return Math.max(1, String(Math.max(0, totalRows - 1)).length);
}

/** Odd and not a multiple of 5 (L'Ecuyer's 64-bit LCG multiplier), so it is invertible mod 10^k. */
const MULTIPLIER = 2862933555777941757n;

/**
 * A k-digit string that is a bijection of the row index on [0, 10^k): (index · A + key) mod 10^k
 * with A coprime to 10, so consecutive rows do not get consecutive numbers.
 * @example scrambledDigits(0, 4, 0) // '0000'
 */
export function scrambledDigits(index: number, width: number, key: number): string {
  const modulus = 10n ** BigInt(width);
  const value = (BigInt(index) * MULTIPLIER + BigInt(key)) % modulus;
  return value.toString().padStart(width, '0');
}

const DIGIT = /[0-9]/;

/**
 * Overwrites the last `digits.length` digits of a value (keeping its format, e.g. "(672) 688-1204"),
 * adding leading zeros first when it has too few, and leaving `keepLast` trailing digits alone (for a
 * check digit recomputed afterwards). Injective because the value's digit sequence ends with
 * `digits` (followed by `keepLast` digits), and `digits` is a bijection of the index.
 */
export function withTrailingDigits(value: string, digits: string, keepLast = 0): string {
  const needed = digits.length + keepLast;
  let count = 0;
  for (const character of value) if (DIGIT.test(character)) count++;
  let text = value;
  if (count < needed) {
    const firstDigit = text.search(DIGIT);
    const at = firstDigit === -1 ? text.length : firstDigit;
    text = text.slice(0, at) + '0'.repeat(needed - count) + text.slice(at);
  }
  const characters = [...text];
  let skip = keepLast;
  let written = digits.length;
  for (let i = characters.length - 1; i >= 0 && written > 0; i--) {
    if (!DIGIT.test(characters[i] as string)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    characters[i] = digits[--written] as string;
  }
  return characters.join('');
}

/** Recomputes the last digit of a card number as its Luhn check digit (ISO/IEC 7812-1). */
export function withLuhnCheckDigit(value: string): string {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) if (DIGIT.test(value[i] as string)) positions.push(i);
  if (positions.length < 2) return value;
  let sum = 0;
  // Double every second digit counting leftwards from the one just before the check digit.
  for (let j = positions.length - 2, double = true; j >= 0; j--, double = !double) {
    let d = Number(value[positions[j] as number]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  const last = positions[positions.length - 1] as number;
  return value.slice(0, last) + String(check) + value.slice(last + 1);
}

/** Recomputes an IBAN's two check digits (ISO 13616: 98 − (BBAN · country · 00 mod 97)). */
export function withIbanCheckDigits(iban: string): string {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 2)}00`;
  let remainder = 0;
  for (const character of rearranged.toUpperCase()) {
    const code = character.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : character;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return `${iban.slice(0, 2)}${String(98 - remainder).padStart(2, '0')}${iban.slice(4)}`;
}

/**
 * An email whose local part ends in ".<row number>": the text after the local part's last dot is
 * the row number (which has no dot), so distinct rows give distinct addresses.
 * @example uniqueEmail('Kendall35@yahoo.com', 41) // 'Kendall35.42@yahoo.com'
 */
export function uniqueEmail(email: string, index: number): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}.${index + 1}${email.slice(at)}`;
}

/**
 * An IPv4 address that is a bijection of the row index on 32 bits (an invertible integer hash:
 * multiplications by odd constants and xor-shifts), keyed so different seeds give different
 * addresses. Unique for up to 2^32 rows.
 */
export function uniqueIpv4(index: number, key: number): string {
  let x = (index ^ key) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
}

/**
 * A value with " <row number>" appended, for text types that have no natural unique form (names,
 * streets, cities): the text after the last space is the row number.
 */
export function withRowNumber(value: string, index: number): string {
  return `${value} ${index + 1}`;
}
