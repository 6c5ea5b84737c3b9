import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Table, tableToIPC } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readJsonl } from '../../src/io/read-jsonl.js';
import { formatFromPath, readTable } from '../../src/io/read-table.js';
import { writeTable } from '../../src/io/write-table.js';
import { ROOT } from '../shared-data.js';

const TELCO = join(ROOT, 'samples', 'telco_churn.csv');

/** Every column's cells as plain JS values (bigint as number), keyed by column name. */
function valuesOf(table: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    out[field.name] = Array.from({ length: vector.length }, (_, i) => {
      const value = vector.get(i) as unknown;
      return typeof value === 'bigint' ? Number(value) : value;
    });
  }
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a DoppelError');
}

/** The telco table as hyparquet-writer column data: whole-number columns as INT32, the rest as DOUBLE. */
function parquetColumnsOf(table: Table) {
  return Object.entries(valuesOf(table)).map(([name, values]) => {
    const present = values.filter((v) => v !== null);
    const type = present.every((v) => typeof v === 'number')
      ? present.every((v) => Number.isInteger(v))
        ? ('INT32' as const)
        : ('DOUBLE' as const)
      : ('STRING' as const);
    return { name, data: values as never[], type };
  });
}

describe('readTable on the telco sample in every format', () => {
  let dir: string;
  let csv: Table;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-io-'));
    csv = await readTable(TELCO);
  });

  it('reads the CSV with numbers as Float64, text as dictionary-encoded Utf8 and missing total_charges', () => {
    expect(csv.numRows).toBe(7043);
    expect(csv.numCols).toBe(20);
    expect(String(csv.getChild('tenure')!.type)).toBe('Float64');
    expect(String(csv.getChild('churn')!.type)).toBe('Dictionary<Int8, Utf8>');
    expect(csv.getChild('total_charges')!.nullCount).toBe(11);
  });

  it('gives the same values from TSV, semicolon CSV with decimal commas, JSONL, Arrow file and stream, Parquet', async () => {
    const expected = valuesOf(csv);
    const names = csv.schema.fields.map((f) => f.name);
    const paths: string[] = [];
    for (const name of ['telco.tsv', 'telco.jsonl', 'telco.arrow', 'telco.arrows']) {
      await writeTable(csv, join(dir, name));
      paths.push(join(dir, name));
    }
    // Semicolon files come from decimal-comma locales: write every number that way.
    const semicolonRows = csv.toArray().map((row) =>
      names.map((name) => {
        const value = (row as Record<string, unknown>)[name];
        return typeof value === 'number' ? String(value).replace('.', ',') : (value ?? '');
      }),
    );
    writeFileSync(join(dir, 'telco-semicolon.csv'), stringify([names, ...semicolonRows], { delimiter: ';' }));
    paths.push(join(dir, 'telco-semicolon.csv'));
    writeFileSync(
      join(dir, 'telco.parquet'),
      new Uint8Array(parquetWriteBuffer({ columnData: parquetColumnsOf(csv) })),
    );
    paths.push(join(dir, 'telco.parquet'));

    for (const path of paths) {
      const table = await readTable(path);
      expect(
        table.schema.fields.map((f) => f.name),
        path,
      ).toEqual(names);
      expect(valuesOf(table), path).toEqual(expected);
    }
  });

  it('reads Arrow IPC in both the file and the stream format, keeping types', async () => {
    const path = join(dir, 'ipc-file.arrow');
    const streamPath = join(dir, 'ipc-stream.arrow');
    writeFileSync(path, tableToIPC(csv, 'file'));
    writeFileSync(streamPath, tableToIPC(csv, 'stream'));
    // The two layouts really differ: the file format starts with the ARROW1 magic, the stream does not.
    expect(readFileSync(path).subarray(0, 6).toString()).toBe('ARROW1');
    expect(readFileSync(streamPath).subarray(0, 6).toString()).not.toBe('ARROW1');
    for (const file of [path, streamPath]) {
      const table = await readTable(file);
      expect(table.schema.fields.map((f) => String(f.type))).toEqual(
        csv.schema.fields.map((f) => String(f.type)),
      );
      expect(valuesOf(table)).toEqual(valuesOf(csv));
    }
  });

  it('refuses bytes that are not Arrow or Parquet with malformed-input', async () => {
    writeFileSync(join(dir, 'broken.arrow'), 'churn,tenure\nYes,1\n');
    writeFileSync(join(dir, 'broken.parquet'), 'PAR1 but not really a parquet file');
    expect((await errorOf(readTable(join(dir, 'broken.arrow')))).code).toBe('malformed-input');
    const parquet = await errorOf(readTable(join(dir, 'broken.parquet')));
    expect(parquet.code).toBe('malformed-input');
    expect(parquet.message).toContain('broken.parquet');
  });

  it('refuses an unknown extension with unsupported-format and a missing file with file-not-found', async () => {
    const unknown = await errorOf(readTable(join(dir, 'telco.xlsx')));
    expect(unknown.code).toBe('unsupported-format');
    expect(unknown.message).toMatch(/\.csv.*\.parquet/);
    const missing = await errorOf(readTable(join(dir, 'nope.csv')));
    expect(missing).toEqual({
      code: 'file-not-found',
      message: `cannot read data file ${join(dir, 'nope.csv')}: no such file or folder (ENOENT); check the path`,
    });
  });

  it('names formats by extension, case-insensitively', () => {
    expect(formatFromPath('a/B.PARQUET')).toBe('parquet');
    expect(formatFromPath('x.ndjson')).toBe('jsonl');
    expect(formatFromPath('x.feather')).toBe('arrow');
    expect(() => formatFromPath('x.json')).toThrow(/cannot tell the format/);
  });

  it('writes dates and timestamps from Parquet as ISO text in CSV and JSONL, which read back as the same text', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'seen', data: [new Date('2024-01-02T03:04:05.006Z'), null], type: 'TIMESTAMP' },
        { name: 'n', data: [1, 2], type: 'INT32' },
      ],
    });
    writeFileSync(join(dir, 'times.parquet'), new Uint8Array(bytes));
    const table = await readTable(join(dir, 'times.parquet'));
    for (const name of ['times.csv', 'times.jsonl']) {
      await writeTable(table, join(dir, name));
      expect(valuesOf(await readTable(join(dir, name))), name).toEqual({
        seen: ['2024-01-02T03:04:05.006Z', null],
        n: [1, 2],
      });
    }
  });

  it('writes Parquet that reads back as the same table', async () => {
    await writeTable(csv, join(dir, 'out.parquet'));
    const back = await readTable(join(dir, 'out.parquet'));
    expect(back.numRows).toBe(csv.numRows);
    expect(valuesOf(back)).toEqual(valuesOf(csv));
  });
});

describe('readJsonl', () => {
  it('keeps numbers and booleans, reads missing keys and null as missing, nested values as JSON text', () => {
    const table = readJsonl(
      [
        '{"id": 1, "vip": true, "spend": 10.5, "tags": ["a"], "city": "Leeds"}',
        '',
        '{"id": 2, "vip": false, "spend": null}',
        '{"id": 3, "vip": null, "spend": 7, "city": "York"}',
      ].join('\n'),
      'rows.jsonl',
    );
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'id:Float64',
      'vip:Bool',
      'spend:Float64',
      'tags:Utf8',
      'city:Utf8',
    ]);
    expect(valuesOf(table)).toEqual({
      id: [1, 2, 3],
      vip: [true, false, null],
      spend: [10.5, null, 7],
      tags: ['["a"]', null, null],
      city: ['Leeds', null, 'York'],
    });
  });

  it('names the line of a malformed row', () => {
    expect(() => readJsonl('{"a": 1}\n{"a": oops}\n', 'rows.jsonl')).toThrow(
      'cannot read rows.jsonl at line 2: not valid JSON',
    );
    expect(() => readJsonl('{"a": 1}\n[1, 2]\n', 'rows.jsonl')).toThrow(
      'cannot read rows.jsonl at line 2: expected a JSON object',
    );
  });
});
