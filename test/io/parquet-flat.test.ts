/**
 * The hand-written flat Parquet decoder (src/io/parquet-flat.ts) against the kept parquet-wasm
 * reader (readParquetWithWasm) on the same files: doppel's own writer (sampled rows with missing
 * values, a real dataset), hyparquet-writer (Snappy, small row groups, empty strings, NaN) and
 * polars (its own Rust writer). Files outside the fast path must return null, not a wrong table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { readFlatParquet } from '../../src/io/parquet-flat.js';
import { readParquet, readParquetWithWasm } from '../../src/io/read-parquet.js';
import { readTable } from '../../src/io/read-table.js';
import { writeTable } from '../../src/io/write-table.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { mixedModel, personalModel, temporaryDirectory } from '../sample/fixtures.js';
import { tableContents } from './table-contents.js';

/** Both readers on the same bytes: the fast path must take the file and give the kept reader's table. */
async function expectSameAsWasm(bytes: Uint8Array): Promise<void> {
  const fast = readFlatParquet(bytes);
  expect(fast).not.toBeNull();
  const kept = await readParquetWithWasm(bytes, 'kept.parquet');
  // Text is a Dictionary<Utf8> here and plain Utf8 there: tableContents compares the strings, and
  // every other type must be the same.
  expect(tableContents(fast!)).toEqual(tableContents(kept));
  fast!.schema.fields.forEach((field, c) => {
    const keptType = String(kept.schema.fields[c]!.type);
    if (DataType.isDictionary(field.type))
      expect([String(field.type.dictionary), keptType]).toEqual(['Utf8', 'Utf8']);
    else expect(String(field.type)).toBe(keptType);
  });
}

describe('readFlatParquet', () => {
  it('reads the files doppel writes as parquet-wasm does: every sampled column kind, missing values', async () => {
    const dir = temporaryDirectory();
    for (const [name, model] of [
      ['mixed', mixedModel()],
      ['personal', personalModel()],
    ] as const) {
      // 66,000 rows: two row groups, the second starting inside a byte of the bitmaps.
      const table = sampleTable(model, { rows: 66_000, seed: 3 });
      const path = join(dir, `${name}.parquet`);
      await writeTable(table, path);
      await expectSameAsWasm(readFileSync(path));
    }
  });

  it('reads a real dataset written by doppel as parquet-wasm does', async () => {
    const path = join(temporaryDirectory(), 'telco.parquet');
    await writeTable(await readTable('../shared/datasets/telco_churn.csv'), path);
    await expectSameAsWasm(readFileSync(path));
  });

  it('reads hyparquet-writer files (Snappy, several row groups, empty strings, NaN) as parquet-wasm does', async () => {
    const n = 5_003;
    const at = (i: number, every: number) => i % every === 0;
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        rowGroupSize: 1_000,
        columnData: [
          {
            name: 'plan',
            data: Array.from({ length: n }, (_, i) => (at(i, 7) ? null : at(i, 11) ? '' : `plan ${i % 5} é`)),
            type: 'STRING',
          },
          { name: 'id', data: Array.from({ length: n }, (_, i) => `customer-${i}`), type: 'STRING' },
          {
            // 300 distinct values (16-bit indices when merged), a row group's share of them in 8 bits.
            name: 'city',
            data: Array.from({ length: n }, (_, i) => (at(i, 13) ? null : `city ${(i * 7) % 300}`)),
            type: 'STRING',
          },
          {
            name: 'visits',
            data: Array.from({ length: n }, (_, i) => (at(i, 3) ? null : i - 50)),
            type: 'INT32',
          },
          {
            name: 'points',
            data: Array.from({ length: n }, (_, i) => (at(i, 5) ? null : BigInt(i) * 2n ** 33n)),
            type: 'INT64',
          },
          {
            name: 'spend',
            data: Array.from({ length: n }, (_, i) => (at(i, 4) ? null : at(i, 9) ? Number.NaN : i / 3)),
            type: 'DOUBLE',
          },
          {
            name: 'vip',
            data: Array.from({ length: n }, (_, i) => (at(i, 6) ? null : i % 3 === 1)),
            type: 'BOOLEAN',
          },
          { name: 'new', data: Array.from({ length: n }, (_, i) => i % 2 === 0), type: 'BOOLEAN' },
          {
            name: 'joined',
            data: Array.from({ length: n }, (_, i) =>
              at(i, 8) ? null : new Date(Date.UTC(2020, 0, 1) + i * 3_600_000),
            ),
            type: 'TIMESTAMP',
          },
        ],
      }),
    );
    const codecs = new Set(
      parquetMetadata(bytes.slice().buffer).row_groups.flatMap((g) =>
        g.columns.map((c) => c.meta_data?.codec),
      ),
    );
    expect(codecs).toEqual(new Set(['SNAPPY']));
    await expectSameAsWasm(bytes);
    const types = readFlatParquet(bytes)!.schema.fields.map((f) => `${f.name}:${f.type}`);
    expect(types.slice(0, 3)).toEqual([
      'plan:Dictionary<Int8, Utf8>',
      'id:Dictionary<Int16, Utf8>',
      'city:Dictionary<Int16, Utf8>',
    ]);
  });

  it('reads polars files (uncompressed and Snappy, dates, missing values) as parquet-wasm does', async () => {
    const n = 3_000;
    const frame = pl.DataFrame({
      segment: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : ['a', 'b', 'c'][i % 3]!)),
      spend: Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i * 0.25)),
      active: Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : i % 2 === 0)),
      count: pl.Series(
        'count',
        Array.from({ length: n }, (_, i) => i),
        pl.Int32,
      ),
      birth: pl.Series(
        'birth',
        Array.from({ length: n }, (_, i) => (i % 19 === 0 ? null : new Date(Date.UTC(1980, 0, 1 + i)))),
        pl.Date,
      ),
    });
    for (const compression of ['uncompressed', 'snappy'] as const) {
      await expectSameAsWasm(new Uint8Array(frame.writeParquet({ compression })));
    }
  });

  it('leaves files outside the fast path to parquet-wasm: zstd, nested columns, damaged bytes', async () => {
    const frame = pl.DataFrame({ id: [1, 2, 3], tags: [['a'], ['b', 'c'], null] });
    expect(readFlatParquet(new Uint8Array(frame.writeParquet()))).toBeNull();
    const zstd = pl.DataFrame({ x: [1.5, 2.5] }).writeParquet({ compression: 'zstd' });
    expect(readFlatParquet(new Uint8Array(zstd))).toBeNull();
    expect((await readParquet(new Uint8Array(zstd), 'z.parquet')).getChild('x')!.toArray()).toEqual(
      new Float64Array([1.5, 2.5]),
    );
    const good = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'n', data: [1, 2, 3], type: 'INT32' }],
        codec: 'UNCOMPRESSED',
      }),
    );
    // A page cut short inside: no table from the fast path, and the kept reader's error.
    const damaged = good.slice();
    damaged.fill(0xff, 4, 20);
    expect(readFlatParquet(damaged)).toBeNull();
    expect(readFlatParquet(good.slice(0, good.length - 9))).toBeNull();
  });
});
