/**
 * A practical email shape: one `@`, no spaces, a dotted domain with a top-level part of two or more
 * letters. Not RFC 5322 (which allows quoted local parts no customer table holds); the point is to
 * recognise a column of addresses, not to validate one.
 */
const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[A-Za-z]{2,}$/;

/**
 * True for text shaped like an email address.
 * @example isEmail('ana.silva@example.org') // true
 * @example isEmail('ana at example.org') // false
 */
export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}
