/**
 * Parquet in, Arrow out. Decoding (pages, encodings, snappy/zstd/gzip/brotli/lz4) is hyparquet's and
 * hyparquet-compressors'; this module only maps each Parquet column to the Arrow type the other
 * readers use, so a table looks the same whatever file it came from.
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
  vectorFromArray,
} from 'apache-arrow';
import {
  type ColumnData,
  type FileMetaData,
  type ParquetParsers,
  parquetMetadata,
  parquetRead,
  parquetSchema,
  type SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DoppelError } from '../errors.js';
import { tableFromNamedVectors, validityBitmap } from './table-from-columns.js';

/** The Arrow type a Parquet column becomes. */
export type ParquetArrowType = 'bool' | 'int32' | 'int64' | 'float64' | 'date' | 'timestamp' | 'utf8';

/**
 * The Arrow type for one top-level Parquet column, from its physical and logical type.
 * Nested columns (lists, maps, structs) and types doppel has no kind for become JSON text, so a file
 * with one odd column still reads; the schema decides whether that column is used at all.
 */
export function arrowTypeOfParquetColumn(column: SchemaTree): ParquetArrowType {
  const { element } = column;
  if (column.children.length > 0 || element.repetition_type === 'REPEATED') return 'utf8';
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  if (converted === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16') return 'float64';
  if (converted === 'DATE' || logical === 'DATE') return 'date';
  if (
    converted === 'TIMESTAMP_MILLIS' ||
    converted === 'TIMESTAMP_MICROS' ||
    logical === 'TIMESTAMP' ||
    (element.type === 'INT96' && converted === undefined)
  ) {
    return 'timestamp';
  }
  switch (element.type) {
    case 'BOOLEAN':
      return 'bool';
    case 'INT32':
      // An unsigned 32-bit value can exceed Int32; Int64 holds it exactly.
      return converted === 'UINT_32' ? 'int64' : 'int32';
    case 'INT64':
      // Unsigned 64-bit values above 2^63 do not fit Int64; a double keeps their magnitude.
      return converted === 'UINT_64' ? 'float64' : 'int64';
    case 'FLOAT':
    case 'DOUBLE':
      return 'float64';
    default:
      return 'utf8';
  }
}

/**
 * Temporal values as plain numbers (epoch milliseconds, epoch days) instead of Date objects, which
 * is what the Arrow vectors below store. Sub-millisecond precision is dropped: doppel models
 * timestamps in milliseconds.
 */
const NUMERIC_TEMPORAL_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => Number(millis),
  timestampFromMicroseconds: (micros) => Number(micros / 1000n),
  timestampFromNanoseconds: (nanos) => Number(nanos / 1000000n),
  dateFromDays: (days) => days,
};

function isMissing(value: unknown): boolean {
  // NaN is how pandas and polars spell a missing float; the other readers have no NaN either.
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/** Fixed-width Arrow data from one column's values, with a validity bitmap when some are missing. */
function fixedWidthVector(
  type: DataType,
  data: Int32Array | BigInt64Array | Float64Array,
  values: readonly unknown[],
): Vector {
  const { bitmap, nullCount } = validityBitmap(values.length, (i) => !isMissing(values[i]));
  return makeVector(
    makeData({
      type,
      length: values.length,
      data,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    } as never),
  );
}

function textOf(value: unknown): string | null {
  if (isMissing(value)) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'object') {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return String(value);
}

/** One column's values (already in row order, missing as null/undefined) as an Arrow vector. */
export function vectorFromParquetValues(type: ParquetArrowType, values: readonly unknown[]): Vector {
  const n = values.length;
  switch (type) {
    case 'bool':
      return vectorFromArray(
        values.map((v) => (isMissing(v) ? null : Boolean(v))),
        new Bool(),
      );
    case 'utf8':
      return vectorFromArray(values.map(textOf), new Utf8());
    case 'int32':
    case 'date': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = isMissing(values[i]) ? 0 : Number(values[i]);
      return fixedWidthVector(type === 'date' ? new DateDay() : new Int32(), data, values);
    }
    case 'int64':
    case 'timestamp': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        data[i] = isMissing(v) ? 0n : typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
      }
      return fixedWidthVector(type === 'timestamp' ? new TimestampMillisecond() : new Int64(), data, values);
    }
    case 'float64': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = isMissing(values[i]) ? Number.NaN : Number(values[i]);
      return fixedWidthVector(new Float64(), data, values);
    }
  }
}

function malformed(source: string): DoppelError {
  return new DoppelError(
    'malformed-input',
    `cannot read ${source}: it is not a readable Parquet file (damaged, truncated or encrypted)`,
  );
}

/**
 * Reads a whole Parquet file into an Arrow table: BOOLEAN → Bool, INT32 → Int32, INT64 → Int64,
 * FLOAT/DOUBLE/DECIMAL → Float64, DATE → Date (days), TIMESTAMP/INT96 → Timestamp (ms), strings and
 * everything else → Utf8 (nested values as JSON). NaN floats are missing values. All compression
 * codecs of the format are supported.
 * @see https://parquet.apache.org/docs/file-format/types/ for the Parquet type system.
 * @throws DoppelError `malformed-input` when the bytes are not a readable Parquet file.
 */
export async function readParquet(bytes: Uint8Array, source: string): Promise<Table> {
  // hyparquet reads from an ArrayBuffer; copy out of Node's shared Buffer pool when needed.
  const file =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch {
    throw malformed(source);
  }
  const rowCount = Number(metadata.num_rows);
  const columns = parquetSchema(metadata).children;
  const values = columns.map(() => new Array<unknown>(rowCount));
  const indexByName = new Map(columns.map((column, index) => [column.element.name, index]));
  try {
    await parquetRead({
      file,
      metadata,
      compressors,
      parsers: NUMERIC_TEMPORAL_PARSERS,
      onChunk: ({ columnName, columnData, rowStart }: ColumnData) => {
        const target = values[indexByName.get(columnName)!]!;
        for (let i = 0; i < columnData.length; i++) target[rowStart + i] = columnData[i];
      },
    });
  } catch {
    throw malformed(source);
  }
  return tableFromNamedVectors(
    columns.map((column) => column.element.name),
    columns.map((column, index) => vectorFromParquetValues(arrowTypeOfParquetColumn(column), values[index]!)),
  );
}
