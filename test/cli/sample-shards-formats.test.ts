/**
 * `doppel sample` for distributed runs and other consumers, through the built CLI: shards that
 * concatenate to the single run row for row, part files, the five output formats read back by
 * their own readers (apache-arrow, csv-parse, JSON.parse, hyparquet), and clear refusals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../src/sample/plan.js';
import { runDoppel, runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const ROWS = 3 * CHUNK_ROWS + 1234;

const cli = (args: readonly string[]): string => runDoppelOk(args).stdout;

function readArrow(path: string): Table {
  return tableFromIPC(readFileSync(path));
}

/** Every row of a table as plain values (dictionary labels, numbers, booleans, null). */
function rowsOf(table: Table): unknown[][] {
  const columns = table.schema.fields.map((field) => table.getChild(field.name)!);
  return Array.from({ length: table.numRows }, (_, r) => columns.map((column) => column.get(r)));
}

describe('doppel sample: shards, parts and output formats', () => {
  let dir: string;
  let model: string;
  let single: Table;
  beforeAll(() => {
    dir = temporaryDirectory();
    model = join(dir, 'telco.model.json');
    cli(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
    cli(['sample', model, '--rows', String(ROWS), '--seed', '9', '--out', join(dir, 'single.arrow'), '-q']);
    single = readArrow(join(dir, 'single.arrow'));
  });

  it('writes shards 0/3, 1/3 and 2/3 that concatenate to the single run, row for row', () => {
    const shards = [0, 1, 2].map((i) => {
      const out = join(dir, `shard-${i}.arrow`);
      cli(['sample', model, '--rows', String(ROWS), '--seed', '9', '--shard', `${i}/3`, '--out', out, '-q']);
      return readArrow(out);
    });
    expect(shards.map((t) => t.numRows)).toEqual([CHUNK_ROWS, CHUNK_ROWS, CHUNK_ROWS + 1234]);
    expect(shards.flatMap(rowsOf)).toEqual(rowsOf(single));
    expect(shards[0]!.schema.fields.map((f) => String(f.type))).toEqual(
      single.schema.fields.map((f) => String(f.type)),
    );
  });

  it('writes an empty shard as a valid file with the schema when there are more shards than chunks', () => {
    const out = join(dir, 'empty.arrow');
    cli(['sample', model, '--rows', '1000', '--seed', '9', '--shard', '4/9', '--out', out, '-q']);
    const table = readArrow(out);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(single.schema.fields.map((f) => f.name));
  });

  it('splits the output into part files that concatenate to the single file', () => {
    const partsDir = join(dir, 'parts');
    const stdout = cli([
      'sample',
      model,
      '--rows',
      String(ROWS),
      '--seed',
      '9',
      '--part-rows',
      '50000',
      '--out',
      join(partsDir, 'telco.arrow'),
      '-q',
    ]);
    expect(stdout).toMatch(/4 parts/);
    const names = readdirSync(partsDir).sort();
    expect(names).toEqual([0, 1, 2, 3].map((i) => `telco-0000${i}.arrow`));
    const parts = names.map((name) => readArrow(join(partsDir, name)));
    expect(parts.map((t) => t.numRows)).toEqual([50_000, 50_000, 50_000, ROWS - 150_000]);
    expect(parts.flatMap(rowsOf)).toEqual(rowsOf(single));
  });

  it('writes the same rows as an Arrow stream, CSV, JSON Lines and Parquet', async () => {
    const rows = 2000;
    const at = (ext: string) => join(dir, `small.${ext}`);
    for (const ext of ['arrow', 'arrows', 'csv', 'jsonl', 'parquet']) {
      cli(['sample', model, '--rows', String(rows), '--seed', '4', '--out', at(ext), '-q']);
    }
    const reference = readArrow(at('arrow'));
    const names = reference.schema.fields.map((f) => f.name);
    const expected = rowsOf(reference).map((row) => Object.fromEntries(names.map((n, c) => [n, row[c]])));

    expect(rowsOf(readArrow(at('arrows')))).toEqual(rowsOf(reference));

    const jsonl = readFileSync(at('jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(jsonl).toEqual(expected);

    // CSV is text: compare cell by cell as text, missing as the empty field.
    const csv = parse(readFileSync(at('csv')), { columns: true }) as Record<string, string>[];
    expect(csv).toEqual(
      expected.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)])),
      ),
    );

    const bytes = readFileSync(at('parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const parquet = await parquetReadObjects({ file });
    expect(parquet).toEqual(expected);

    // `doppel split` keeps the input's format, Parquet included.
    cli(['split', at('parquet'), '--holdout', '0.25', '--seed', '1', '--out-dir', join(dir, 'split')]);
    const parts = await Promise.all(
      ['train', 'holdout'].map((part) => {
        const data = readFileSync(join(dir, 'split', `small.${part}.parquet`));
        return parquetReadObjects({
          file: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        });
      }),
    );
    expect(parts.map((rows) => rows.length)).toEqual([1500, 500]);
    expect([...parts[0]!, ...parts[1]!].map((row) => JSON.stringify(row)).sort()).toEqual(
      expected.map((row) => JSON.stringify(row)).sort(),
    );
  });

  const sampleRun = (out: string, extra: string[]) =>
    cli(['sample', model, '--rows', String(ROWS), '--seed', '9', '--out', out, '-q', ...extra]);

  it('writes CSV byte-identical for any worker count, in shards that concatenate to the single run', () => {
    const out = (name: string) => join(dir, `${name}.csv`);
    sampleRun(out('one-worker'), ['--workers', '1']);
    sampleRun(out('three-workers'), ['--workers', '3']);
    expect(readFileSync(out('three-workers')).equals(readFileSync(out('one-worker')))).toBe(true);
    // Every shard carries the header; its rows, in shard order, are the single file's rows.
    const [header, ...rows] = readFileSync(out('one-worker'), 'utf8').split('\n');
    const shardRows = [0, 1, 2].flatMap((i) => {
      sampleRun(out(`shard-${i}`), ['--shard', `${i}/3`, '--workers', '2']);
      const [shardHeader, ...lines] = readFileSync(out(`shard-${i}`), 'utf8').split('\n');
      expect(shardHeader).toBe(header);
      return lines.slice(0, -1);
    });
    expect(shardRows).toEqual(rows.slice(0, -1));
    // csv-parse reads the file back as the Arrow run's rows (cell text, missing as empty).
    const parsed = parse(readFileSync(out('one-worker'))) as string[][];
    expect(parsed.slice(1)).toEqual(
      rowsOf(single).map((row) => row.map((v) => (v === null ? '' : String(v)))),
    );
  });

  it('writes Parquet byte-identical for any worker count, read back by polars as the Arrow rows', () => {
    const out = (name: string) => join(dir, `${name}.parquet`);
    sampleRun(out('one-worker'), ['--workers', '1']);
    sampleRun(out('three-workers'), ['--workers', '3']);
    expect(readFileSync(out('three-workers')).equals(readFileSync(out('one-worker')))).toBe(true);
    // polars (arrow-rs' reader, not doppel's) reads the rows of the Arrow run.
    const frame = pl.readParquet(out('one-worker'));
    expect(frame.height).toBe(ROWS);
    const names = single.schema.fields.map((f) => f.name);
    expect(frame.columns).toEqual(names);
    const columns = names.map((name) => [...frame.getColumn(name).toArray()]);
    const polarsRows = Array.from({ length: frame.height }, (_, r) =>
      columns.map((column) => column[r] ?? null),
    );
    expect(polarsRows).toEqual(rowsOf(single));
  });

  it('refuses a shard that does not exist, an unknown format and an unknown extension (exit 2)', () => {
    const args = ['sample', model, '--rows', '1000', '-q'];
    const bad = [
      [...args, '--shard', '3/3', '--out', join(dir, 'x.arrow')],
      [...args, '--shard', 'one/3', '--out', join(dir, 'x.arrow')],
      [...args, '--format', 'xml', '--out', join(dir, 'x.arrow')],
      [...args, '--out', join(dir, 'x.xlsx')],
    ];
    const results = bad.map((a) => runDoppel(a));
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]!.stderr).toMatch(/--shard must be I\/N with 0 <= I < N/);
    expect(results[3]!.stderr).toMatch(/cannot tell the output format of .*x\.xlsx/);
    expect(readdirSync(dir).filter((name) => name.startsWith('x.'))).toEqual([]);
  });
});
