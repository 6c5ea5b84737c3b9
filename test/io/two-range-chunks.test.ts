/**
 * A CSV or JSON Lines file read in two byte ranges (two threads) is a table of one record batch per
 * range, each column cut at the same row, nothing copied into whole-column buffers
 * (src/io/csv-column-parts.ts). It must hold what the one-range read holds, and everything doppel
 * derives from a table must be the same: the inferred schema and the fitted model. A text column's
 * chunks share one Dictionary type and one dictionary, as an Arrow file's batches do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Data, DataType, type Table, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { ColumnPart } from '../../src/io/csv-column-builders.js';
import { vectorFromParts } from '../../src/io/csv-column-parts.js';
import { readCsvFileInBlocks } from '../../src/io/csv-stream.js';
import { readJsonlFileInTwoThreads } from '../../src/io/jsonl-scan.js';
import { writeTable } from '../../src/io/write-table.js';
import { fit } from '../../src/model/fit.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { temporaryDirectory } from '../sample/fixtures.js';
import { DATASETS, SHARED_CSV_FILES } from '../shared-data.js';
import { tableContents } from './table-contents.js';

/** Every column's chunks at the same rows; a dictionary column's chunks on one type and one dictionary. */
function expectConsistentChunks(table: Table, chunks: number): void {
  expect(table.batches.length).toBe(chunks);
  const lengths = (vector: Vector) => vector.data.map((data: Data) => data.length);
  const first = lengths(table.getChildAt(0)!);
  table.schema.fields.forEach((field, c) => {
    const vector = table.getChildAt(c)!;
    expect(lengths(vector)).toEqual(first);
    for (const data of vector.data as Data[]) {
      expect(data.offset).toBe(0);
      expect(String(data.type)).toBe(String(field.type));
      if (DataType.isDictionary(field.type)) {
        expect(data.type).toBe(vector.data[0]!.type);
        expect(data.dictionary).toBe(vector.data[0]!.dictionary);
      }
    }
  });
}

describe('a file read in two ranges is a table of two batches that is the one-range table', () => {
  it.each(SHARED_CSV_FILES)(
    'CSV: %s gives the same contents, inferred schema and (telco) model in two ranges as in one',
    async (name) => {
      const path = join(DATASETS, name);
      const one = (await readCsvFileInBlocks(path, 'auto', 1 << 16, Number.POSITIVE_INFINITY))!;
      const two = (await readCsvFileInBlocks(path, 'auto', 1 << 16, 0))!;
      expect(one.batches.length).toBe(1);
      expectConsistentChunks(two, 2);
      expect(tableContents(two)).toEqual(tableContents(one));
      const schema = inferSchema(one, { name: 't' });
      expect(inferSchema(two, { name: 't' })).toEqual(schema);
      if (name === 'telco_churn.csv') {
        expect(JSON.stringify(fit(two, schema, { seed: 1 }))).toBe(
          JSON.stringify(fit(one, schema, { seed: 1 })),
        );
      }
    },
  );

  it('JSON Lines: the telco dataset written as JSON Lines, booleans and numbers included', async () => {
    const dir = temporaryDirectory();
    const csv = (await readCsvFileInBlocks(join(DATASETS, 'telco_churn.csv')))!;
    const path = join(dir, 'telco.jsonl');
    await writeTable(csv, path);
    const one = (await readJsonlFileInTwoThreads(path, 'auto', 1 << 16, Number.POSITIVE_INFINITY))!;
    const two = (await readJsonlFileInTwoThreads(path, 'auto', 1 << 16, 0))!;
    expectConsistentChunks(two, 2);
    expect(tableContents(two)).toEqual(tableContents(one));
    expect(inferSchema(two, { name: 't' })).toEqual(inferSchema(one, { name: 't' }));
  });

  it('JSON Lines: a column absent from one range, and booleans missing from one, keep the same rows', async () => {
    const path = join(temporaryDirectory(), 'absent.jsonl');
    const lines = Array.from({ length: 4000 }, (_, i) =>
      i < 2000 ? JSON.stringify({ id: i, flag: i % 3 === 0 }) : JSON.stringify({ id: i, note: `n${i % 7}` }),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    const one = (await readJsonlFileInTwoThreads(path, 'auto', 1 << 16, Number.POSITIVE_INFINITY))!;
    const two = (await readJsonlFileInTwoThreads(path, 'auto', 1 << 16, 0))!;
    expectConsistentChunks(two, 2);
    expect(tableContents(two)).toEqual(tableContents(one));
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});

describe('vectorFromParts', () => {
  /** A dictionary part of `entries` (in order) and indices into them (-1 missing). */
  function part(entries: readonly string[], indices: readonly number[], Indices = Int8Array): ColumnPart {
    const bytes = entries.map((entry) => Buffer.from(entry, 'utf8'));
    const offsets = new Int32Array(entries.length + 1);
    bytes.forEach((b, i) => {
      offsets[i + 1] = offsets[i]! + b.length;
    });
    return {
      kind: 'dictionary',
      indices: Indices.from(indices),
      entryOffsets: offsets,
      entryBytes: new Uint8Array(Buffer.concat(bytes)),
    };
  }

  it('widens the parts to the merged dictionary: two 8-bit parts of 100 values each become 16-bit chunks', () => {
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 100 }, (_, i) => `b${i}`);
    const vector = vectorFromParts([
      part(a, [0, 99, -1, 5]),
      part([...b.slice(0, 50), 'a7', ...b.slice(50)], [50, -1, 0, 100]),
    ])!;
    expect(String(vector.type)).toBe('Dictionary<Int16, Utf8>');
    expect(vector.data.length).toBe(2);
    expect(vector.data[0]!.dictionary).toBe(vector.data[1]!.dictionary);
    expect(vector.toArray()).toEqual(['a0', 'a99', null, 'a5', 'a7', null, 'b0', 'b99']);
    expect(vector.nullCount).toBe(2);
  });

  it('renumbers a later part in place when it fits, keeping the first part as it is', () => {
    const first = part(['x', 'y'], [0, 1, 1]);
    const second = part(['y', 'z', 'x', ''], [0, 1, 2, 3, -1]);
    const vector = vectorFromParts([first, second])!;
    expect(String(vector.type)).toBe('Dictionary<Int8, Utf8>');
    expect(vector.toArray()).toEqual(['x', 'y', 'y', 'y', 'z', 'x', '', null]);
    expect((vector.data[0]!.dictionary as Vector).toArray()).toEqual(['x', 'y', 'z', '']);
  });

  it('gives numbers a chunk per part with its own validity', () => {
    const vector = vectorFromParts([
      { kind: 'numbers', values: Float64Array.from([1, Number.NaN]), decided: true, markers: false },
      { kind: 'numbers', values: Float64Array.from([Number.NaN, 2.5, -0]), decided: true, markers: false },
    ])!;
    expect(vector.data.map((data: Data) => data.length)).toEqual([2, 3]);
    expect(vector.toArray()).toEqual(Float64Array.from([1, Number.NaN, Number.NaN, 2.5, -0]));
    expect([...vector].map((value) => value)).toEqual([1, null, null, 2.5, -0]);
  });
});
