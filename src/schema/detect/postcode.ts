/**
 * Postcode shapes. Some are distinctive enough to recognise from the values alone (a UK postcode, a
 * US ZIP+4, a Canadian or Dutch code); a bare five-digit number is also a German PLZ, a French code
 * postal or a US ZIP, but equally any five-digit amount, so it counts only with a postcode-like
 * column name.
 */
export type PostcodeStyle = 'uk' | 'us-zip4' | 'canada' | 'netherlands' | 'five-digit';

const STYLES: readonly [PostcodeStyle, RegExp][] = [
  // Royal Mail format: outward code (area letters, district) and inward code (sector digit, unit
  // letters). The letter classes are left loose on purpose: the shape is what tells postcodes apart.
  ['uk', /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i],
  ['us-zip4', /^\d{5}-\d{4}$/],
  ['canada', /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/i],
  ['netherlands', /^[1-9]\d{3} ?[A-Z]{2}$/i],
  ['five-digit', /^\d{5}$/],
];

/**
 * The postcode style a text has, if any.
 * @example postcodeStyle('SW1A 1AA') // 'uk'
 * @example postcodeStyle('92201-5450') // 'us-zip4'
 * @example postcodeStyle('10115') // 'five-digit'
 */
export function postcodeStyle(text: string): PostcodeStyle | undefined {
  for (const [style, pattern] of STYLES) if (pattern.test(text)) return style;
  return undefined;
}

/** True for styles that are postcodes whatever the column is called. */
export function isDistinctivePostcodeStyle(style: PostcodeStyle): boolean {
  return style !== 'five-digit';
}
