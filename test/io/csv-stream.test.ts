/**
 * The block-by-block CSV reader (csv-stream.ts) against the whole-file reader (read-csv.ts): where
 * it reads a file, the same columns, values and missing cells (its text columns are
 * dictionary-encoded, the whole-file reader's plain Utf8: the same strings); where it cannot, null,
 * so that the whole-file reader reads it. Files are cut into blocks of a few bytes to put block
 * ends everywhere: inside quotes, between CR and LF, inside multi-byte characters.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readCsvFileInBlocks } from '../../src/io/csv-stream.js';
import { decodeTextAsUtf8 } from '../../src/io/decode-text.js';
import { readCsvBytes } from '../../src/io/read-csv.js';
import { readTable } from '../../src/io/read-table.js';
import { temporaryDirectory } from '../cli/run-doppel.js';
import { CELLS, randomCsv, randomSource } from './random-csv.js';
import { tableContents } from './table-contents.js';

const CLEAN_CELLS = CELLS.filter(
  (cell) => !/^\d{4}-|\/|^3\.4|^1,5$|^29,85$|^"1,234|^"12,000"$|^1\.234|^12\.000$|^"open$|^Ab"c$/.test(cell),
);
const CLEAN_NUMERIC_CELLS = ['1', '2.5', '-3', '1e3', '', 'NA', '0.1', '7', ' 7 ', '"8"', '-0'];

import { DATASETS, SHARED_CSV_FILES } from '../shared-data.js';

/** The whole-file reader's outcome: contents, or the error's code. */
function wholeFile(path: string): unknown {
  try {
    return tableContents(readCsvBytes(decodeTextAsUtf8(readFileSync(path), path), path));
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code };
    throw error;
  }
}

describe('the block-by-block CSV reader reads what the whole-file reader reads, or leaves it to it', () => {
  const dir = temporaryDirectory();

  it.each(SHARED_CSV_FILES)(
    'on the shared dataset %s, in 64 KiB blocks and in one, in one thread and in two',
    async (name) => {
      const path = join(DATASETS, name);
      for (const [blockBytes, splitBytes] of [
        [1 << 16, Number.POSITIVE_INFINITY],
        [1 << 22, Number.POSITIVE_INFINITY],
        [1 << 16, 0],
      ] as const) {
        const table = await readCsvFileInBlocks(path, 'auto', blockBytes, splitBytes);
        expect(table).not.toBeNull();
        expect(tableContents(table!)).toEqual(wholeFile(path));
      }
    },
  );

  it('on 2,000 generated files of up to 60 rows, cut into blocks of 16 to 256 bytes, one in 40 in two threads', async () => {
    let read = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = randomSource(seed);
      // Every other file without the cells only the whole-file reader settles (dates, grouped
      // numbers, decimal commas), so that many are read here.
      const clean = seed % 2 === 0;
      const text = clean ? randomCsv(random, 60, CLEAN_CELLS, CLEAN_NUMERIC_CELLS) : randomCsv(random, 60);
      const path = join(dir, `generated-${seed % 7}.csv`);
      writeFileSync(path, text);
      const blockBytes = 16 << Math.floor(random() * 5);
      try {
        const splitBytes = seed % 40 === 0 ? 0 : Number.POSITIVE_INFINITY;
        const table = await readCsvFileInBlocks(path, 'auto', blockBytes, splitBytes);
        if (table === null) continue;
        read++;
        expect(tableContents(table)).toEqual(wholeFile(path));
      } catch (error) {
        throw new Error(
          `seed ${seed}, ${blockBytes}-byte blocks: ${JSON.stringify(text)}\n${(error as Error).message}`,
        );
      }
    }
    // Most generated files hold a cell, a ragged row or a text cell among numbers that only the
    // whole-file reader settles; enough are read here.
    expect(read).toBeGreaterThan(100);
  });

  it('reads a text column past 65,536 distinct values as plain text, and categories as a dictionary', async () => {
    const lines = ['id,plan,amount'];
    for (let i = 0; i < 70_000; i++)
      lines.push(`c${i * 7919},${['basic', 'plus', ''][i % 3]},${i % 11 === 0 ? '' : i / 4}`);
    const path = join(dir, 'many.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const table = (await readCsvFileInBlocks(path, 'auto', 1 << 12, 0))!;
    expect(String(table.schema.fields[0]!.type)).toBe('Utf8');
    expect(String(table.schema.fields[1]!.type)).toBe('Dictionary<Int8, Utf8>');
    expect(String(table.schema.fields[2]!.type)).toBe('Float64');
    expect(tableContents(table)).toEqual(wholeFile(path));
    // readTable takes this path, and refuses the same bad files as before.
    expect(tableContents(await readTable(path))).toEqual(wholeFile(path));
  });

  it.each([
    ['a ragged row', 'customer,tenure\nalpha,3\nSECRET,4,extra\nbeta,5\n'],
    ['a column of dates', 'd,x\n2024-01-05,1\n2024-02-05,2\n'],
    ['numbers then text', 'a\n1\n2\nx\n'],
    ['CR-only line endings', 'a,b\r1,2\r'],
    ['a header alone', 'a,b\n'],
    ['Windows-1252 bytes', 'name\ncaf\xe9\n'],
    ['a column of markers only', 'a,b\nNA,1\nNA,2\n'],
  ])('leaves %s to the whole-file reader', async (_, text) => {
    const path = join(dir, 'left.csv');
    writeFileSync(path, Buffer.from(text, 'latin1'));
    expect(await readCsvFileInBlocks(path, 'auto', 8)).toBeNull();
  });

  it.each([
    ['LF', '\n'],
    ['CR LF', '\r\n'],
  ])(
    'matches a text cell where it stands only when it is the whole field (%s line endings)',
    async (_, eol) => {
      // Values that a match at the start of the field must not take for another: prefixes ("No" of
      // "No internet service", "a" of "a,b"), a value holding the delimiter or a quote, a value
      // followed by a CR that does not end the line, the last field of the file without a line end.
      const values = ['No', 'No internet service', '"a,b"', 'a', '"say ""hi"""', 'say', 'No\rpe', 'Yes'];
      const lines = ['plan,next,last'];
      for (let i = 0; i < 400; i++) {
        const value = values[(i * 5) % values.length]!;
        // "b" after "a": the row `a,b,...` begins with the bytes of the value "a,b".
        lines.push(`${value},${['b', 'pe', 'hi'][i % 3]},${values[(i * 3) % values.length]!}`);
      }
      const path = join(dir, 'prefixes.csv');
      writeFileSync(path, `${lines.join(eol)}${eol}No,1,No`);
      const table = await readCsvFileInBlocks(path, 'auto', 64, 0);
      expect(table).not.toBeNull();
      expect(tableContents(table!)).toEqual(wholeFile(path));
    },
  );

  it('reads a file split inside a quoted line break again in one thread', async () => {
    // Every row holds a quoted line break, so the line feed past the middle may be inside quotes.
    const lines = ['note,n'];
    for (let i = 0; i < 2000; i++) lines.push(`"line ${i}\nand ""more""",${i}`);
    const path = join(dir, 'quoted.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const table = await readCsvFileInBlocks(path, 'auto', 256, 0);
    expect(table).not.toBeNull();
    expect(tableContents(table!)).toEqual(wholeFile(path));
  });
});
