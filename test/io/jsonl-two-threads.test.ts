/**
 * The JSON Lines scanner in two threads (readJsonlFileInTwoThreads: the second half of the file in
 * a worker) against the same scanner in one thread and the line-by-line reader: the same table, or
 * null for the same files. Every file here is split (split size 1 byte), so the halves' joins are
 * what is tested: columns met only in one half, booleans and numbers missing in a whole half,
 * missing markers in one half and text in the other.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextAsUtf8 } from '../../src/io/decode-text.js';
import { readJsonlFileInBlocks, readJsonlFileInTwoThreads } from '../../src/io/jsonl-scan.js';
import { readJsonlBytes } from '../../src/io/read-jsonl.js';
import { readTable } from '../../src/io/read-table.js';
import { temporaryDirectory } from '../cli/run-doppel.js';
import { randomSource } from './random-csv.js';
import { tableContents } from './table-contents.js';

const dir = temporaryDirectory();

/** Both scanners on one file: the same result, equal to the line-by-line reader's where not null. */
async function expectSameInTwoThreads(text: string): Promise<boolean> {
  const path = join(dir, 'split.jsonl');
  writeFileSync(path, text);
  const one = await readJsonlFileInBlocks(path, 'auto', 1 << 12);
  const two = await readJsonlFileInTwoThreads(path, 'auto', 1 << 12, 1);
  expect(two === null).toBe(one === null);
  if (two === null) return false;
  expect(tableContents(two)).toEqual(tableContents(one!));
  expect(tableContents(two)).toEqual(
    tableContents(readJsonlBytes(decodeTextAsUtf8(readFileSync(path), path), path)),
  );
  return true;
}

const VALUES: Record<string, readonly string[]> = {
  number: ['1', '-0', '2.5', '1e3', 'null'],
  boolean: ['true', 'false', 'null'],
  text: ['"Yes"', '"No"', '"café"', '"NA"', 'null'],
  marker: ['"NA"', '"n/a"', 'null'],
};

/** Lines whose columns change kind and presence between the file's first and second half. */
function halvesJsonl(random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const kinds = Object.keys(VALUES);
  const columns = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, c) => ({
    name: `c${c}`,
    first: pick(kinds),
    second: random() < 0.6 ? null : pick(kinds),
    onlyIn: random() < 0.2 ? pick([0, 1]) : -1,
  }));
  const rows = 2 + Math.floor(random() * 60);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const half = r < rows / 2 ? 0 : 1;
    const fields = columns
      .filter((column) => (column.onlyIn === -1 || column.onlyIn === half) && random() < 0.9)
      .map((column) => {
        const kind = half === 0 ? column.first : (column.second ?? column.first);
        return `"${column.name}":${pick(VALUES[kind]!)}`;
      });
    lines.push(`{${fields.join(',')}}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('the JSON Lines scanner in two threads reads what it reads in one', () => {
  it('on 40 generated files whose columns change between the halves', async () => {
    let read = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const text = halvesJsonl(randomSource(seed));
      try {
        if (await expectSameInTwoThreads(text)) read++;
      } catch (error) {
        throw new Error(`seed ${seed}: ${JSON.stringify(text)}\n${(error as Error).message}`);
      }
    }
    expect(read).toBeGreaterThan(10);
  });

  it.each([
    ['a column met only in the second half', '{"a":1}\n{"a":2}\n{"a":3,"b":"x"}\n{"a":4,"b":"y"}\n'],
    ['booleans missing in a whole half', '{"a":null}\n{"a":null}\n{"a":true}\n{"a":false}\n'],
    ['missing markers, then text in the other half', '{"a":"NA"}\n{"a":"NA"}\n{"a":"Yes"}\n{"a":"No"}\n'],
    ['text, then missing markers in the other half', '{"a":"Yes"}\n{"a":"No"}\n{"a":"NA"}\n{"a":"NA"}\n'],
    ['numbers, then text in the other half', '{"a":1}\n{"a":2}\n{"a":"x"}\n{"a":"y"}\n'],
    ['a byte-order mark', '\uFEFF{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n'],
  ])('on %s', async (_, text) => {
    await expectSameInTwoThreads(text);
  });

  it('reads the telco sample written as JSON Lines through readTable as in one thread', async () => {
    const csv = await readTable(new URL('../../samples/telco_churn.csv', import.meta.url).pathname);
    const lines = csv.toArray().map((row) => JSON.stringify(row));
    expect(await expectSameInTwoThreads(`${lines.join('\n')}\n`)).toBe(true);
  });
});
