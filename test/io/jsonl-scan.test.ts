/**
 * The flat-object JSON Lines scanner (jsonl-scan.ts) against the line-by-line reader
 * (read-jsonl.ts): where it reads a file, the same columns, values and missing cells (its text
 * columns are dictionary-encoded, the line reader's plain Utf8: the same strings); where it cannot,
 * null, so that the line reader reads it. Files are cut into blocks of a few bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { decodeTextAsUtf8 } from '../../src/io/decode-text.js';
import { readJsonlFileInBlocks } from '../../src/io/jsonl-scan.js';
import { readJsonlBytes } from '../../src/io/read-jsonl.js';
import { readTable } from '../../src/io/read-table.js';
import { temporaryDirectory } from '../cli/run-doppel.js';
import { randomSource } from './random-csv.js';
import { tableContents } from './table-contents.js';

function lineByLine(path: string): unknown {
  try {
    return tableContents(readJsonlBytes(decodeTextAsUtf8(readFileSync(path), path), path));
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code };
    throw error;
  }
}

/** Values a generated column draws from, by the column's kind. */
const VALUES: Record<string, readonly string[]> = {
  number: ['1', '-0', '2.5', '-3.25', '1e3', '1.5E-7', '12345678901234567', '0.30000000000000004', 'null'],
  boolean: ['true', 'false', 'null'],
  text: [
    '"Yes"',
    '"No"',
    '"café"',
    '"NA"',
    '" spaced "',
    '"Month-to-month"',
    'null',
    '"a\\"b"',
    '"x\\u00e9"',
  ],
  mixed: ['1', '"1"', 'true', '"2024-01-05"', '""', '{"n":1}', '[1]', '"7"'],
};

function randomJsonl(random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const kinds = ['number', 'boolean', 'text', 'text', 'number'];
  const columns = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, c) => ({
    name: pick(['a', 'b', 'tenure', '__proto__', 'é', '10', 'x y']) + c,
    kind: random() < 0.1 ? 'mixed' : pick(kinds),
  }));
  const lines: string[] = [];
  const rows = Math.floor(random() * 40);
  for (let r = 0; r < rows; r++) {
    if (random() < 0.05) lines.push(random() < 0.5 ? '' : '  ');
    const present = columns.filter(() => random() < 0.9);
    if (random() < 0.2) present.reverse();
    const space = random() < 0.2 ? ' ' : '';
    const fields = present.map((column) => {
      const values = VALUES[column.kind]!.filter((v) => random() < 0.97 || !v.includes('\\'));
      return `"${column.name}":${space}${pick(values)}`;
    });
    lines.push(`{${fields.join(`,${space}`)}}`);
  }
  const ending = random() < 0.2 ? '\r\n' : '\n';
  return (random() < 0.1 ? '\uFEFF' : '') + lines.join(ending) + (random() < 0.7 ? ending : '');
}

describe('the JSON Lines scanner reads what the line-by-line reader reads, or leaves it to it', () => {
  const dir = temporaryDirectory();

  it('on 2,000 generated files of up to 40 rows, cut into blocks of 16 to 256 bytes', async () => {
    let read = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = randomSource(seed);
      const text = randomJsonl(random);
      const path = join(dir, 'generated.jsonl');
      writeFileSync(path, text);
      const blockBytes = 16 << Math.floor(random() * 5);
      try {
        const table = await readJsonlFileInBlocks(path, 'auto', blockBytes);
        if (table === null) continue;
        read++;
        expect(tableContents(table)).toEqual(lineByLine(path));
      } catch (error) {
        throw new Error(
          `seed ${seed}, ${blockBytes}-byte blocks: ${JSON.stringify(text)}\n${(error as Error).message}`,
        );
      }
    }
    expect(read).toBeGreaterThan(300);
  });

  it('reads the telco sample written as JSON Lines, through readTable', async () => {
    const csv = await readTable(new URL('../../samples/telco_churn.csv', import.meta.url).pathname);
    const rows = csv.toArray().map((row) => JSON.stringify(row));
    const path = join(dir, 'telco.jsonl');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const table = await readJsonlFileInBlocks(path, 'auto', 1 << 12);
    expect(table).not.toBeNull();
    expect(tableContents(table!)).toEqual(lineByLine(path));
    expect(tableContents(await readTable(path))).toEqual(lineByLine(path));
  });

  it.each([
    ['a broken line', '{"a":1}\n{"a":oops}\n'],
    ['a line that is no object', '{"a":1}\n[1,2]\n'],
    ['numbers written as strings', '{"a":"1"}\n{"a":"2.5"}\n'],
    ['a key twice in one object', '{"a":1,"a":2}\n'],
    ['a nested value', '{"a":{"b":1}}\n'],
    ['an escaped string', '{"a":"x\\ty"}\n'],
    ['numbers then text', '{"a":1}\n{"a":"x"}\n'],
    ['no lines', '\n\n'],
  ])('leaves %s to the line-by-line reader', async (_, text) => {
    const path = join(dir, 'left.jsonl');
    writeFileSync(path, text);
    expect(await readJsonlFileInBlocks(path, 'auto', 16)).toBeNull();
  });
});
