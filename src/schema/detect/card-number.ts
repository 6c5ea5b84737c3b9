/**
 * The Luhn (mod 10) checksum of a digit string, as used by payment card numbers (ISO/IEC 7812-1).
 * A random digit string passes with probability 1/10, so a column where nearly all values pass is
 * card numbers, not chance.
 * @see https://en.wikipedia.org/wiki/Luhn_algorithm
 * @example luhnValid('4539578763621486') // true
 * @example luhnValid('4539578763621487') // false
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * True for a payment card number: 12 to 19 digits (spaces or hyphens between groups allowed) that
 * pass the Luhn checksum.
 * @example isCardNumber('4539 5787 6362 1486') // true
 */
export function isCardNumber(text: string): boolean {
  if (!/^\d[\d -]{10,22}\d$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 && luhnValid(digits);
}
