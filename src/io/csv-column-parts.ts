/**
 * A column's parts, one per byte range of the file (csv-range.ts), joined into one Arrow vector of
 * one chunk per part (so a table read in two ranges has two record batches, each column split at
 * the same row; nothing is copied into one whole-column buffer), of the type the whole-file reader
 * (csv-columns.ts) gives: Float64 when every present cell is a
 * number, text otherwise — here a Dictionary<Utf8> of the distinct values in first-seen order, or
 * plain Utf8 when a part had too many distinct values for a dictionary.
 */
import { Dictionary, Float64, Int8, Int16, Int32, makeData, makeVector, Utf8, Vector } from 'apache-arrow';
import { ByteBuilder } from './byte-builder.js';
import { type ColumnPart, MAX_DICTIONARY } from './csv-column-builders.js';
import { validityBitmap } from './table-from-columns.js';

type NumbersPart = Extract<ColumnPart, { kind: 'numbers' }>;
type TextPart = Exclude<ColumnPart, NumbersPart>;

/**
 * Numbers as one chunk per part, over the parts' own arrays: concatenating them cost a fresh
 * Float64Array per column on the thread that joins, after the other thread was done.
 */
function numbersVector(parts: readonly NumbersPart[]): Vector {
  return new Vector(
    parts.map((part) => {
      // Every NaN is a missing cell: a present number is never NaN ("NaN" is a missing marker).
      const { bitmap, nullCount } = validityOfNumbers(part.values);
      return makeData({
        type: new Float64(),
        length: part.values.length,
        data: part.values,
        nullCount,
        nullBitmap: nullCount > 0 ? bitmap : null,
      });
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

/** What a column with no missing cell needs of a validity bitmap: none (nullBitmap is null then). */
const NO_NULLS = { bitmap: new Uint8Array(0), nullCount: 0 } as const;

/**
 * The validity bitmap of dictionary indices (-1 missing) and of numbers (NaN missing): loops of
 * their own rather than validityBitmap's callback, which every caller's callback makes
 * megamorphic — on a million-row file these bitmaps were a tenth of the join's time. A column
 * with no missing cell (most of them) is only read, up to its end: no bitmap is made and written.
 */
function validityOfIndices(indices: Int8Array | Int16Array | Int32Array): {
  bitmap: Uint8Array;
  nullCount: number;
} {
  const length = indices.length;
  let first = 0;
  while (first < length && indices[first]! >= 0) first++;
  if (first === length) return NO_NULLS;
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
  let first = 0;
  while (first < length && !Number.isNaN(values[first]!)) first++;
  if (first === length) return NO_NULLS;
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let r = 0; r < length; r++) {
    if (Number.isNaN(values[r]!)) nullCount++;
    else bitmap[r >> 3]! |= 1 << (r & 7);
  }
  return { bitmap, nullCount };
}

/** The parts' entries merged in first-seen order, and each part's entry numbers in the merge. */
function mergedEntries(parts: readonly ColumnPart[]): {
  entryOffsets: number[];
  entries: ByteBuilder;
  remaps: Int32Array[];
} {
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
  return { entryOffsets, entries, remaps };
}

type IndexArray = Int8Array | Int16Array | Int32Array;

/** The narrowest index array for a dictionary of `count` entries (-1 stays free for missing). */
function indexArrayFor(count: number): typeof Int8Array | typeof Int16Array | typeof Int32Array {
  return count <= 127 ? Int8Array : count <= 32_767 ? Int16Array : Int32Array;
}

/** `source`'s entry numbers through `remap` into `target` (which may be `source` itself). */
function remapIndices(source: IndexArray, remap: Int32Array, target: IndexArray): void {
  const rows = source.length;
  if (remap.every((index, entry) => index === entry)) {
    // The part's entries keep their numbers (always so for the first part).
    if (target !== source) target.set(source);
    return;
  }
  // Shifted by one so that -1 (missing) maps to -1 without a branch per row.
  const shifted = new Int32Array(remap.length + 1);
  shifted[0] = -1;
  shifted.set(remap, 1);
  for (let r = 0; r < rows; r++) target[r] = shifted[source[r]! + 1]!;
}

/**
 * One dictionary from dictionary parts: the first part's entries, then each later part's new ones;
 * indices as narrow as the merged dictionary allows, plain Utf8 past MAX_DICTIONARY values. One
 * chunk: the Parquet reader's join of its row groups' dictionaries (parquet-flat.ts).
 */
export function dictionaryVector(parts: readonly ColumnPart[], length: number): Vector {
  const { entryOffsets, entries, remaps } = mergedEntries(parts);
  const count = entryOffsets.length - 1;
  // As one thread decides (csv-column-builders.ts): a dictionary only up to MAX_DICTIONARY values.
  if (count > MAX_DICTIONARY) return plainVector(parts, length);
  const indices = new (indexArrayFor(count))(length);
  let row = 0;
  parts.forEach((part, p) => {
    const rows = rowsOf(part);
    if (part.kind !== 'dictionary') indices.fill(-1, row, row + rows);
    else remapIndices(part.indices, remaps[p]!, indices.subarray(row, row + rows));
    row += rows;
  });
  return dictionaryOf(indices, Int32Array.from(entryOffsets), entries.take());
}

/**
 * The byte ranges' text parts as one chunk per part sharing one merged dictionary (so one
 * Dictionary type and one dictionary for the whole column, as an Arrow file's batches have). Each
 * part's indices are renumbered in place when their width fits the merged dictionary: copying them
 * into one array for the whole column, on the joining thread after the other was done, was a
 * quarter of the join.
 */
function dictionaryChunks(parts: readonly ColumnPart[], length: number): Vector {
  const { entryOffsets, entries, remaps } = mergedEntries(parts);
  const count = entryOffsets.length - 1;
  if (count > MAX_DICTIONARY) return plainChunks(parts);
  const Indices = indexArrayFor(count);
  const type = new Dictionary(new Utf8(), new (indexTypeOf(Indices))());
  const dictionary = utf8Of(Int32Array.from(entryOffsets), entries.take());
  let rows = 0;
  const chunks = parts.map((part, p) => {
    let indices: IndexArray;
    if (part.kind !== 'dictionary') {
      indices = new Indices(rowsOf(part)).fill(-1);
    } else {
      indices = part.indices instanceof Indices ? part.indices : new Indices(part.indices.length);
      remapIndices(part.indices, remaps[p]!, indices);
    }
    rows += indices.length;
    const { bitmap, nullCount } = validityOfIndices(indices);
    return makeData({
      type,
      length: indices.length,
      data: indices,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
      dictionary,
    });
  });
  if (rows !== length) throw new Error('parts of unequal length');
  return new Vector(chunks);
}

/** Plain Utf8, one chunk per part. */
function plainChunks(parts: readonly ColumnPart[]): Vector {
  return new Vector(parts.flatMap((part) => plainVector([part], rowsOf(part)).data));
}

function indexTypeOf(Indices: ReturnType<typeof indexArrayFor>): typeof Int8 | typeof Int16 | typeof Int32 {
  return Indices === Int8Array ? Int8 : Indices === Int16Array ? Int16 : Int32;
}

function utf8Of(entryOffsets: Int32Array, entryBytes: Uint8Array): Vector {
  return makeVector(
    makeData({
      type: new Utf8(),
      length: entryOffsets.length - 1,
      valueOffsets: entryOffsets,
      data: entryBytes,
      nullCount: 0,
    }),
  );
}

/** A Dictionary<Utf8> vector over the given arrays, not copied; -1 indices are nulls. */
function dictionaryOf(
  indices: Int8Array | Int16Array | Int32Array,
  entryOffsets: Int32Array,
  entryBytes: Uint8Array,
): Vector {
  const length = indices.length;
  const { bitmap, nullCount } = validityOfIndices(indices);
  const dictionary = utf8Of(entryOffsets, entryBytes);
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
  return parts.some((part) => part.kind === 'plain') ? plainChunks(parts) : dictionaryChunks(parts, length);
}
