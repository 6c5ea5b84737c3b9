/**
 * Parquet from Arrow record batches: one row group per batch, encoded straight from the batch's
 * buffers, so it can run inside the sample workers and only the bytes travel.
 *
 * Hand-written value encoding because it is the hot loop of sampling into Parquet: hyparquet-writer
 * over JS arrays took ~3 s per million telco rows and parquet-wasm ~2.5 s, both on one thread
 * (README, "Output formats"); Arrow's own buffers are already Parquet's PLAIN layout for numbers and
 * booleans, and its validity bitmap is a bit-packed definition-level run, so encoding is mostly
 * copying. The Thrift structures (page headers, file footer) are hyparquet-writer's. Readers:
 * parquet-wasm (doppel's own reader) and polars read the files back equal to the Arrow rows
 * (test/io/encode-parquet.test.ts), hyparquet too (test/cli/sample-shards-formats.test.ts).
 *
 * Layout, per column chunk: data page v1, uncompressed; nullable columns OPTIONAL with definition
 * levels as one bit-packed run; categorical (dictionary) columns dictionary-encoded (PLAIN
 * dictionary page, RLE_DICTIONARY indices bit-packed); dates DATE, timestamps TIMESTAMP(MILLIS, UTC).
 */
import { type Data, DataType, type RecordBatch, type Schema, Type } from 'apache-arrow';
import type {
  ColumnChunk,
  ConvertedType,
  Encoding,
  FileMetaData,
  LogicalType,
  ParquetType,
  SchemaElement,
} from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { ByteBuilder } from './byte-builder.js';

/** "PAR1", which opens and closes every Parquet file. */
export const PARQUET_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** One encoded row group: its bytes and its column chunks' metadata, offsets relative to `bytes`. */
export interface EncodedRowGroup {
  readonly bytes: Uint8Array;
  readonly rows: number;
  readonly columns: ColumnChunk[];
}

interface ParquetColumnType {
  readonly type: ParquetType;
  readonly converted?: ConvertedType;
  readonly logical?: LogicalType;
}

function parquetTypeOf(type: DataType): ParquetColumnType {
  switch (type.typeId) {
    case Type.Dictionary:
    case Type.Utf8:
      return { type: 'BYTE_ARRAY', converted: 'UTF8', logical: { type: 'STRING' } };
    case Type.Bool:
      return { type: 'BOOLEAN' };
    case Type.Date:
      return { type: 'INT32', converted: 'DATE', logical: { type: 'DATE' } };
    case Type.Timestamp:
      return {
        type: 'INT64',
        converted: 'TIMESTAMP_MILLIS',
        logical: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case Type.Int: {
      // Sampled and read integers are 32 or 64 bits wide; narrower ones would need widening.
      const { bitWidth } = type as unknown as { bitWidth: number };
      if (bitWidth === 32) return { type: 'INT32' };
      if (bitWidth === 64) return { type: 'INT64' };
      throw new Error(`encodeParquet: no Parquet form for Arrow type ${type}`);
    }
    case Type.Float:
      return { type: 'DOUBLE' };
    default:
      throw new Error(`encodeParquet: no Parquet form for Arrow type ${type}`);
  }
}

/** The Parquet schema of an Arrow schema (flat: one leaf per field). */
export function parquetSchemaOf(schema: Schema): SchemaElement[] {
  return [
    { name: 'schema', num_children: schema.fields.length },
    ...schema.fields.map((field): SchemaElement => {
      const { type, converted, logical } = parquetTypeOf(field.type);
      return {
        name: field.name,
        type,
        repetition_type: field.nullable ? 'OPTIONAL' : 'REQUIRED',
        ...(converted !== undefined ? { converted_type: converted } : {}),
        ...(logical !== undefined ? { logical_type: logical } : {}),
      };
    }),
  ];
}

/** The `length` bits starting at bit `offset` of an Arrow bitmap, as a bitmap of their own. */
function alignedBits(bitmap: Uint8Array, offset: number, length: number): Uint8Array {
  const bytes = (length + 7) >>> 3;
  if ((offset & 7) === 0) return bitmap.subarray(offset >>> 3, (offset >>> 3) + bytes);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < length; i++) {
    const bit = offset + i;
    if ((bitmap[bit >>> 3]! >>> (bit & 7)) & 1) out[i >>> 3]! |= 1 << (i & 7);
  }
  return out;
}

function appendUint32(out: ByteBuilder, value: number): void {
  out.reserve(4);
  const b = out.bytes;
  const at = out.length;
  b[at] = value & 0xff;
  b[at + 1] = (value >>> 8) & 0xff;
  b[at + 2] = (value >>> 16) & 0xff;
  b[at + 3] = (value >>> 24) & 0xff;
  out.length += 4;
}

function appendVarint(out: ByteBuilder, value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.byte((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.byte(v);
}

/**
 * Values as one bit-packed run of Parquet's RLE/bit-packing hybrid: a header (groups of 8 << 1 | 1),
 * then each value's low `bitWidth` bits, LSB first. Padding values of the last group are 0.
 */
function appendBitPacked(out: ByteBuilder, values: ArrayLike<number>, count: number, bitWidth: number): void {
  const groups = (count + 7) >>> 3;
  appendVarint(out, (groups << 1) | 1);
  const bytes = groups * bitWidth;
  out.reserve(bytes);
  const b = out.bytes;
  const start = out.length;
  b.fill(0, start, start + bytes);
  if (bitWidth <= 24) {
    // A 32-bit accumulator: fewer than 8 pending bits plus at most 24 new ones never overflow it.
    let at = start;
    let pending = 0;
    let pendingBits = 0;
    for (let i = 0; i < count; i++) {
      pending |= (values[i]! & ((1 << bitWidth) - 1)) << pendingBits;
      pendingBits += bitWidth;
      while (pendingBits >= 8) {
        b[at++] = pending & 0xff;
        pending >>>= 8;
        pendingBits -= 8;
      }
    }
    if (pendingBits > 0) b[at] = pending & 0xff;
  } else {
    let bit = 0;
    for (let i = 0; i < count; i++) {
      let value = values[i]!;
      for (let w = 0; w < bitWidth; w++, bit++) {
        if (value & 1) b[start + (bit >>> 3)]! |= 1 << (bit & 7);
        value >>>= 1;
      }
    }
  }
  out.length = start + bytes;
}

/** Definition levels of a nullable column: a 4-byte length, then the validity bits as one run. */
function appendDefinitionLevels(out: ByteBuilder, data: Data, rows: number): void {
  const groups = (rows + 7) >>> 3;
  const header = new ByteBuilder(8);
  appendVarint(header, (groups << 1) | 1);
  appendUint32(out, header.length + groups);
  out.append(header.view());
  if (data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0) {
    out.append(alignedBits(data.nullBitmap, data.offset, rows));
  } else {
    out.reserve(groups);
    out.bytes.fill(0xff, out.length, out.length + groups);
    out.length += groups;
  }
}

function isPresent(data: Data, i: number): boolean {
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return true;
  const bit = data.offset + i;
  return ((data.nullBitmap[bit >>> 3]! >>> (bit & 7)) & 1) === 1;
}

/** Present values of a fixed-width column, PLAIN (little-endian, as Arrow holds them). */
function appendFixedWidth(out: ByteBuilder, data: Data, rows: number, width: number): void {
  const values = data.values as Int32Array | Float64Array | BigInt64Array;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, rows * width);
  if (data.nullCount === 0) {
    out.append(bytes);
    return;
  }
  for (let i = 0; i < rows; i++) if (isPresent(data, i)) out.append(bytes, i * width, (i + 1) * width);
}

/** Present booleans, PLAIN: bit-packed LSB first, which is Arrow's bitmap when none is missing. */
function appendBooleans(out: ByteBuilder, data: Data, rows: number): void {
  const bits = data.values as Uint8Array;
  if (data.nullCount === 0) {
    out.append(alignedBits(bits, data.offset, rows));
    return;
  }
  const packed = new Uint8Array((rows + 7) >>> 3);
  let n = 0;
  for (let i = 0; i < rows; i++) {
    if (!isPresent(data, i)) continue;
    const bit = data.offset + i;
    if ((bits[bit >>> 3]! >>> (bit & 7)) & 1) packed[n >>> 3]! |= 1 << (n & 7);
    n++;
  }
  out.append(packed.subarray(0, (n + 7) >>> 3));
}

/** Present strings, PLAIN: each as a 4-byte length and its UTF-8 bytes. */
function appendStrings(out: ByteBuilder, data: Data, rows: number): void {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  for (let i = 0; i < rows; i++) {
    if (!isPresent(data, i)) continue;
    appendUint32(out, offsets[i + 1]! - offsets[i]!);
    out.append(bytes, offsets[i]!, offsets[i + 1]!);
  }
}

/** Present dictionary indices: a bit-width byte, then the indices as one bit-packed run. */
function appendDictionaryIndices(out: ByteBuilder, data: Data, rows: number, entries: number): void {
  const bitWidth = Math.max(1, Math.ceil(Math.log2(Math.max(entries, 2))));
  out.byte(bitWidth);
  const indices = data.values as Int8Array | Int16Array | Int32Array;
  if (data.nullCount === 0) {
    appendBitPacked(out, indices, rows, bitWidth);
    return;
  }
  const present = new Int32Array(rows);
  let n = 0;
  for (let i = 0; i < rows; i++) if (isPresent(data, i)) present[n++] = indices[i]!;
  appendBitPacked(out, present, n, bitWidth);
}

/** The dictionary page body: every entry PLAIN (null entries, which Arrow allows, as empty text). */
function dictionaryPage(data: Data): { body: Uint8Array; entries: number } {
  const dictionary = data.dictionary!;
  const out = new ByteBuilder();
  const encoder = new TextEncoder();
  for (let k = 0; k < dictionary.length; k++) {
    const bytes = encoder.encode((dictionary.get(k) as string | null) ?? '');
    appendUint32(out, bytes.length);
    out.append(bytes);
  }
  return { body: out.view(), entries: dictionary.length };
}

function pageHeader(header: Parameters<typeof writePageHeader>[1]): Uint8Array {
  const writer = new ByteWriter(64);
  writePageHeader(writer, header);
  return new Uint8Array(writer.buffer, 0, writer.offset);
}

/** A column's page body is built here before its header (which holds its size) is written. */
const scratch = new ByteBuilder(1 << 20);

/**
 * Encodes a record batch as one Parquet row group (column chunks end to end, as they sit in the
 * file). Offsets in the metadata are relative to the start of `bytes`: {@link placeRowGroup} moves
 * them to where the group lands in the file. O(rows × columns), mostly copies.
 */
export function encodeRowGroup(batch: RecordBatch): EncodedRowGroup {
  const rows = batch.numRows;
  // Grows by doubling: a telco row group is ~1.6 MB for 65,536 rows.
  const out = new ByteBuilder(Math.max(1024, rows * batch.numCols * 2));
  const columns: ColumnChunk[] = [];
  batch.schema.fields.forEach((field, c) => {
    const data = batch.data.children[c]!;
    const { type } = parquetTypeOf(field.type);
    const start = out.length;
    const encodings: Encoding[] = [];
    let dictionaryOffset: bigint | undefined;
    let encoding: Encoding = 'PLAIN';
    const body = scratch;
    body.length = 0;
    if (field.nullable) appendDefinitionLevels(body, data, rows);
    if (DataType.isDictionary(field.type)) {
      const dictionary = dictionaryPage(data);
      dictionaryOffset = BigInt(start);
      out.append(
        pageHeader({
          type: 'DICTIONARY_PAGE',
          uncompressed_page_size: dictionary.body.length,
          compressed_page_size: dictionary.body.length,
          dictionary_page_header: { num_values: dictionary.entries, encoding: 'PLAIN' },
        }),
      );
      out.append(dictionary.body);
      encodings.push('PLAIN');
      encoding = 'RLE_DICTIONARY';
      appendDictionaryIndices(body, data, rows, dictionary.entries);
    } else {
      switch (field.type.typeId) {
        case Type.Utf8:
          appendStrings(body, data, rows);
          break;
        case Type.Bool:
          appendBooleans(body, data, rows);
          break;
        default:
          appendFixedWidth(body, data, rows, type === 'INT32' ? 4 : 8);
      }
    }
    encodings.push(encoding, 'RLE');
    const dataOffset = out.length;
    out.append(
      pageHeader({
        type: 'DATA_PAGE',
        uncompressed_page_size: body.length,
        compressed_page_size: body.length,
        data_page_header: {
          num_values: rows,
          encoding,
          definition_level_encoding: 'RLE',
          repetition_level_encoding: 'RLE',
        },
      }),
    );
    out.append(body.view());
    const size = BigInt(out.length - start);
    columns.push({
      file_offset: BigInt(start),
      meta_data: {
        type,
        encodings,
        path_in_schema: [field.name],
        codec: 'UNCOMPRESSED',
        num_values: BigInt(rows),
        total_uncompressed_size: size,
        total_compressed_size: size,
        data_page_offset: BigInt(dataOffset),
        ...(dictionaryOffset !== undefined ? { dictionary_page_offset: dictionaryOffset } : {}),
      },
    });
  });
  return { bytes: out.view(), rows, columns };
}

/** A row group's column chunks with their offsets moved to `fileOffset`, where its bytes land. */
export function placeRowGroup(group: EncodedRowGroup, fileOffset: number): ColumnChunk[] {
  const shift = BigInt(fileOffset);
  return group.columns.map((chunk) => {
    const meta = chunk.meta_data!;
    return {
      ...chunk,
      file_offset: chunk.file_offset + shift,
      meta_data: {
        ...meta,
        data_page_offset: meta.data_page_offset + shift,
        ...(meta.dictionary_page_offset !== undefined
          ? { dictionary_page_offset: meta.dictionary_page_offset + shift }
          : {}),
      },
    };
  });
}

/** A placed row group, as the footer lists it. */
export interface PlacedRowGroup {
  readonly rows: number;
  readonly columns: ColumnChunk[];
}

/**
 * The end of a Parquet file: the footer (FileMetaData, by hyparquet-writer's Thrift writer), its
 * length and the closing magic.
 */
export function parquetFooter(schema: Schema, groups: readonly PlacedRowGroup[]): Uint8Array {
  const writer = new ByteWriter(1024);
  const metadata = {
    version: 1,
    created_by: 'doppel',
    schema: parquetSchemaOf(schema),
    num_rows: BigInt(groups.reduce((sum, group) => sum + group.rows, 0)),
    row_groups: groups.map((group) => {
      const size = group.columns.reduce((sum, chunk) => sum + chunk.meta_data!.total_compressed_size, 0n);
      return { columns: group.columns, num_rows: BigInt(group.rows), total_byte_size: size };
    }),
  } as Omit<FileMetaData, 'metadata_length'>;
  writeMetadata(writer, metadata as FileMetaData);
  writer.appendUint32(0x31524150);
  return new Uint8Array(writer.buffer, 0, writer.offset);
}
