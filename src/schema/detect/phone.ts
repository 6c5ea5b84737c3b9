/**
 * True for text shaped like a phone number: 7 to 15 digits (the E.164 maximum) written with the
 * usual separators (spaces, dots, hyphens, slashes, parentheses, a leading +) and an optional
 * extension (`x123`, `ext. 123`). Dates and IP addresses also fit this shape, so callers test for
 * those first.
 * @see https://www.itu.int/rec/T-REC-E.164
 * @example isPhoneNumber('(555) 123-4567 x89') // true
 * @example isPhoneNumber('+44 20 7946 0958') // true
 * @example isPhoneNumber('12.5') // false
 */
export function isPhoneNumber(text: string): boolean {
  const main = text.replace(/\s*(x|ext\.?|extension)\s*\d{1,6}$/i, '');
  if (!/^\+?[\d(][\d\s().\-/]*\d$/.test(main)) return false;
  const digits = main.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // A bare decimal number ("1234567.5") has one dot and no other separator; phone numbers do not.
  return !/^\d+\.\d+$/.test(main);
}
