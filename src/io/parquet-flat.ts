/**
 * The Parquet reader's fast path: a flat file of plain columns decoded in JavaScript straight into
 * whole-column Arrow buffers. Hand-written because it is the hot loop of reading Parquet: through
 * parquet-wasm a 1M-row telco file took 1.37 s (most of it compiling and running the WebAssembly,
 * then copying every batch out as IPC), against 0.34 s for reading its bytes (README, "Input
 * formats"). The Thrift structures (footer, page headers) and the RLE/bit-packed hybrid decoding
 * are hyparquet's.
 *
 * It decodes only what it can decode exactly as the parquet-wasm reader (read-parquet.ts) would:
 * a flat schema of REQUIRED or OPTIONAL columns; BOOLEAN, INT32 (plain or DATE), INT64 (plain or
 * TIMESTAMP in milliseconds), DOUBLE and UTF-8 BYTE_ARRAY; uncompressed or Snappy; data pages v1
 * or v2 with PLAIN or dictionary encoding. Anything else, and any file it cannot parse, returns
 * null and the caller reads the file through parquet-wasm, so every error message is that
 * reader's (test/io/parquet-flat.test.ts compares the two on the same files).
 */
import {
  Bool,
  type DataType,
  DateDay,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  type Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
} from 'apache-arrow';
import type { ColumnMetaData, FileMetaData, SchemaElement } from 'hyparquet';
import { parquetMetadata, snappyUncompress } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { ByteBuilder } from './byte-builder.js';
import { MAX_DICTIONARY } from './csv-column-builders.js';
import { dictionaryVector } from './csv-column-parts.js';
import { tableFromNamedVectors } from './table-from-columns.js';

/** A row group's text: indices (-1 missing) into its entries. */
interface DictionaryPart {
  readonly indices: Int8Array | Int16Array | Int32Array;
  readonly entryOffsets: Int32Array;
  readonly entryBytes: Uint8Array;
}

type FlatKind = 'bool' | 'int32' | 'date' | 'int64' | 'timestamp' | 'float64' | 'utf8';

/** The Arrow kind of a leaf column, or null when the column is outside the fast path. */
function flatKindOf(element: SchemaElement): FlatKind | null {
  if (element.num_children !== undefined) return null;
  if (element.repetition_type !== 'REQUIRED' && element.repetition_type !== 'OPTIONAL') return null;
  const converted = element.converted_type;
  const logical = element.logical_type;
  switch (element.type) {
    case 'BOOLEAN':
      return converted === undefined && logical === undefined ? 'bool' : null;
    case 'INT32':
      if (converted === undefined && logical === undefined) return 'int32';
      if (converted === 'DATE' || logical?.type === 'DATE') return 'date';
      if (logical?.type === 'INTEGER' && logical.bitWidth === 32 && logical.isSigned) return 'int32';
      return null;
    case 'INT64':
      if (converted === undefined && logical === undefined) return 'int64';
      if (logical?.type === 'INTEGER' && logical.bitWidth === 64 && logical.isSigned) return 'int64';
      if (logical?.type === 'TIMESTAMP') return logical.unit === 'MILLIS' ? 'timestamp' : null;
      return converted === 'TIMESTAMP_MILLIS' ? 'timestamp' : null;
    case 'DOUBLE':
      return converted === undefined && logical === undefined ? 'float64' : null;
    case 'BYTE_ARRAY':
      return converted === 'UTF8' || logical?.type === 'STRING' ? 'utf8' : null;
    default:
      return null;
  }
}

const ARROW_TYPE: Record<Exclude<FlatKind, 'utf8'>, () => DataType> = {
  bool: () => new Bool(),
  int32: () => new Int32(),
  date: () => new DateDay(),
  int64: () => new Int64(),
  timestamp: () => new TimestampMillisecond(),
  float64: () => new Float64(),
};

/** Bytes per value of the fixed-width kinds (booleans are bits, text has offsets). */
const WIDTH: Record<FlatKind, number> = {
  bool: 0,
  int32: 4,
  date: 4,
  int64: 8,
  timestamp: 8,
  float64: 8,
  utf8: 0,
};

/** Thrown inside the decoder for anything outside the fast path; the caller returns null. */
class Unsupported extends Error {}

/**
 * One column being filled, row group after row group. Text is kept as each row group's dictionary
 * (a part per row group, its plain-encoded values appended as entries of their own) and joined by
 * the CSV reader's dictionary merge (csv-column-parts.ts): a category column of a million rows
 * becomes a million small indices, not a million strings' bytes, because on the 2-core VM every
 * fresh page of memory costs more than decoding into it.
 */
class FlatColumn {
  /** Fixed-width values (bytes of an Int32/BigInt64/Float64 array) or, for booleans, the value bits. */
  readonly values: Uint8Array;
  /** One bit per row, set when the value is present. */
  readonly validity: Uint8Array;
  nullCount = 0;
  /** The current column chunk's fixed-width dictionary. */
  dictionary: Uint8Array | null = null;
  /** Whether the current column chunk has had its dictionary page, and its entries (text: the chunk's first entries). */
  hasDictionary = false;
  dictionaryCount = 0;
  /** Text only: the finished row groups, and the current one's indices (-1 missing) and entries. */
  readonly parts: DictionaryPart[] = [];
  chunkIndices: Int32Array = new Int32Array(0);
  scratchIndices: Int32Array = new Int32Array(0);
  chunkEntries: ByteBuilder = new ByteBuilder(0);
  chunkOffsets: number[] = [];
  chunkStart = 0;

  constructor(
    readonly kind: FlatKind,
    readonly rows: number,
  ) {
    this.validity = new Uint8Array((rows + 7) >> 3);
    this.values = new Uint8Array(kind === 'bool' ? (rows + 7) >> 3 : rows * WIDTH[kind]);
  }

  /** Starts a column chunk of `rows` rows from row `start`. */
  startChunk(start: number, rows: number, optional: boolean): void {
    this.chunkStart = start;
    this.dictionary = null;
    this.hasDictionary = false;
    this.dictionaryCount = 0;
    if (this.kind !== 'utf8') return;
    // One scratch array for every chunk's indices, narrowed when the chunk ends: a fresh 32-bit
    // array per chunk was a sixth of the read (fresh memory is dear on the 2-core VM).
    if (this.scratchIndices.length < rows) this.scratchIndices = new Int32Array(rows);
    this.chunkIndices = this.scratchIndices.subarray(0, rows);
    // -1 (missing) where no value lands; a REQUIRED column's every row gets one.
    if (optional) this.chunkIndices.fill(-1);
    this.chunkEntries = new ByteBuilder(1 << 12);
    this.chunkOffsets = [0];
  }

  endChunk(): void {
    if (this.kind !== 'utf8') return;
    const entries = this.chunkOffsets.length - 1;
    const Indices = entries <= 127 ? Int8Array : entries <= 32_767 ? Int16Array : Int32Array;
    const indices = new Indices(this.chunkIndices.length);
    indices.set(this.chunkIndices);
    this.parts.push({
      indices,
      entryOffsets: Int32Array.from(this.chunkOffsets),
      entryBytes: this.chunkEntries.take(),
    });
  }

  /** Appends a text entry to the current chunk; its index. */
  addEntry(bytes: Uint8Array, from: number, to: number): number {
    this.chunkEntries.append(bytes, from, to);
    this.chunkOffsets.push(this.chunkEntries.length);
    return this.chunkOffsets.length - 2;
  }

  vector(): Vector {
    const kind = this.kind;
    if (kind === 'utf8') return textFromParts(this.parts, this.rows);
    const type = ARROW_TYPE[kind]();
    const nullBitmap = this.nullCount > 0 ? this.validity : null;
    const buffer = this.values.buffer;
    const data =
      this.kind === 'float64'
        ? new Float64Array(buffer)
        : this.kind === 'int64' || this.kind === 'timestamp'
          ? new BigInt64Array(buffer)
          : this.kind === 'bool'
            ? this.values
            : new Int32Array(buffer);
    return makeVector(
      makeData({ type, length: this.rows, nullCount: this.nullCount, nullBitmap, data } as never),
    );
  }
}

/**
 * Most row groups' entries a text column may have for its dictionaries to be merged: the merge
 * looks each entry up in a Map, cheap for categories, but not for a million plain-encoded IDs.
 */
const MERGED_ENTRIES_LIMIT = 4 * MAX_DICTIONARY;

/**
 * A text column as Dictionary<Utf8> over its distinct values in first-seen order, as the CSV reader
 * gives text (csv-column-parts.ts merges the row groups' dictionaries), or plain Utf8 when it has
 * more than {@link MAX_DICTIONARY} distinct values or its row groups more than
 * {@link MERGED_ENTRIES_LIMIT} entries. A dictionary rather than parquet-wasm's plain Utf8 because
 * copying each row's bytes into fresh memory was 0.6 s of a 1.6 s read of a million telco rows
 * (11 text columns); the strings, and the missing values, are the same.
 */
function textFromParts(parts: readonly DictionaryPart[], rows: number): Vector {
  let entries = 0;
  for (const part of parts) entries += part.entryOffsets.length - 1;
  if (entries > MERGED_ENTRIES_LIMIT) return utf8FromParts(parts, rows);
  return dictionaryVector(
    parts.map((part) => ({ kind: 'dictionary', ...part })),
    rows,
  );
}

/**
 * Plain Utf8 from the row groups' dictionary parts, as parquet-wasm gives text (an empty string
 * present, not missing): the total length summed first, so the bytes are allocated once.
 */
function utf8FromParts(parts: readonly DictionaryPart[], rows: number): Vector {
  let total = 0;
  for (const { indices, entryOffsets } of parts) {
    for (let r = 0; r < indices.length; r++) {
      const entry = indices[r]!;
      if (entry >= 0) total += entryOffsets[entry + 1]! - entryOffsets[entry]!;
    }
  }
  const bytes = new Uint8Array(total);
  const offsets = new Int32Array(rows + 1);
  const validity = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  let row = 0;
  let at = 0;
  for (const { indices, entryOffsets, entryBytes } of parts) {
    for (let r = 0; r < indices.length; r++, row++) {
      const entry = indices[r]!;
      if (entry >= 0) {
        validity[row >> 3]! |= 1 << (row & 7);
        // Entries are short (categories): a loop copies them faster than `set`.
        const end = entryOffsets[entry + 1]!;
        for (let b = entryOffsets[entry]!; b < end; b++) bytes[at++] = entryBytes[b]!;
      } else {
        nullCount++;
      }
      offsets[row + 1] = at;
    }
  }
  return makeVector(
    makeData({
      type: new Utf8(),
      length: rows,
      valueOffsets: offsets,
      data: bytes,
      nullCount,
      nullBitmap: nullCount > 0 ? validity : null,
    }),
  );
}

const DECODER_VIEW = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The footer's metadata, parsed from a copy of the footer alone (the rest of the file is not touched). */
function footerOf(bytes: Uint8Array): FileMetaData {
  const n = bytes.length;
  if (n < 12) throw new Unsupported();
  const length = DECODER_VIEW(bytes).getUint32(n - 8, true);
  if (length + 12 > n) throw new Unsupported();
  return parquetMetadata(bytes.slice(n - 8 - length, n));
}

/** A page's data, uncompressed. */
function pageData(compressed: Uint8Array, codec: string, uncompressedSize: number): Uint8Array {
  if (codec === 'UNCOMPRESSED') return compressed;
  if (codec !== 'SNAPPY') throw new Unsupported();
  const out = new Uint8Array(uncompressedSize);
  snappyUncompress(compressed, out);
  return out;
}

/** Reads PLAIN values of a dictionary page into the column's dictionary. */
function readDictionary(column: FlatColumn, data: Uint8Array, count: number): void {
  if (column.hasDictionary) throw new Unsupported();
  column.hasDictionary = true;
  column.dictionaryCount = count;
  if (column.kind === 'utf8') {
    const view = DECODER_VIEW(data);
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 4 > data.length) throw new Unsupported();
      const length = view.getUint32(at, true);
      if (at + 4 + length > data.length) throw new Unsupported();
      column.addEntry(data, at + 4, at + 4 + length);
      at += 4 + length;
    }
  } else {
    if (column.kind === 'bool') throw new Unsupported();
    const width = WIDTH[column.kind];
    if (count * width > data.length) throw new Unsupported();
    column.dictionary = data.slice(0, count * width);
  }
}

/** Marks rows [row, row + count) present or missing from their definition levels (1 = present). */
function markValidity(column: FlatColumn, row: number, levels: Uint8Array | null, count: number): number {
  const validity = column.validity;
  if (levels === null) {
    // All present: whole bytes at once, the bits at either end one by one.
    let r = row;
    const end = row + count;
    for (; r < end && (r & 7) !== 0; r++) validity[r >> 3]! |= 1 << (r & 7);
    const wholeEnd = end & ~7;
    if (r < wholeEnd) {
      validity.fill(0xff, r >> 3, wholeEnd >> 3);
      r = wholeEnd;
    }
    for (; r < end; r++) validity[r >> 3]! |= 1 << (r & 7);
    return count;
  }
  let present = 0;
  for (let i = 0; i < count; i++) {
    const r = row + i;
    if (levels === null || levels[i] === 1) {
      validity[r >> 3]! |= 1 << (r & 7);
      present++;
    }
  }
  column.nullCount += count - present;
  return present;
}

/**
 * Writes `present` decoded values into rows [row, row + count), skipping the missing ones: value
 * `k` comes from `valueAt(k)` as the index of a fixed-width value in `source` (bytes of `width`).
 */
function scatterFixed(
  column: FlatColumn,
  row: number,
  count: number,
  levels: Uint8Array | null,
  source: Uint8Array,
  sourceStart: number,
  indices: Int32Array | null,
): void {
  const width = WIDTH[column.kind];
  const values = column.values;
  let k = 0;
  for (let i = 0; i < count; i++) {
    if (levels !== null && levels[i] !== 1) continue;
    const from = sourceStart + (indices === null ? k : indices[k]!) * width;
    if (from + width > source.length) throw new Unsupported();
    const to = (row + i) * width;
    for (let b = 0; b < width; b++) values[to + b] = source[from + b]!;
    k++;
  }
}

/** Decodes one data page's values (after its levels) into rows [row, row + count). */
function readValues(
  column: FlatColumn,
  data: Uint8Array,
  start: number,
  encoding: string,
  row: number,
  count: number,
  levels: Uint8Array | null,
  present: number,
): void {
  const kind = column.kind;
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    if (!column.hasDictionary) throw new Unsupported();
    const bitWidth = data[start]!;
    const local = row - column.chunkStart;
    // Text with nothing missing: the indices straight into the chunk's (its first entries are the dictionary's).
    const direct = kind === 'utf8' && levels === null;
    const indices = direct ? column.chunkIndices.subarray(local, local + count) : new Int32Array(present);
    if (bitWidth === 0) indices.fill(0);
    else if (present > 0) {
      const reader = { view: DECODER_VIEW(data), offset: start + 1 };
      readRleBitPackedHybrid(reader, bitWidth, indices, data.length - start - 1);
    }
    for (let k = 0; k < present; k++) {
      if (indices[k]! >>> 0 >= column.dictionaryCount) throw new Unsupported();
    }
    if (direct) return;
    if (kind === 'utf8') {
      const chunkIndices = column.chunkIndices;
      let k = 0;
      for (let i = 0; i < count; i++) {
        if (levels === null || levels[i] === 1) chunkIndices[local + i] = indices[k++]!;
      }
    } else {
      scatterFixed(column, row, count, levels, column.dictionary!, 0, indices);
    }
    return;
  }
  if (encoding === 'RLE' && kind === 'bool') {
    // Booleans as a length-prefixed RLE/bit-packed run of 1-bit values (what data pages v2 use).
    const bits = new Uint8Array(present);
    readRleBitPackedHybrid({ view: DECODER_VIEW(data), offset: start }, 1, bits);
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (levels !== null && levels[i] !== 1) continue;
      if (bits[k++] === 1) column.values[(row + i) >> 3]! |= 1 << ((row + i) & 7);
    }
    return;
  }
  if (encoding !== 'PLAIN') throw new Unsupported();
  if (kind === 'utf8') {
    const view = DECODER_VIEW(data);
    const chunkIndices = column.chunkIndices;
    const local = row - column.chunkStart;
    let at = start;
    for (let i = 0; i < count; i++) {
      if (levels === null || levels[i] === 1) {
        if (at + 4 > data.length) throw new Unsupported();
        const length = view.getUint32(at, true);
        at += 4;
        if (at + length > data.length) throw new Unsupported();
        chunkIndices[local + i] = column.addEntry(data, at, at + length);
        at += length;
      }
    }
  } else if (kind === 'bool') {
    if (start + ((present + 7) >> 3) > data.length) throw new Unsupported();
    if (levels === null && (row & 7) === 0) {
      // Bit-packed like Arrow's booleans: whole bytes copied, then the bits past the page's rows cleared.
      column.values.set(data.subarray(start, start + ((count + 7) >> 3)), row >> 3);
      if ((count & 7) !== 0) column.values[(row + count) >> 3]! &= (1 << (count & 7)) - 1;
      return;
    }
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (levels !== null && levels[i] !== 1) continue;
      if ((data[start + (k >> 3)]! >> (k & 7)) & 1) column.values[(row + i) >> 3]! |= 1 << ((row + i) & 7);
      k++;
    }
  } else if (levels === null) {
    // No missing values: the page's bytes are the column's, copied at once.
    const width = WIDTH[kind];
    if (start + count * width > data.length) throw new Unsupported();
    column.values.set(data.subarray(start, start + count * width), row * width);
  } else {
    scatterFixed(column, row, count, levels, data, start, null);
  }
}

/** Decodes one column chunk (a row group's column) into rows [row, row + rows). */
function readChunk(
  bytes: Uint8Array,
  meta: ColumnMetaData,
  column: FlatColumn,
  optional: boolean,
  row: number,
  rows: number,
): void {
  if (Number(meta.num_values) !== rows) throw new Unsupported();
  column.startChunk(row, rows, optional);
  const reader = {
    view: DECODER_VIEW(bytes),
    offset: Number(meta.dictionary_page_offset ?? meta.data_page_offset),
  };
  let done = 0;
  while (done < rows) {
    const header = parquetHeader(reader);
    const start = reader.offset;
    const end = start + header.compressed_page_size;
    if (end > bytes.length) throw new Unsupported();
    reader.offset = end;
    const compressed = bytes.subarray(start, end);
    if (header.type === 'DICTIONARY_PAGE') {
      const page = pageData(compressed, meta.codec, header.uncompressed_page_size);
      readDictionary(column, page, header.dictionary_page_header!.num_values);
    } else if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header!;
      const count = daph.num_values;
      if (count > rows - done) throw new Unsupported();
      const page = pageData(compressed, meta.codec, header.uncompressed_page_size);
      let at = 0;
      let levels: Uint8Array | null = null;
      if (optional) {
        if (daph.definition_level_encoding !== 'RLE') throw new Unsupported();
        levels = new Uint8Array(count);
        const levelReader = { view: DECODER_VIEW(page), offset: 0 };
        readRleBitPackedHybrid(levelReader, 1, levels);
        at = levelReader.offset;
      }
      const present = markValidity(column, row + done, levels, count);
      readValues(column, page, at, daph.encoding, row + done, count, levels, present);
      done += count;
    } else if (header.type === 'DATA_PAGE_V2') {
      const v2 = header.data_page_header_v2!;
      const count = v2.num_values;
      if (count > rows - done || v2.repetition_levels_byte_length !== 0) throw new Unsupported();
      const levelBytes = v2.definition_levels_byte_length;
      let levels: Uint8Array | null = null;
      if (optional) {
        levels = new Uint8Array(count);
        if (levelBytes > 0) {
          readRleBitPackedHybrid({ view: DECODER_VIEW(compressed), offset: 0 }, 1, levels, levelBytes);
        }
      } else if (levelBytes !== 0) throw new Unsupported();
      const body = compressed.subarray(levelBytes);
      const page = v2.is_compressed
        ? pageData(body, meta.codec, header.uncompressed_page_size - levelBytes)
        : body;
      const present = markValidity(column, row + done, levels, count);
      readValues(column, page, 0, v2.encoding, row + done, count, levels, present);
      done += count;
    } else {
      throw new Unsupported();
    }
  }
  column.endChunk();
}

/**
 * Reads a flat Parquet file of plain columns into an Arrow table, one buffer per column: the same
 * values as {@link readParquet}'s parquet-wasm path (types, missing values, NaN floats as missing;
 * text as Dictionary<Utf8> where that path gives plain Utf8, see textFromParts), or null when the file is outside the fast path (see the module comment). O(rows × columns).
 */
export function readFlatParquet(bytes: Uint8Array): Table | null {
  try {
    return decodeFlatParquet(bytes);
  } catch {
    // Outside the fast path, or damaged: parquet-wasm reads it, or names what is wrong.
    return null;
  }
}

function decodeFlatParquet(bytes: Uint8Array): Table | null {
  const metadata = footerOf(bytes);
  const [root, ...leaves] = metadata.schema;
  if (root === undefined || root.num_children !== leaves.length || leaves.length === 0) return null;
  const kinds = leaves.map(flatKindOf);
  if (kinds.some((kind) => kind === null)) return null;
  const rows = Number(metadata.num_rows);
  if (!Number.isSafeInteger(rows) || rows <= 0) return null;
  const columns = (kinds as FlatKind[]).map((kind) => new FlatColumn(kind, rows));
  let row = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    if (group.columns.length !== leaves.length || row + groupRows > rows) return null;
    group.columns.forEach((chunk, c) => {
      const meta = chunk.meta_data;
      if (meta === undefined || chunk.file_path !== undefined) throw new Unsupported();
      if (meta.path_in_schema.length !== 1 || meta.path_in_schema[0] !== leaves[c]!.name)
        throw new Unsupported();
      readChunk(bytes, meta, columns[c]!, leaves[c]!.repetition_type === 'OPTIONAL', row, groupRows);
    });
    row += groupRows;
  }
  if (row !== rows) return null;
  for (const column of columns) if (column.kind === 'float64') markNaNMissing(column);
  const names = leaves.map((leaf) => leaf.name);
  if (new Set(names).size !== names.length) return null;
  return tableFromNamedVectors(
    names,
    columns.map((column) => column.vector()),
  );
}

/** NaN is how pandas and polars spell a missing float: missing here too, as in read-parquet.ts. */
function markNaNMissing(column: FlatColumn): void {
  const values = new Float64Array(column.values.buffer);
  const validity = column.validity;
  for (let r = 0; r < column.rows; r++) {
    if (Number.isNaN(values[r]) && validity[r >> 3]! & (1 << (r & 7))) {
      validity[r >> 3]! &= ~(1 << (r & 7));
      column.nullCount++;
    }
  }
}
