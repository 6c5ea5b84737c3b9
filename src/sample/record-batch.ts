/**
 * Sampled column buffers → an Arrow RecordBatch, without copying: `makeData` wraps the typed arrays
 * as they arrived from the worker. Categorical columns point at the layout's one shared dictionary.
 */
import { type Data, type DataType, type Field, makeData, RecordBatch, Struct, Type } from 'apache-arrow';
import type { ArrowLayout } from './arrow-schema.js';
import type { ColumnBuffers, SampledChunk } from './columns/column-buffers.js';

function dataOf(
  field: Field,
  column: ColumnBuffers,
  length: number,
  layout: ArrowLayout,
  index: number,
): Data {
  const nulls =
    column.nullCount > 0 ? { nullCount: column.nullCount, nullBitmap: column.validity } : { nullCount: 0 };
  // makeData is overloaded per type; one dynamic call through a widened type keeps this to one place.
  const make = makeData as unknown as (props: Record<string, unknown>) => Data;
  const type: DataType = field.type;
  switch (type.typeId) {
    case Type.Dictionary:
      return make({ type, length, ...nulls, data: column.values, dictionary: layout.dictionaries[index] });
    case Type.Utf8:
      return make({ type, length, ...nulls, valueOffsets: column.offsets, data: column.values });
    default:
      return make({ type, length, ...nulls, data: column.values });
  }
}

/** The record batch of one sampled chunk under the layout's schema. */
export function recordBatchFromChunk(layout: ArrowLayout, chunk: SampledChunk): RecordBatch {
  const { fields } = layout.schema;
  const children = fields.map((field, i) =>
    dataOf(field, chunk.columns[i] as ColumnBuffers, chunk.rowCount, layout, i),
  );
  return new RecordBatch(
    layout.schema,
    makeData({ type: new Struct(fields), length: chunk.rowCount, nullCount: 0, children }),
  );
}

/** A batch of no rows under the layout's schema: what an empty shard writes, so its files carry the schema. */
export function emptyRecordBatch(layout: ArrowLayout): RecordBatch {
  const columns = layout.schema.fields.map(
    (): ColumnBuffers => ({
      values: new Uint8Array(0),
      offsets: new Int32Array(1),
      validity: null,
      nullCount: 0,
    }),
  );
  return recordBatchFromChunk(layout, { chunkIndex: 0, rowStart: 0, rowCount: 0, columns });
}
