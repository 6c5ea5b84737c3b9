/**
 * Field spans (csv-fields.ts) to Arrow vectors, typed as {@link parseTextColumn} types text cells.
 * The common cells are read straight from the bytes: plain ASCII numbers into a Float64Array,
 * missing markers, and text columns copied byte for byte into a Utf8 vector. Any cell the byte
 * path does not settle (grouped thousands, decimal commas, non-ASCII spaces, dates) sends its whole
 * column through parseTextColumn itself, so the result is parseTextColumn's by construction; the
 * byte path only decides faster where it can (test/io/read-csv-bytes.test.ts compares the two).
 */
import { Float64, makeData, makeVector, Utf8, type Vector } from 'apache-arrow';
import { classify, ISO_DATE_OR_TIME, lastParsed, MISSING, PLAIN, UNSETTLED } from './csv-classify.js';
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
      values[r] = lastParsed();
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
