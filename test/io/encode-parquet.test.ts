/**
 * The hand-written Parquet encoder, read back by doppel's own reader (parquet-wasm) and by an
 * independent one (polars, whose Parquet reader is its own Rust implementation): every sampled column kind, missing
 * values, dates as DATE, batches split at odd offsets, and byte-identical files for the same rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RecordBatch, Table } from 'apache-arrow';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { readParquet } from '../../src/io/read-parquet.js';
import { writeTable } from '../../src/io/write-table.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { mixedModel, personalModel, temporaryDirectory, wideIntegerModel } from '../sample/fixtures.js';

/** A cell as a plain comparable value: dates and timestamps as epoch milliseconds, 64-bit as numbers. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  return value ?? null;
}

/** Arrow's own values, read through `get` (toArray of a nullable column would show fill values). */
function expectedColumns(table: Table): Map<string, unknown[]> {
  return new Map(
    table.schema.fields.map((field) => {
      const vector = table.getChild(field.name)!;
      return [field.name, Array.from({ length: vector.length }, (_, i) => plain(vector.get(i)))];
    }),
  );
}

function polarsColumns(path: string): Map<string, unknown[]> {
  const frame = pl.readParquet(path);
  return new Map(frame.columns.map((name) => [name, [...frame.getColumn(name).toArray()].map(plain)]));
}

async function writeAndRead(table: Table, path: string) {
  await writeTable(table, path);
  return { own: await readParquet(readFileSync(path), path), polars: polarsColumns(path) };
}

describe('encodeRowGroup via the Parquet sink', () => {
  it('writes every sampled column kind so that the doppel reader and polars read back the Arrow rows', async () => {
    const dir = temporaryDirectory();
    for (const [name, model] of [
      ['mixed', mixedModel()],
      ['personal', personalModel()],
      ['wide', wideIntegerModel()],
    ] as const) {
      const table = sampleTable(model, { rows: 70_000, seed: 5 });
      const path = join(dir, `${name}.parquet`);
      const { own, polars } = await writeAndRead(table, path);
      const expected = expectedColumns(table);
      expect(own.numRows).toBe(table.numRows);
      expect(polars).toEqual(expected);
      // doppel's reader: the same values; dictionary columns come back as text, dates as dates.
      const ownColumns = new Map([...expectedColumns(own)]);
      expect(ownColumns).toEqual(expected);
      if (name === 'mixed') {
        expect(own.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
          'id:Int64',
          'income:Float64',
          'spend:Float64',
          'visits:Int32',
          'plan:Dictionary<Int8, Utf8>',
          'active:Bool',
          'joined:Timestamp<MILLISECOND>',
          'birthday:Date32<DAY>',
          'token:Utf8',
        ]);
        expect(table.getChild('income')!.nullCount).toBeGreaterThan(10_000);
        expect(own.getChild('income')!.nullCount).toBe(table.getChild('income')!.nullCount);
      }
    }
  });

  it('writes batches that start inside a byte of the bitmaps, and the same bytes for the same rows', async () => {
    const dir = temporaryDirectory();
    const table = sampleTable(mixedModel(), { rows: 20_000, seed: 8 });
    const batch = table.batches[0]!;
    const slices: RecordBatch[] = [batch.slice(0, 3), batch.slice(3, 10_005), batch.slice(10_005, 20_000)];
    const sliced = new Table(slices);
    const { own, polars } = await writeAndRead(sliced, join(dir, 'sliced.parquet'));
    expect(polars).toEqual(expectedColumns(table));
    expect(expectedColumns(own)).toEqual(expectedColumns(table));
    await writeTable(sliced, join(dir, 'again.parquet'));
    expect(readFileSync(join(dir, 'again.parquet'))).toEqual(readFileSync(join(dir, 'sliced.parquet')));
  });
});
