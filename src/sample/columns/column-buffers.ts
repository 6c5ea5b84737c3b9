/**
 * The typed buffers one sampled column of one chunk is made of: plain data, so a worker can hand
 * them to the main thread by transfer (no copy), where they become Arrow `Data` without copying
 * either.
 */

/** Typed arrays a column's values may live in (see `arrow-schema.ts` for which kind uses which). */
export type ColumnValues = Float64Array | Int32Array | Int16Array | Int8Array | BigInt64Array | Uint8Array;

export interface ColumnBuffers {
  /**
   * Float64 numbers; Int32 integers and days; BigInt64 wide integers, timestamps and sequence ids;
   * Int8/16/32 dictionary indices; bit-packed Uint8 booleans; Uint8 UTF-8 bytes of strings.
   */
  readonly values: ColumnValues;
  /** Offsets into `values` for strings (n + 1 entries), null otherwise. */
  readonly offsets: Int32Array | null;
  /** Arrow validity bitmap (bit set = present), null when the column cannot be missing. */
  readonly validity: Uint8Array | null;
  readonly nullCount: number;
}

/** One sampled chunk: the rows [rowStart, rowStart + rowCount) of the output, column by column. */
export interface SampledChunk {
  readonly chunkIndex: number;
  readonly rowStart: number;
  readonly rowCount: number;
  readonly columns: readonly ColumnBuffers[];
}

/** Every ArrayBuffer a chunk owns, for a transfer list. */
export function transferListOf(chunk: SampledChunk): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of chunk.columns) {
    for (const view of [column.values, column.offsets, column.validity]) {
      if (view !== null) buffers.add(view.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

/**
 * The buffers of a chunk that a later chunk can be sampled into: all but strings' UTF-8 bytes,
 * whose size varies from chunk to chunk. Skips buffers already transferred away (detached).
 */
export function reusableBuffersOf(chunk: SampledChunk): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const column of chunk.columns) {
    for (const view of [column.offsets === null ? column.values : null, column.offsets, column.validity]) {
      if (view !== null && view.buffer.byteLength > 0) buffers.add(view.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

/** Bytes of a bitmap holding `rows` bits, as Arrow lays it out (one bit per row, LSB first). */
export function bitmapBytes(rows: number): number {
  return (rows + 7) >>> 3;
}

const TWO_32 = 4294967296;

/**
 * Writes x as a signed 64-bit integer into the little-endian Int32 pair view of a BigInt64Array.
 * Numbers, not BigInt, keep the hot loops free of allocation; exact for every integral |x| < 2^63.
 * Arrow buffers are little-endian, as is every platform Node runs on that Arrow JS supports.
 */
export function writeInt64(pairs: Int32Array, index: number, x: number): void {
  const high = Math.floor(x / TWO_32);
  pairs[2 * index] = (x - high * TWO_32) | 0;
  pairs[2 * index + 1] = high | 0;
}

/** The Int32 pair view of a BigInt64Array, for {@link writeInt64}. */
export function int64Pairs(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}
