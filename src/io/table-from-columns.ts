import { Bool, Float64, makeData, makeVector, Table, Utf8, type Vector } from 'apache-arrow';
import { ByteBuilder } from './byte-builder.js';
import {
  COMMA_GROUPED,
  DECIMAL_COMMA_NUMBER,
  DOT_GROUPED,
  isCodeLikeNumber,
  isTextCell,
  MISSING_MARKERS,
  type ParseTextOptions,
} from './number-text.js';
import { isNumericDate, isoFromNumericDate, numericDateOrder } from './numeric-dates.js';

export { isCodeLikeNumber, isTextCell, MISSING_MARKERS, type ParseTextOptions };

/**
 * A column parsed from a text format: numbers where every present value is numeric, booleans where
 * the format has real booleans (JSON), text otherwise.
 */
export type ParsedColumn =
  | { type: 'number'; values: (number | null)[] }
  | { type: 'boolean'; values: (boolean | null)[] }
  | { type: 'string'; values: (string | null)[] };

/** Packs a validity bitmap (1 = present), Arrow's LSB bit order. */
export function validityBitmap(
  length: number,
  isValid: (index: number) => boolean,
): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (isValid(i)) bitmap[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return { bitmap, nullCount };
}

export function float64Vector(values: readonly (number | null)[]): Vector<Float64> {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i] ?? Number.NaN;
  const { bitmap, nullCount } = validityBitmap(values.length, (i) => values[i] !== null);
  return makeVector(
    makeData({
      type: new Float64(),
      length: values.length,
      data,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/**
 * An Arrow table from named vectors, in the given order. Column names are data (`__proto__` and
 * `constructor` are legal names), so the name-to-vector record Arrow's constructor reads is a
 * null-prototype object, never a plain one.
 */
export function tableFromNamedVectors(names: readonly string[], vectors: readonly Vector[]): Table {
  const byName: Record<string, Vector> = Object.create(null);
  names.forEach((name, index) => {
    byName[name] = vectors[index]!;
  });
  return new Table(byName);
}

/**
 * A Utf8 vector from strings, encoded one after another into one buffer. Arrow's builder
 * (`vectorFromArray`) encodes each string into a buffer of its own: on a million-row CSV that was
 * most of the read time, in allocation and garbage collection.
 */
export function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const bytes = new ByteBuilder(Math.max(1024, n * 8));
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value !== null && value !== undefined) bytes.utf8(value);
    offsets[i + 1] = bytes.length;
  }
  const { bitmap, nullCount } = validityBitmap(n, (i) => values[i] !== null && values[i] !== undefined);
  return makeVector(
    makeData({
      type: new Utf8(),
      length: n,
      valueOffsets: offsets,
      data: bytes.view(),
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/** A Bool vector from booleans (missing as null), bit-packed directly. */
export function boolVector(values: readonly (boolean | null)[]): Vector<Bool> {
  const n = values.length;
  const { bitmap: data } = validityBitmap(n, (i) => values[i] === true);
  const { bitmap, nullCount } = validityBitmap(n, (i) => values[i] !== null && values[i] !== undefined);
  return makeVector(
    makeData({ type: new Bool(), length: n, data, nullCount, nullBitmap: nullCount > 0 ? bitmap : null }),
  );
}

/** Builds an Arrow table from parsed columns, in the given order. */
export function tableFromColumns(names: readonly string[], columns: readonly ParsedColumn[]): Table {
  return tableFromNamedVectors(names, columns.map(vectorOf));
}

/** One parsed column as an Arrow vector: Float64, Bool or Utf8. */
export function vectorOf(column: ParsedColumn): Vector {
  switch (column.type) {
    case 'number':
      return float64Vector(column.values);
    case 'boolean':
      return boolVector(column.values);
    case 'string':
      return utf8Vector(column.values);
  }
}

const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Text cells as they are, except in a column of dates. There the missing markers (R writes `NA` for
 * a missing date) become missing too, so the column still reads as dates; and numeric dates whose
 * day/month order the values settle (a first field over 12 means day-first, `15/03/2024`; a second
 * one month-first) become ISO 8601 text, which every later stage reads as dates. A column whose
 * order no value settles (`01/04/2024` only) stays text: guessing would misread half the world's files.
 */
export function textCells(cells: readonly (string | null)[]): (string | null)[] {
  // The first present cell settles most columns: one that is no date of either kind leaves the
  // column as it is, without a pass that trims every cell.
  const first = cells.find((cell) => cell !== null && !MISSING_MARKERS.has(cell.trim()));
  if (first === undefined || first === null) return [...cells];
  if (!ISO_DATE_OR_TIME.test(first.trim()) && !isNumericDate(first.trim())) return [...cells];
  const present: string[] = [];
  for (const cell of cells) {
    if (cell === null || MISSING_MARKERS.has(cell.trim())) continue;
    present.push(cell.trim());
  }
  if (present.length === 0) return [...cells];
  const missingAsNull = (cell: string | null) =>
    cell === null || MISSING_MARKERS.has(cell.trim()) ? null : cell;
  if (present.every((cell) => ISO_DATE_OR_TIME.test(cell))) return cells.map(missingAsNull);
  if (!isNumericDate(present[0]!)) return [...cells];
  const order = numericDateOrder(present);
  if (order === null || order === 'ambiguous') return [...cells];
  return cells.map((cell) => {
    const kept = missingAsNull(cell);
    return kept === null ? null : isoFromNumericDate(kept.trim(), order);
  });
}

/**
 * Types a column of text cells: numbers if every present cell is a number (the markers NA, N/A,
 * NaN, null, None and the empty string count as missing there, and in a column of ISO dates),
 * text otherwise. A column holding a
 * code-like number ({@link isCodeLikeNumber}) stays text, so no value changes on the way in.
 * @example parseTextColumn(['1', 'NA', '2.5']) // { type: 'number', values: [1, null, 2.5] }
 * @example parseTextColumn(['02134', '90210']) // { type: 'string', values: ['02134', '90210'] }
 * @example parseTextColumn(['29,85', '1889,5'], { decimalComma: true }) // { type: 'number', values: [29.85, 1889.5] }
 */
export function parseTextColumn(
  cells: readonly (string | null)[],
  options: ParseTextOptions = {},
): ParsedColumn {
  let numbers = 0;
  let commas = 0;
  let grouped = 0;
  // In a decimal-comma file `1.234` is ambiguous (a thousand, or one and a bit); it is read as
  // grouped only where the column also holds an unambiguous grouped number (`1.234,5`, `1.234.567`).
  const groupedPattern = options.decimalComma ? DOT_GROUPED : COMMA_GROUPED;
  let unambiguousGroups = false;
  for (const cell of cells) {
    if (cell === null) continue;
    const text = cell.trim();
    if (MISSING_MARKERS.has(text)) continue;
    if (options.decimalComma && DECIMAL_COMMA_NUMBER.test(text)) commas++;
    else if (groupedPattern.test(text)) {
      grouped++;
      if (!options.decimalComma || /,|\..*\./.test(text)) unambiguousGroups = true;
    } else if (isTextCell(text, options.decimalComma === true))
      return { type: 'string', values: textCells(cells) };
    numbers++;
  }
  // A column of nothing but missing markers is text: there is no number to say it is numeric.
  if (numbers === 0 && cells.some((cell) => cell !== null))
    return { type: 'string', values: textCells(cells) };
  const readGroups = grouped > 0 && unambiguousGroups;
  const toNumber = (text: string) => {
    if (readGroups && groupedPattern.test(text)) {
      const plain = options.decimalComma
        ? text.replaceAll('.', '').replace(',', '.')
        : text.replaceAll(',', '');
      return Number(plain);
    }
    return Number(commas > 0 ? text.replace(',', '.') : text);
  };
  return {
    type: 'number',
    values: cells.map((cell) =>
      cell === null || MISSING_MARKERS.has(cell.trim()) ? null : toNumber(cell.trim()),
    ),
  };
}
