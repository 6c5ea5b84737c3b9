import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CategoricalColumnModel, IntegerColumnModel, Model } from '../../src/model/model-format.js';
import { CHUNK_ROWS } from '../../src/sample/plan.js';
import { sample } from '../../src/sample/sample.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { filesIn, mixedModel, telcoModel, temporaryDirectory } from './fixtures.js';

const ROWS = 2 * CHUNK_ROWS + 10_000; // three chunks, the last one short

/** nodejs-polars takes a path only when it ends in .ipc, so it gets the bytes. */
function readWithPolars(path: string): pl.DataFrame {
  return pl.readIPC(readFileSync(path));
}

describe('sample (workers → Arrow IPC file) on the model fitted to the telco sample', () => {
  let model: Model;
  let dir: string;
  let paths: Record<string, string>;
  let progress: number[];
  beforeAll(async () => {
    model = await telcoModel();
    dir = temporaryDirectory();
    paths = {};
    progress = [];
    for (const [label, workers, seed] of [
      ['w1', 1, 5],
      ['w2', 2, 5],
      ['w4', 4, 5],
      ['seed6', 2, 6],
    ] as const) {
      paths[label] = join(dir, label, 'telco.arrow');
      const onProgress = label === 'w2' ? (rows: number) => progress.push(rows) : undefined;
      const result = await sample(model, { rows: ROWS, seed, workers, out: paths[label]!, onProgress });
      const bytes = statSync(paths[label]!).size;
      expect(result).toEqual({
        path: paths[label],
        files: [{ path: paths[label], rows: ROWS, bytes }],
        rows: ROWS,
        batches: 3,
        bytes,
      });
    }
  });

  it('writes byte-identical files for 1, 2 and 4 workers, and different bytes for another seed', () => {
    const bytes = Object.fromEntries(
      Object.entries(paths).map(([label, path]) => [label, readFileSync(path)]),
    );
    expect(bytes.w2!.equals(bytes.w1!)).toBe(true);
    expect(bytes.w4!.equals(bytes.w1!)).toBe(true);
    expect(bytes.seed6!.equals(bytes.w1!)).toBe(false);
  });

  it('holds exactly the rows of sampleTable for the same model, seed and rows', () => {
    const inProcess = tableToIPC(sampleTable(model, { rows: ROWS, seed: 5 }), 'file');
    expect(readFileSync(paths.w2!).equals(Buffer.from(inProcess))).toBe(true);
  });

  it('reports progress after every chunk, ending at the row count', () => {
    expect(progress).toEqual([CHUNK_ROWS, 2 * CHUNK_ROWS, ROWS]);
  });

  it('leaves only the finished file in the output directory', () => {
    expect(filesIn(join(dir, 'w2'))).toEqual(['telco.arrow']);
  });

  describe('read back by apache-arrow', () => {
    let table: Table;
    beforeAll(() => {
      table = tableFromIPC(readFileSync(paths.w2!));
    });

    it('has the rows and the model columns, in order', () => {
      expect(table.numRows).toBe(ROWS);
      expect(table.schema.fields.map((f) => f.name)).toEqual(model.columns.map((c) => c.name));
    });

    it('types integers as Int32, categoricals as Int8 dictionaries, booleans as Bool', () => {
      for (const column of model.columns) {
        const type = String(table.schema.fields.find((f) => f.name === column.name)!.type);
        const expected = {
          integer: 'Int32',
          categorical: 'Dictionary<Int8, Utf8>',
          boolean: 'Bool',
          numeric: 'Float64',
        }[column.kind as string];
        expect(type, column.name).toBe(expected);
      }
    });

    it('holds only categories of the model', () => {
      for (const column of model.columns.filter(
        (c): c is CategoricalColumnModel => c.kind === 'categorical',
      )) {
        const seen = new Set(table.getChild(column.name)!.toArray() as string[]);
        for (const value of seen) expect(column.categories, column.name).toContain(value);
      }
    });

    it('holds integers inside the fitted range', () => {
      for (const column of model.columns.filter((c): c is IntegerColumnModel => c.kind === 'integer')) {
        const values = table.getChild(column.name)!.toArray() as Int32Array;
        const { values: knots } = column.cdf;
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const v of values) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        expect(min, column.name).toBeGreaterThanOrEqual(Math.ceil(knots[0]!));
        expect(max, column.name).toBeLessThanOrEqual(Math.floor(knots[knots.length - 1]!));
      }
    });

    it('reproduces the fitted missing rates', () => {
      for (const column of model.columns) {
        if (!('missingRate' in column)) continue;
        const share = table.getChild(column.name)!.nullCount / ROWS;
        expect(Math.abs(share - column.missingRate), column.name).toBeLessThan(
          4 * Math.sqrt((column.missingRate * (1 - column.missingRate)) / ROWS) + 1e-12,
        );
      }
    });
  });

  it('is read by an independent reader (nodejs-polars) with the same rows, names and types', () => {
    const frame = readWithPolars(paths.w2!);
    expect(frame.height).toBe(ROWS);
    expect(frame.columns).toEqual(model.columns.map((c) => c.name));
    const dtypes = Object.fromEntries(frame.columns.map((name, i) => [name, String(frame.dtypes[i])]));
    for (const column of model.columns) {
      const expected = { integer: 'Int32', categorical: 'Categorical', boolean: 'Bool', numeric: 'Float64' }[
        column.kind as string
      ];
      expect(dtypes[column.name], column.name).toBe(`DataType(${expected})`);
    }
    const arrow = tableFromIPC(readFileSync(paths.w2!));
    for (const name of ['tenure', 'contract', 'total_charges']) {
      expect(frame.getColumn(name).nullCount(), name).toBe(arrow.getChild(name)!.nullCount);
    }
    expect(frame.getColumn('tenure').head(5).toArray()).toEqual([
      ...arrow.getChild('tenure')!.toArray().slice(0, 5),
    ]);
  });
});

describe('sample on a model with every column kind', () => {
  it('writes Int64, Timestamp, Date, Utf8 and nullable columns polars reads', async () => {
    const dir = temporaryDirectory();
    const out = join(dir, 'nested', 'deeper', 'mixed.arrow'); // the directory is created
    await sample(mixedModel(), { rows: 70_000, seed: 2, workers: 2, out });
    const frame = readWithPolars(out);
    expect(frame.height).toBe(70_000);
    expect(Object.fromEntries(frame.columns.map((name, i) => [name, String(frame.dtypes[i])]))).toEqual({
      id: 'DataType(Int64)',
      income: 'DataType(Float64)',
      spend: 'DataType(Float64)',
      visits: 'DataType(Int32)',
      plan: 'DataType(Categorical)',
      active: 'DataType(Bool)',
      joined: 'DataType(Datetime(ms,))',
      birthday: 'DataType(Date)',
      token: 'DataType(String)',
    });
    expect(frame.getColumn('id').nUnique()).toBe(70_000);
    const arrow = tableFromIPC(readFileSync(out));
    expect(frame.getColumn('income').nullCount()).toBe(arrow.getChild('income')!.nullCount);
    expect(arrow.getChild('income')!.nullCount).toBeGreaterThan(0);
  });
});
