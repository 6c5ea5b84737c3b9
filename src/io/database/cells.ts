/**
 * Record batches as columns of plain cells, the form every database writer encodes from. Dates and
 * timestamps are epoch milliseconds (as Arrow hands them over); a missing value is null.
 */
import { DataType, type RecordBatch, type Vector } from 'apache-arrow';

export type Cell = number | bigint | string | boolean | null;

/** Rows [0, rowCount) of a table being written, one array of cells per written column. */
export interface RowBlock {
  readonly rowCount: number;
  readonly columns: Cell[][];
}

/**
 * One column's cells. Dictionary columns look their strings up once per category rather than through
 * Arrow's per-row `get`, which dominates the cost of a wide categorical table.
 */
export function cellsOf(vector: Vector): Cell[] {
  const length = vector.length;
  const out = new Array<Cell>(length);
  const type = vector.type as DataType;
  if (vector.data.length !== 1) return cellsByGet(vector, out);
  const data = vector.data[0]!;
  const { offset } = data;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  const missing = (i: number) =>
    bitmap !== null && bitmap !== undefined && ((bitmap[(i + offset) >> 3]! >> ((i + offset) & 7)) & 1) === 0;
  // A slice's value buffers start at its first row, but its validity bitmap and boolean bits are
  // shared with the whole and read at `offset` (apache-arrow's Data._sliceBuffers).
  // Arrow's per-row `get` costs ~0.2 µs a cell; reading the buffers directly is what makes a wide table
  // cheap to convert (a hot loop, so by hand).
  if (DataType.isDictionary(type)) {
    const words = (data.dictionary as Vector).toArray() as string[];
    const indices = data.values as ArrayLike<number>;
    for (let i = 0; i < length; i++) out[i] = missing(i) ? null : (words[indices[i]!] as string);
    return out;
  }
  if (DataType.isFloat(type) || (DataType.isInt(type) && type.bitWidth <= 32)) {
    const values = data.values as ArrayLike<number>;
    for (let i = 0; i < length; i++) out[i] = missing(i) ? null : (values[i] as number);
    return out;
  }
  if (DataType.isBool(type)) {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < length; i++) {
      const at = i + offset;
      out[i] = missing(i) ? null : ((bits[at >> 3]! >> (at & 7)) & 1) === 1;
    }
    return out;
  }
  if (DataType.isDate(type) && (type as DataType & { unit: number }).unit === 0) {
    const days = data.values as Int32Array;
    for (let i = 0; i < length; i++) out[i] = missing(i) ? null : (days[i] as number) * 86_400_000;
    return out;
  }
  return cellsByGet(vector, out);
}

function cellsByGet(vector: Vector, out: Cell[]): Cell[] {
  for (let i = 0; i < out.length; i++) {
    const value = vector.get(i) as Cell | Date | undefined;
    out[i] = value === undefined || value === null ? null : value instanceof Date ? value.getTime() : value;
  }
  return out;
}

/** Every column of a batch, in field order. */
export function cellColumnsOf(batch: RecordBatch): Cell[][] {
  return batch.schema.fields.map((_, i) => cellsOf(batch.getChildAt(i) as Vector));
}

/** Rows per slice of {@link slicesOf}. */
const SLICE_ROWS = 8192;

/** A block cut into blocks of at most SLICE_ROWS rows (the cell arrays are copied, not the cells). */
export function* slicesOf(block: RowBlock): Generator<RowBlock> {
  if (block.rowCount <= SLICE_ROWS) {
    yield block;
    return;
  }
  for (let start = 0; start < block.rowCount; start += SLICE_ROWS) {
    const end = Math.min(block.rowCount, start + SLICE_ROWS);
    yield { rowCount: end - start, columns: block.columns.map((cells) => cells.slice(start, end)) };
  }
}
