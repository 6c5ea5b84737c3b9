import type { Table } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { readParquet } from '../../src/io/read-parquet.js';

function typesOf(table: Table): string[] {
  return table.schema.fields.map((f) => `${f.name}:${f.type}`);
}

function rowsOf(table: Table): unknown[] {
  return table
    .toArray()
    .map((row) =>
      JSON.parse(JSON.stringify(row.toJSON(), (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))),
    );
}

describe('readParquet', () => {
  it('maps Parquet types to the Arrow types of the other readers, with missing values', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'name', data: ['Ana', null, 'Bo'], type: 'STRING' },
        { name: 'visits', data: [1, 2, null], type: 'INT32' },
        { name: 'points', data: [10n, null, 2n ** 40n], type: 'INT64' },
        { name: 'spend', data: [1.5, Number.NaN, null], type: 'DOUBLE' },
        { name: 'vip', data: [true, false, null], type: 'BOOLEAN' },
        {
          name: 'joined',
          data: [new Date('2024-01-02T03:04:05Z'), null, new Date(0)],
          type: 'TIMESTAMP',
        },
      ],
    });
    const table = await readParquet(new Uint8Array(bytes), 'customers.parquet');
    expect(typesOf(table)).toEqual([
      'name:Dictionary<Int8, Utf8>',
      'visits:Int32',
      'points:Int64',
      'spend:Float64',
      'vip:Bool',
      'joined:Timestamp<MILLISECOND>',
    ]);
    // NaN is how dataframe libraries write a missing float: it reads as missing, like an empty CSV field.
    expect(rowsOf(table)).toEqual([
      {
        name: 'Ana',
        visits: 1,
        points: 10,
        spend: 1.5,
        vip: true,
        joined: Date.parse('2024-01-02T03:04:05Z'),
      },
      { name: null, visits: 2, points: null, spend: null, vip: false, joined: null },
      { name: 'Bo', visits: null, points: 2 ** 40, spend: null, vip: null, joined: 0 },
    ]);
    expect(table.getChild('spend')!.nullCount).toBe(2);
  });

  it('reads a zstd-compressed file written by polars, with dates and timestamps', async () => {
    const frame = pl
      .DataFrame({
        segment: ['a', null, 'c'],
        spend: [0.5, null, 2.5],
        active: [true, null, false],
      })
      .withColumns(
        pl.lit(new Date('2024-05-06T07:08:09Z')).alias('seen'),
        pl.Series('birth', [new Date('1990-02-03'), null, new Date('1985-12-31')], pl.Date),
      );
    const bytes = new Uint8Array(frame.writeParquet({ compression: 'zstd' }));
    const codecs = parquetMetadata(bytes.slice().buffer).row_groups[0]!.columns.map(
      (c) => c.meta_data?.codec,
    );
    expect(new Set(codecs)).toEqual(new Set(['ZSTD']));
    const table = await readParquet(bytes, 'frame.parquet');
    expect(typesOf(table)).toEqual([
      'segment:Utf8',
      'spend:Float64',
      'active:Bool',
      'seen:Timestamp<MILLISECOND>',
      'birth:Date32<DAY>',
    ]);
    expect(rowsOf(table)).toEqual([
      {
        segment: 'a',
        spend: 0.5,
        active: true,
        seen: Date.parse('2024-05-06T07:08:09Z'),
        birth: Date.parse('1990-02-03'),
      },
      { segment: null, spend: null, active: null, seen: Date.parse('2024-05-06T07:08:09Z'), birth: null },
      {
        segment: 'c',
        spend: 2.5,
        active: false,
        seen: Date.parse('2024-05-06T07:08:09Z'),
        birth: Date.parse('1985-12-31'),
      },
    ]);
  });

  it('reads nested columns (lists) as JSON text rather than failing the whole file', async () => {
    const frame = pl.DataFrame({ id: [1, 2, 3], tags: [['a'], ['b', 'c'], null] });
    const table = await readParquet(new Uint8Array(frame.writeParquet()), 'nested.parquet');
    expect(typesOf(table)).toEqual(['id:Float64', 'tags:Utf8']);
    expect(rowsOf(table)).toEqual([
      { id: 1, tags: '["a"]' },
      { id: 2, tags: '["b","c"]' },
      { id: 3, tags: null },
    ]);
  });

  it('refuses a truncated file naming the source, not the content', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'email', data: ['secret@example.org'], type: 'STRING' }] }),
    );
    const truncated = bytes.slice(0, bytes.length - 20);
    await expect(readParquet(truncated, 'cut.parquet')).rejects.toThrow(
      'cannot read cut.parquet: it is not a readable Parquet file (damaged, truncated or encrypted)',
    );
  });
});
