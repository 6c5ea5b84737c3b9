/**
 * A column's parts, one per byte range of the file (csv-range.ts), joined into one Arrow vector of
 * the type the whole-file reader (csv-columns.ts) gives: Float64 when every present cell is a
 * number, text otherwise — here a Dictionary<Utf8> of the distinct values in first-seen order, or
 * plain Utf8 when a part had too many distinct values for a dictionary.
 */
import {
  Dictionary,
  Float64,
  Int8,
  Int16,
  Int32,
  makeData,
  makeVector,
  Utf8,
  type Vector,
} from 'apache-arrow';
import { ByteBuilder } from './byte-builder.js';
import { type ColumnPart, MAX_DICTIONARY } from './csv-column-builders.js';
import { validityBitmap } from './table-from-columns.js';

type NumbersPart = Extract<ColumnPart, { kind: 'numbers' }>;
type TextPart = Exclude<ColumnPart, NumbersPart>;

function numbersVector(parts: readonly NumbersPart[]): Vector {
  const length = parts.reduce((sum, part) => sum + part.values.length, 0);
  const values = parts.length === 1 ? parts[0]!.values : new Float64Array(length);
  if (parts.length > 1) {
    let at = 0;
    for (const part of parts) {
      values.set(part.values, at);
      at += part.values.length;
    }
  }
  // Every NaN is a missing cell: a present number is never NaN ("NaN" is a missing marker).
  const { bitmap, nullCount } = validityOfNumbers(values);
  return makeVector(
    makeData({
      type: new Float64(),
      length,
      data: values,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

function rowsOf(part: ColumnPart): number {
  if (part.kind === 'numbers') return part.values.length;
  if (part.kind === 'dictionary') return part.indices.length;
  return part.offsets.length - 1;
}

/** The bytes of row `r` of a text part, appended to `out`; false for a null. */
function appendCell(part: TextPart, r: number, out: ByteBuilder): boolean {
  if (part.kind === 'plain') {
    const from = part.offsets[r]!;
    const to = part.offsets[r + 1]!;
    out.append(part.bytes, from, to);
    return to > from; // a present cell has at least one byte
  }
  const entry = part.indices[r]!;
  if (entry < 0) return false;
  out.append(part.entryBytes, part.entryOffsets[entry]!, part.entryOffsets[entry + 1]!);
  return true;
}

/** Plain Utf8 from parts (all-null numbers parts stand for nulls). */
function plainVector(parts: readonly ColumnPart[], length: number): Vector {
  const offsets = new Int32Array(length + 1);
  const valid = new Uint8Array(length);
  const out = new ByteBuilder(1 << 20);
  let row = 0;
  for (const part of parts) {
    const rows = rowsOf(part);
    for (let r = 0; r < rows; r++, row++) {
      if (part.kind !== 'numbers' && appendCell(part, r, out)) valid[row] = 1;
      offsets[row + 1] = out.length;
    }
  }
  const { bitmap, nullCount } = validityBitmap(length, (r) => valid[r] === 1);
  return makeVector(
    makeData({
      type: new Utf8(),
      length,
      valueOffsets: offsets,
      data: out.view(),
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/**
 * The validity bitmap of dictionary indices (-1 missing) and of numbers (NaN missing): loops of
 * their own rather than validityBitmap's callback, which every caller's callback makes
 * megamorphic — on a million-row file these bitmaps were a tenth of the join's time.
 */
function validityOfIndices(indices: Int8Array | Int16Array | Int32Array): {
  bitmap: Uint8Array;
  nullCount: number;
} {
  const length = indices.length;
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let r = 0; r < length; r++) {
    if (indices[r]! >= 0) bitmap[r >> 3]! |= 1 << (r & 7);
    else nullCount++;
  }
  return { bitmap, nullCount };
}

function validityOfNumbers(values: Float64Array): { bitmap: Uint8Array; nullCount: number } {
  const length = values.length;
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let r = 0; r < length; r++) {
    if (Number.isNaN(values[r]!)) nullCount++;
    else bitmap[r >> 3]! |= 1 << (r & 7);
  }
  return { bitmap, nullCount };
}

/**
 * One dictionary from dictionary parts: the first part's entries, then each later part's new ones;
 * indices as narrow as the merged dictionary allows, plain Utf8 past MAX_DICTIONARY values. Also
 * the Parquet reader's join of its row groups' dictionaries (parquet-flat.ts).
 */
export function dictionaryVector(parts: readonly ColumnPart[], length: number): Vector {
  const entryIndex = new Map<string, number>();
  const entries = new ByteBuilder(1 << 12);
  const entryOffsets: number[] = [0];
  const remaps: Int32Array[] = [];
  for (const part of parts) {
    if (part.kind !== 'dictionary') {
      remaps.push(new Int32Array(0));
      continue;
    }
    const count = part.entryOffsets.length - 1;
    const remap = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const from = part.entryOffsets[e]!;
      const to = part.entryOffsets[e + 1]!;
      // latin1 keeps every byte a distinct character: a key for the bytes, decoded or not.
      const key = Buffer.from(part.entryBytes.buffer, part.entryBytes.byteOffset + from, to - from).toString(
        'latin1',
      );
      let index = entryIndex.get(key);
      if (index === undefined) {
        index = entryOffsets.length - 1;
        entryIndex.set(key, index);
        entries.append(part.entryBytes, from, to);
        entryOffsets.push(entries.length);
      }
      remap[e] = index;
    }
    remaps.push(remap);
  }
  const count = entryOffsets.length - 1;
  // As one thread decides (csv-column-builders.ts): a dictionary only up to MAX_DICTIONARY values.
  if (count > MAX_DICTIONARY) return plainVector(parts, length);
  const indices =
    count <= 127 ? new Int8Array(length) : count <= 32_767 ? new Int16Array(length) : new Int32Array(length);
  let row = 0;
  parts.forEach((part, p) => {
    const rows = rowsOf(part);
    if (part.kind !== 'dictionary') {
      indices.fill(-1, row, row + rows);
      row += rows;
      return;
    }
    const remap = remaps[p]!;
    const source = part.indices;
    if (remap.every((index, entry) => index === entry)) {
      // The part's entries keep their numbers (always so for the first part): copied at once.
      indices.set(source, row);
      row += rows;
      return;
    }
    // Shifted by one so that -1 (missing) maps to -1 without a branch per row.
    const shifted = new Int32Array(remap.length + 1);
    shifted[0] = -1;
    shifted.set(remap, 1);
    for (let r = 0; r < rows; r++, row++) indices[row] = shifted[source[r]! + 1]!;
  });
  return dictionaryOf(indices, Int32Array.from(entryOffsets), entries.take());
}

/** A Dictionary<Utf8> vector over the given arrays, not copied; -1 indices are nulls. */
function dictionaryOf(
  indices: Int8Array | Int16Array | Int32Array,
  entryOffsets: Int32Array,
  entryBytes: Uint8Array,
): Vector {
  const length = indices.length;
  const { bitmap, nullCount } = validityOfIndices(indices);
  const dictionary = makeVector(
    makeData({
      type: new Utf8(),
      length: entryOffsets.length - 1,
      valueOffsets: entryOffsets,
      data: entryBytes,
      nullCount: 0,
    }),
  );
  const indexType =
    indices instanceof Int8Array ? new Int8() : indices instanceof Int16Array ? new Int16() : new Int32();
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), indexType),
      length,
      data: indices,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
      dictionary,
    }),
  );
}

/**
 * One column from its parts, in file order; null when they disagree in a way only the whole-file
 * reader settles (numbers in one part and text in another, missing markers in a column that is
 * text or has no number at all).
 */
export function vectorFromParts(parts: readonly ColumnPart[]): Vector | null {
  const length = parts.reduce((sum, part) => sum + rowsOf(part), 0);
  const numbers = parts.filter((part): part is NumbersPart => part.kind === 'numbers');
  if (numbers.length === parts.length) {
    if (!numbers.some((part) => part.decided) && numbers.some((part) => part.markers)) return null;
    return numbersVector(numbers);
  }
  if (numbers.some((part) => part.decided || part.markers)) return null;
  const only = parts[0]!;
  if (parts.length === 1 && only.kind === 'dictionary') {
    return dictionaryOf(only.indices, only.entryOffsets, only.entryBytes);
  }
  return parts.some((part) => part.kind === 'plain')
    ? plainVector(parts, length)
    : dictionaryVector(parts, length);
}
