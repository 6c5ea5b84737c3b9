/**
 * The byte-level CSV reader (csv-fields.ts, csv-columns.ts) against the reader it replaced
 * (csv-parse and parseTextColumn, kept in csv-reference.ts): the same table, or the same refusal,
 * on the shared real datasets and on generated files full of what breaks CSV readers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { decodeText, decodeTextAsUtf8 } from '../../src/io/decode-text.js';
import { readCsv, readCsvBytes } from '../../src/io/read-csv.js';
import { DATASETS, SHARED_CSV_FILES } from '../shared-data.js';
import { readCsvByCsvParse } from './csv-reference.js';
import { randomCsv, randomSource } from './random-csv.js';
import { tableContents } from './table-contents.js';

/** The outcome of a reader: its table's contents, or its error's code and message. */
function outcome(read: () => Table): unknown {
  try {
    return tableContents(read());
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

function expectSameAsReference(text: string): void {
  expect(outcome(() => readCsv(text, 'x.csv'))).toEqual(outcome(() => readCsvByCsvParse(text, 'x.csv')));
}

describe('the byte-level CSV reader gives what csv-parse and parseTextColumn gave', () => {
  it.each(SHARED_CSV_FILES)('on the shared dataset %s, read from its bytes as readTable does', (name) => {
    const bytes = readFileSync(join(DATASETS, name));
    const byBytes = readCsvBytes(decodeTextAsUtf8(bytes, name), name);
    expect(tableContents(byBytes)).toEqual(tableContents(readCsvByCsvParse(decodeText(bytes, name), name)));
  });

  it('on 3,000 generated files: quoting, line endings, empty lines, ragged rows, numbers and dates of every form', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomCsv(randomSource(seed));
      try {
        expectSameAsReference(text);
      } catch (error) {
        throw new Error(`seed ${seed}: ${JSON.stringify(text)}\n${(error as Error).message}`);
      }
    }
  });

  it.each([
    ['a ragged row', 'customer,tenure\nalpha,3\nSECRET,4,extra\nbeta,5\n'],
    ['a ragged last row without a line ending', 'a,b\n1,2\n3'],
    ['a ragged row after a quoted line break', 'a,b\n"two\nlines",1\nx\n'],
    ['a ragged row after quoted CR LF line breaks', 'a,b\r\n"x\r\ny",1\r\nz\r\n'],
    ['an unclosed quote', 'a,b\n"open,1\n'],
    ['an unclosed quote ending in a line break', 'a,b\n1,"open\n\n'],
    ['a quote inside a field', 'a,b\nab"c,1\n'],
    ['text after a closing quote', 'a,b\n"x"y,1\n'],
    ['a closing quote before a CR in an LF file', 'a,b\n"x"\r,1\n'],
    ['a lone CR inside a field of an LF file', 'a,b\nx\ry,1\n2,3\n'],
    ['a repeated header name', 'id,id\n1,2\n'],
    ['no header', ''],
    ['a BOM alone', '\uFEFF'],
    ['two BOMs', '\uFEFF\uFEFFa,b\n1,2\n'],
    ['a delimiter last in the file', 'a,b\n1,'],
    ['only empty lines after the header', 'a,b\n\n\n'],
    ['a quoted empty line', 'a\n""\n1\n'],
  ])('and the same table or refusal on %s', (_, text) => {
    expectSameAsReference(text);
  });

  it('refuses a row over the limit naming its line, as before', () => {
    const text = `a,b\n1,2\n${'x'.repeat(4 * 1024 * 1024 + 10)},3\n`;
    expect(outcome(() => readCsv(text, 'x.csv'))).toEqual(outcome(() => readCsvByCsvParse(text, 'x.csv')));
  });
});
