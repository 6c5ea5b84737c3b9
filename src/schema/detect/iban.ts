/**
 * True for an IBAN: country code, two check digits and 11 to 30 letters or digits (spaces allowed),
 * whose ISO 13616 mod-97 check gives 1.
 * @see https://en.wikipedia.org/wiki/International_Bank_Account_Number#Validating_the_IBAN
 * @example isIban('DE89 3704 0044 0532 0130 00') // true
 */
export function isIban(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  // Letters count as two-digit numbers (A = 10); the remainder is taken digit by digit, so no big
  // integers are needed.
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}
