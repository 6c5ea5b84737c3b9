/**
 * Field spans (csv-fields.ts) to Arrow vectors, typed as {@link parseTextColumn} types text cells.
 * The common cells are read straight from the bytes: plain ASCII numbers into a Float64Array,
 * missing markers, and text columns copied byte for byte into a Utf8 vector. Any cell the byte
 * path does not settle (grouped thousands, decimal commas, non-ASCII spaces, dates) sends its whole
 * column through parseTextColumn itself, so the result is parseTextColumn's by construction; the
 * byte path only decides faster where it can (test/io/read-csv-bytes.test.ts compares the two).
 */
import { Float64, makeData, makeVector, Utf8, type Vector } from 'apache-arrow';
import { fieldText } from './csv-fields.js';
import { isNumericDate } from './numeric-dates.js';
import {
  isTextCell,
  MISSING_MARKERS,
  parseTextColumn,
  textCells,
  utf8Vector,
  validityBitmap,
  vectorOf,
} from './table-from-columns.js';

const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

const PLAIN = 0;
const MISSING = 1;
const UNSETTLED = 2;
/** The number a cell classified PLAIN holds (a module variable: no object per cell). */
let parsed = 0;

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
function classify(bytes: Buffer, start: number, end: number, decimalComma: boolean): number {
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

/** Every field of a column as text (null for empty fields), for parseTextColumn and textCells. */
function cellsOf(bytes: Buffer, starts: Int32Array, ends: Int32Array, rows: number): (string | null)[] {
  const cells = new Array<string | null>(rows);
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    const end = ends[r]!;
    cells[r] = start === end ? null : fieldText(bytes, start, end);
  }
  return cells;
}

/** A Utf8 vector copied from the field bytes (unescaping quoted `""`), no string per cell. */
function utf8FromSpans(bytes: Buffer, starts: Int32Array, ends: Int32Array, rows: number): Vector<Utf8> {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    total += ends[r]! - (start < 0 ? ~start : start);
  }
  const data = new Uint8Array(total);
  const offsets = new Int32Array(rows + 1);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    const end = ends[r]!;
    if (start >= 0) {
      if (end - start < 32) for (let i = start; i < end; i++) data[at++] = bytes[i]!;
      else {
        bytes.copy(data, at, start, end);
        at += end - start;
      }
    } else {
      for (let i = ~start; i < end; i++) {
        data[at++] = bytes[i]!;
        if (bytes[i] === 0x22) i++; // `""` is one quote
      }
    }
    offsets[r + 1] = at;
  }
  const { bitmap, nullCount } = validityBitmap(rows, (r) => starts[r] !== ends[r]);
  return makeVector(
    makeData({
      type: new Utf8(),
      length: rows,
      valueOffsets: offsets,
      data: data.subarray(0, at),
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/**
 * A text column: as its bytes, unless it may be a column of dates, which textCells rewrites (ISO
 * dates with missing markers, numeric dates to ISO). Its first present cell decides whether to ask.
 */
function textVector(bytes: Buffer, starts: Int32Array, ends: Int32Array, rows: number): Vector {
  for (let r = 0; r < rows; r++) {
    if (starts[r] === ends[r]) continue;
    const text = fieldText(bytes, starts[r]!, ends[r]!).trim();
    if (MISSING_MARKERS.has(text)) continue;
    if (ISO_DATE_OR_TIME.test(text) || isNumericDate(text)) {
      return utf8Vector(textCells(cellsOf(bytes, starts, ends, rows)));
    }
    break;
  }
  return utf8FromSpans(bytes, starts, ends, rows);
}

/**
 * One CSV column as an Arrow vector: Float64 where every present cell is a number, Utf8 otherwise,
 * exactly as {@link parseTextColumn} would type its cells (an empty field is missing).
 */
export function csvColumnVector(
  bytes: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  rows: number,
  decimalComma: boolean,
): Vector {
  const values = new Float64Array(rows);
  let numbers = 0;
  let present = false;
  let missing = 0;
  for (let r = 0; r < rows; r++) {
    const start = starts[r]!;
    const end = ends[r]!;
    if (start === end) {
      values[r] = Number.NaN;
      missing++;
      continue;
    }
    present = true;
    const kind = start < 0 ? UNSETTLED : classify(bytes, start, end, decimalComma);
    if (kind === PLAIN) {
      values[r] = parsed;
      numbers++;
    } else if (kind === MISSING) {
      values[r] = Number.NaN;
      missing++;
    } else if (isTextCell(fieldText(bytes, start, end).trim(), decimalComma)) {
      return textVector(bytes, starts, ends, rows);
    } else {
      // Grouped thousands, a decimal comma, a number the byte path does not read: parseTextColumn's rules.
      return vectorOf(parseTextColumn(cellsOf(bytes, starts, ends, rows), { decimalComma }));
    }
  }
  if (numbers === 0 && present) return textVector(bytes, starts, ends, rows);
  // Every NaN is a missing cell: a present number is never NaN ("NaN" is a missing marker).
  const { bitmap, nullCount } = validityBitmap(rows, (r) => !Number.isNaN(values[r]!));
  return makeVector(
    makeData({
      type: new Float64(),
      length: rows,
      data: values,
      nullCount,
      nullBitmap: missing > 0 ? bitmap : null,
    }),
  );
}
