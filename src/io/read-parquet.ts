/**
 * Parquet in, Arrow out. Decoding (pages, encodings, snappy/zstd/gzip/brotli/lz4) is parquet-wasm's;
 * this module only maps each column to the Arrow type the other readers use, so a table looks the
 * same whatever file it came from.
 */
import {
  Bool,
  type DataType,
  DateDay,
  DateUnit,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  Precision,
  Table,
  TimestampMillisecond,
  Type,
  tableFromIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { readFlatParquet } from './parquet-flat.js';
import { validityBitmap } from './table-from-columns.js';

/** The Arrow types a Parquet column becomes. */
export type ParquetArrowType = 'bool' | 'int32' | 'int64' | 'float64' | 'date' | 'timestamp' | 'utf8';

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

function malformed(source: string, where = ''): DoppelError {
  return new DoppelError(
    'malformed-input',
    `cannot read ${source}: it is not a readable Parquet file (damaged, truncated or encrypted)${where}`,
  );
}

type ParquetWasm = typeof import('parquet-wasm');
let parquetWasm: Promise<ParquetWasm> | null = null;

/** parquet-wasm loads (and compiles its WebAssembly) only when a Parquet file is read. */
function loadParquetWasm(): Promise<ParquetWasm> {
  parquetWasm ??= import('parquet-wasm');
  return parquetWasm;
}

/** Every value of a vector through `get` (missing as null), for the conversions below. */
function valuesOf(vector: Vector): unknown[] {
  return Array.from({ length: vector.length }, (_, i) => vector.get(i));
}

/**
 * One column as the Arrow type the other readers give it (see {@link arrowTypeOfParquetColumn}):
 * Utf8, Bool, Int32, Int64, Float64 and DateDay columns as parquet-wasm made them (no copy), with
 * NaN floats made missing; narrow and unsigned integers, other float widths, decimals, timestamps
 * of any unit and everything else (dictionaries, large strings, lists, structs) converted.
 */
function normalisedVector(vector: Vector): Vector {
  const type = vector.type as DataType;
  switch (type.typeId) {
    case Type.Utf8:
    case Type.Bool:
      return vector;
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      if (isSigned && (bitWidth === 32 || bitWidth === 64)) return vector;
      if (bitWidth < 32) return vectorFromParquetValues('int32', valuesOf(vector));
      return vectorFromParquetValues(bitWidth === 32 ? 'int64' : 'float64', valuesOf(vector));
    }
    case Type.Float: {
      if ((type as unknown as { precision: number }).precision === Precision.DOUBLE && !hasNaN(vector)) {
        return vector;
      }
      return vectorFromParquetValues('float64', valuesOf(vector));
    }
    case Type.Decimal:
      return vectorFromParquetValues(
        'float64',
        valuesOf(vector).map((v) => (v === null ? null : Number(v))),
      );
    case Type.Date:
      return (type as unknown as { unit: number }).unit === DateUnit.DAY
        ? vector
        : vectorFromParquetValues(
            'date',
            valuesOf(vector).map((v) => (v === null ? null : Math.floor(Number(v) / 86_400_000))),
          );
    case Type.Timestamp:
      // Arrow JS reads a timestamp of any unit as epoch milliseconds.
      return vectorFromParquetValues(
        'timestamp',
        valuesOf(vector).map((v) => (v === null ? null : Math.floor(Number(v)))),
      );
    default:
      return vectorFromParquetValues('utf8', valuesOf(vector));
  }
}

function hasNaN(vector: Vector): boolean {
  for (const data of vector.data) {
    const values = data.values as Float64Array;
    for (let i = 0; i < data.length; i++) if (Number.isNaN(values[i])) return true;
  }
  return false;
}

/**
 * The file's row groups: where each ends (rows from the start). A Blob is read by parquet-wasm in
 * slices (a file-backed one from `fs.openAsBlob` never holds the file in memory); bytes are wrapped
 * in one (which copies them).
 */
async function openParquet(
  data: Uint8Array | Blob,
  source: string,
): Promise<{ file: import('parquet-wasm').ParquetFile; groupEnds: number[] }> {
  const wasm = await loadParquetWasm();
  const blob = data instanceof Blob ? data : new Blob([data]);
  try {
    const file = await wasm.ParquetFile.fromFile(blob);
    let total = 0;
    const groupEnds = file
      .metadata()
      .rowGroups()
      .map((group: import('parquet-wasm').RowGroupMetaData) => {
        total += group.numRows();
        return total;
      });
    return { file, groupEnds };
  } catch {
    throw malformed(
      source,
      `: its footer, at the end of its ${blob.size.toLocaleString('en-US')} bytes, cannot be read`,
    );
  }
}

/**
 * The number of rows a Parquet file holds, from its footer (nothing decoded).
 * @throws DoppelError `malformed-input` when the footer cannot be read.
 */
export async function parquetRowCount(data: Uint8Array | Blob, source: string): Promise<number> {
  const { file, groupEnds } = await openParquet(data, source);
  file.free();
  return groupEnds.at(-1) ?? 0;
}

/** Rows per batch: short calls into WebAssembly (V8 optimises its code between calls, not within one), bounded memory. */
const BATCH_ROWS = 1 << 16;

/**
 * A Parquet file as Arrow tables of at most 65,536 rows each, in file order, every column
 * normalised as {@link readParquet} does: what a reader that does not hold the whole file takes.
 * Holds one batch at a time, and the file's bytes only when given bytes: a Blob (`fs.openAsBlob`)
 * is read a row group's slices at a time.
 * @throws DoppelError `malformed-input`: the footer cannot be read (a truncated file), or a row
 * group cannot be decoded (named by its number and first row).
 */
export async function* readParquetBatches(data: Uint8Array | Blob, source: string): AsyncGenerator<Table> {
  const { file, groupEnds } = await openParquet(data, source);
  let rows = 0;
  let stream: ReadableStream;
  try {
    stream = await file.stream({ batchSize: BATCH_ROWS });
  } catch {
    throw malformed(source);
  }
  const reader = stream.getReader();
  for (;;) {
    let table: Table;
    try {
      const next = await reader.read();
      if (next.done) break;
      table = tableFromIPC((next.value as { intoIPCStream(): Uint8Array }).intoIPCStream());
    } catch {
      const group = groupEnds.findIndex((end) => end > rows);
      const at = group === -1 ? groupEnds.length - 1 : group;
      throw malformed(
        source,
        `: row group ${at + 1} of ${groupEnds.length} (from row ${((groupEnds[at - 1] ?? 0) + 1).toLocaleString('en-US')}) cannot be decoded`,
      );
    }
    rows += table.numRows;
    yield normalisedTable(table);
  }
}

/** Every column as the Arrow type the other readers give it. Column names are data: a null-prototype object. */
function normalisedTable(table: Table): Table {
  const vectors: Record<string, Vector> = Object.create(null);
  table.schema.fields.forEach((field, index) => {
    vectors[field.name] = normalisedVector(table.getChildAt(index)!);
  });
  return new Table(vectors);
}

/**
 * Reads a whole Parquet file into an Arrow table: BOOLEAN → Bool, INT32 → Int32, INT64 → Int64,
 * FLOAT/DOUBLE/DECIMAL → Float64, DATE → Date (days), TIMESTAMP/INT96 → Timestamp (ms), strings and
 * everything else → Utf8 (nested values as JSON). NaN floats are missing values. All compression
 * codecs of the format are supported. A flat file of plain columns is decoded in JavaScript
 * (parquet-flat.ts, about 4× faster on a million rows); any other is parquet-wasm's (the Rust
 * arrow-rs reader), straight into Arrow, in batches ({@link readParquetBatches}): one call over a
 * million rows ran in V8's baseline WebAssembly code and grew the WebAssembly memory to 700 MB.
 * @see https://parquet.apache.org/docs/file-format/types/ for the Parquet type system.
 * @throws DoppelError `malformed-input` when the bytes are not a readable Parquet file.
 */
export async function readParquet(bytes: Uint8Array, source: string): Promise<Table> {
  return readFlatParquet(bytes) ?? (await readParquetWithWasm(bytes, source));
}

/**
 * {@link readParquet} through parquet-wasm alone: every file the fast path (parquet-flat.ts) does
 * not take, and the reference the fast path is tested against.
 * @throws DoppelError `malformed-input` when the bytes are not a readable Parquet file.
 */
export async function readParquetWithWasm(bytes: Uint8Array, source: string): Promise<Table> {
  const batches: Table[] = [];
  for await (const batch of readParquetBatches(bytes, source)) batches.push(batch);
  if (batches.length === 0) {
    // No rows: the columns as the file's schema gives them, through the one-call reader.
    const wasm = await loadParquetWasm();
    try {
      return normalisedTable(tableFromIPC(wasm.readParquet(bytes).intoIPCStream()));
    } catch {
      throw malformed(source);
    }
  }
  const first = batches[0]!;
  const vectors: Record<string, Vector> = Object.create(null);
  first.schema.fields.forEach((field, index) => {
    vectors[field.name] = first
      .getChildAt(index)!
      .concat(...batches.slice(1).map((b) => b.getChildAt(index)!));
  });
  return new Table(vectors);
}
