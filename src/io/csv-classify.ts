/**
 * One CSV field's bytes classified as a plain number, a missing value, or neither, without making
 * a string (csv-columns.ts and csv-range.ts). Imports no Arrow: it runs in the reader's workers.
 */
import { MISSING_MARKERS } from './number-text.js';

export const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

export const PLAIN = 0;
export const MISSING = 1;
export const UNSETTLED = 2;
/** The number a cell classified PLAIN holds (a module variable: no object per cell). */
let parsed = 0;

/** The number of the last cell {@link classify} found PLAIN. */
export function lastParsed(): number {
  return parsed;
}

function isSpace(b: number): boolean {
  // JavaScript's String.prototype.trim in ASCII: tab, LF, VT, FF, CR, space.
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function isMissingMarker(bytes: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length < 2 || length > 4) return false;
  return MISSING_MARKERS.has(bytes.toString('latin1', start, end));
}

/**
 * Classifies one field by its bytes: PLAIN (an ASCII number exactly as `NUMBER` in
 * table-from-columns.ts reads it, not code-like, not possibly grouped; its value in `parsed`),
 * MISSING (a missing marker, or only spaces), or UNSETTLED (anything else: the caller asks
 * parseTextColumn's own rules).
 */
export function classify(bytes: Buffer, start: number, end: number, decimalComma: boolean): number {
  while (start < end && isSpace(bytes[start]!)) start++;
  while (end > start && isSpace(bytes[end - 1]!)) end--;
  if (start === end) return MISSING;
  let p = start;
  const sign = bytes[p];
  if (sign === 0x2b || sign === 0x2d) p++;
  const intStart = p;
  let mantissa = 0;
  let digits = 0;
  for (let b = bytes[p]!; p < end && b >= 0x30 && b <= 0x39; b = bytes[++p]!) {
    mantissa = mantissa * 10 + (b - 0x30);
    digits++;
  }
  const intDigits = p - intStart;
  let fracDigits = 0;
  let dot = false;
  if (p < end && bytes[p] === 0x2e) {
    dot = true;
    p++;
    for (let b = bytes[p]!; p < end && b >= 0x30 && b <= 0x39; b = bytes[++p]!) {
      mantissa = mantissa * 10 + (b - 0x30);
      fracDigits++;
    }
    digits += fracDigits;
  }
  if (intDigits === 0 && fracDigits === 0) {
    return isMissingMarker(bytes, start, end) ? MISSING : UNSETTLED;
  }
  let exponent = 0;
  let hasExponent = false;
  if (p < end && (bytes[p] === 0x65 || bytes[p] === 0x45)) {
    hasExponent = true;
    p++;
    let negative = false;
    if (bytes[p] === 0x2b || bytes[p] === 0x2d) negative = bytes[p++] === 0x2d;
    const expStart = p;
    for (let b = bytes[p]!; p < end && b >= 0x30 && b <= 0x39; b = bytes[++p]!) {
      exponent = Math.min(exponent * 10 + (b - 0x30), 100_000);
    }
    if (p === expStart) return UNSETTLED;
    if (negative) exponent = -exponent;
  }
  if (p !== end) return UNSETTLED;
  if (!dot && !hasExponent) {
    // isCodeLikeNumber: leading zeros, a plus on a long integer, more digits than a double holds.
    const first = bytes[intStart];
    if ((intDigits > 1 && first === 0x30) || (sign === 0x2b && intDigits >= 7) || intDigits > 15) {
      return UNSETTLED;
    }
  }
  // `1.234` may be a grouped thousand in a decimal-comma file (DOT_GROUPED): its column decides.
  if (decimalComma && dot && !hasExponent && fracDigits === 3 && intDigits <= 3 && bytes[intStart] !== 0x30) {
    return UNSETTLED;
  }
  const scale = exponent - fracDigits;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    // Clinger's fast path: an integer below 2^53 times or over an exact power of ten is rounded
    // once, so this equals Number(text).
    const value = scale < 0 ? mantissa / POWERS_OF_TEN[-scale]! : mantissa * POWERS_OF_TEN[scale]!;
    parsed = sign === 0x2d ? -value : value;
  } else {
    parsed = Number(bytes.toString('latin1', start, end));
  }
  return PLAIN;
}
