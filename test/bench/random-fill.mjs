// The floor no sampler can beat: writes an Arrow IPC file of the model's exact shape (same schema,
// same dictionaries, same 65,536-row batches, same atomic file sink as `doppel sample`), filled with
// plain random numbers on the main thread. Run by test/bench/run.ts from the built dist/.
//   node test/bench/random-fill.mjs MODEL ROWS OUT
import { readFileSync } from 'node:fs';
import { DataType, makeData, RecordBatch, Struct } from 'apache-arrow';
import { openOutputSink } from '../../dist/src/io/write-output.js';
import { parseModel } from '../../dist/src/model/load-model.js';
import { arrowLayoutFromModel } from '../../dist/src/sample/arrow-schema.js';
import { CHUNK_ROWS } from '../../dist/src/sample/plan.js';

const [modelPath, rowsText, out] = process.argv.slice(2);
const model = parseModel(JSON.parse(readFileSync(modelPath, 'utf8')));
const layout = arrowLayoutFromModel(model);
const rows = Number(rowsText);

function randomColumn(field, index, length) {
  const type = field.type;
  if (DataType.isDictionary(type)) {
    const dictionary = layout.dictionaries[index];
    const Indices = type.indices.ArrayType;
    const indices = new Indices(length);
    for (let i = 0; i < length; i++) indices[i] = Math.floor(Math.random() * dictionary.length);
    return makeData({ type, length, data: indices, dictionary });
  }
  if (DataType.isBool(type)) {
    const bits = new Uint8Array(Math.ceil(length / 8));
    for (let i = 0; i < bits.length; i++) bits[i] = Math.floor(Math.random() * 256);
    return makeData({ type, length, data: bits });
  }
  const values = new type.ArrayType(length);
  const bigint = values instanceof BigInt64Array;
  for (let i = 0; i < length; i++) values[i] = bigint ? BigInt(i) : Math.random() * 100;
  return makeData({ type, length, data: values });
}

const sink = await openOutputSink(out, 'arrow');
for (let start = 0; start < rows; start += CHUNK_ROWS) {
  const length = Math.min(CHUNK_ROWS, rows - start);
  const children = layout.schema.fields.map((field, i) => randomColumn(field, i, length));
  const data = makeData({ type: new Struct(layout.schema.fields), length, nullCount: 0, children });
  await sink.write(new RecordBatch(layout.schema, data));
}
await sink.commit();
