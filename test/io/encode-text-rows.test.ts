/**
 * The hand-written CSV and JSON Lines encoder against the kept libraries: byte for byte what
 * csv-stringify and JSON.stringify make of the same rows (src/io/text-rows.ts, the writers it
 * replaced), on sampled batches of every column kind and on hand-made edge cases, and read back by
 * csv-parse.
 */
import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvHeader, encodeTextRows } from '../../src/io/encode-text-rows.js';
import { escapeFormula } from '../../src/io/escape-formula.js';
import { textRowsOf } from '../../src/io/text-rows.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { mixedModel, personalModel, wideIntegerModel } from '../sample/fixtures.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** What the csv-stringify writer made of a batch (header included), formula-like cells escaped. */
function stringified(batch: RecordBatch): string {
  return stringify(textRowsOf(batch, '', escapeFormula), {
    header: true,
    columns: batch.schema.fields.map((f) => ({ key: f.name, header: escapeFormula(f.name) })),
  });
}

function jsonLines(batch: RecordBatch): string {
  return textRowsOf(batch, null)
    .map((row) => `${JSON.stringify(row)}\n`)
    .join('');
}

function expectSameAsLibraries(batch: RecordBatch): void {
  expect(decode(csvHeader(batch.schema)) + decode(encodeTextRows(batch, 'csv'))).toBe(stringified(batch));
  expect(decode(encodeTextRows(batch, 'jsonl'))).toBe(jsonLines(batch));
}

/** A batch of one row per value, every column nullable, from named plain arrays. */
function batchOf(columns: [string, { type: never; values: unknown[] }][]): RecordBatch {
  const fields = columns.map(([name, { type }]) => new Field(name, type, true));
  const children = columns.map(([, { type, values }]) => vectorFromArray(values, type).data[0]!);
  const length = children[0]!.length;
  return new RecordBatch(
    new Schema(fields),
    makeData({ type: new Struct(fields), length, nullCount: 0, children }),
  );
}

describe('encodeTextRows', () => {
  it('writes sampled batches of every column kind exactly as csv-stringify and JSON.stringify do', () => {
    for (const model of [mixedModel(), personalModel(), wideIntegerModel()]) {
      const table = sampleTable(model, { rows: 70_000, seed: 3 });
      for (const batch of table.batches) expectSameAsLibraries(batch);
      // A slice that starts inside a byte of the bit-packed buffers.
      expectSameAsLibraries(table.batches[0]!.slice(13, 4013));
    }
  });

  it('quotes text with commas, quotes and line breaks, and keeps unicode, edge numbers and far dates', () => {
    const day = 86_400_000;
    const batch = batchOf([
      [
        '__proto__',
        {
          type: new Utf8() as never,
          values: ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\ronly', '', 'naïve ☕', null, '=1+2', '-3'],
        },
      ],
      [
        'name, with comma',
        {
          type: new Dictionary(new Utf8(), new Int8()) as never,
          values: ['x', 'y,z', '"q"', null, 'x', 'y,z', 'ü', 'x', 'x', 'x'],
        },
      ],
      [
        'amount',
        {
          type: new Float64() as never,
          values: [
            -0,
            0.1 + 0.2,
            1e21,
            1.5e-7,
            -1234.5,
            123456789.123,
            Number.NaN,
            null,
            2 ** 53 + 2,
            1e9 + 0.5,
          ],
        },
      ],
      [
        'count',
        { type: new Int32() as never, values: [0, -1, 2147483647, -2147483648, null, 10, 9, 100, 1, 7] },
      ],
      [
        'big',
        {
          type: new Int64() as never,
          values: [0n, 2n ** 53n + 1n, -(2n ** 60n), 42n, null, -1n, 1n, 2n, 3n, 4n],
        },
      ],
      [
        'flag',
        {
          type: new Bool() as never,
          values: [true, false, null, true, false, true, true, false, false, true],
        },
      ],
      [
        'day',
        {
          type: new DateDay() as never,
          values: [0, -1, 2932896, -719162, null, 19_000, 1, 2, 3, 4].map((d) =>
            d === null ? null : new Date(d * day),
          ),
        },
      ],
      [
        'at',
        {
          type: new TimestampMillisecond() as never,
          values: [0, -1, 253402300800000, 1_700_000_000_123, null, -62167219200001, 5, 6, 7, 8],
        },
      ],
    ]);
    expectSameAsLibraries(batch);
    expectSameAsLibraries(batch.slice(3, 9));
    // A date before year 0 keeps its whole expanded-year form (text-rows.ts cut it to 10 characters).
    const farDay = batchOf([['day', { type: new DateDay() as never, values: [new Date(-719529 * day)] }]]);
    expect(decode(encodeTextRows(farDay, 'csv'))).toBe('-000001-12-31\n');
    // csv-parse reads every cell back as the text the rows say; a formula-like cell keeps the
    // leading quote that makes a spreadsheet show it as text (escape-formula.ts).
    const header = decode(csvHeader(batch.schema));
    const [names, ...read] = parse(header + decode(encodeTextRows(batch, 'csv'))) as string[][];
    expect(names!.slice(0, 2)).toEqual(['__proto__', 'name, with comma']);
    expect(read.map((row) => row[0])).toEqual([
      'plain',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\ronly',
      '',
      'naïve ☕',
      '',
      "'=1+2",
      '-3',
    ]);
    expect(read.map((row) => row[1])).toEqual(['x', 'y,z', '"q"', '', 'x', 'y,z', 'ü', 'x', 'x', 'x']);
  });

  it('writes doubles as String does, on decimals of every length and random bit patterns', () => {
    const values: number[] = [];
    for (let d = 0; d <= 7; d++) {
      for (let k = 0; k < 500; k++) values.push(Math.round(Math.random() * 10 ** (d + 4)) / 10 ** d);
    }
    const bits = new Float64Array(
      new BigUint64Array(
        Array.from({ length: 2000 }, () =>
          BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 52)) << 12n),
        ),
      ).buffer,
    );
    values.push(...bits.filter(Number.isFinite), ...values.map((v) => -v / 7));
    const batch = batchOf([['x', { type: new Float64() as never, values }]]);
    expect(decode(encodeTextRows(batch, 'csv'))).toBe(values.map((v) => `${String(v)}\n`).join(''));
  });
});
