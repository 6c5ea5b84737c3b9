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
  if (DataType.isDictionary(type) && vector.data.length === 1) {
    const data = vector.data[0]!;
    const words = (data.dictionary as Vector).toArray() as string[];
    const indices = data.values as ArrayLike<number>;
    const nulls = data.nullCount > 0;
    for (let i = 0; i < length; i++)
      out[i] = nulls && !vector.isValid(i) ? null : (words[indices[i]!] as string);
    return out;
  }
  for (let i = 0; i < length; i++) {
    const value = vector.get(i) as Cell | Date | undefined;
    out[i] = value === undefined || value === null ? null : value instanceof Date ? value.getTime() : value;
  }
  return out;
}

/** Every column of a batch, in field order. */
export function cellColumnsOf(batch: RecordBatch): Cell[][] {
  return batch.schema.fields.map((_, i) => cellsOf(batch.getChildAt(i) as Vector));
}
