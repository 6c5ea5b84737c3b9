import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { detectDelimiter, readCsv } from '../../src/io/read-csv.js';

/** A column's cells as plain JS values (bigint as number). */
function cells(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`no column ${name}`);
  return Array.from({ length: vector.length }, (_, i) => {
    const value = vector.get(i) as unknown;
    return typeof value === 'bigint' ? Number(value) : value;
  });
}

function readError(text: string): { code: string; message: string } {
  try {
    readCsv(text, 'customers.csv');
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected readCsv to throw');
}

describe('readCsv', () => {
  it('detects comma, semicolon, tab and pipe delimiters from the header', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    // A quoted header name holding commas does not outvote the real delimiter.
    expect(detectDelimiter('"last, first";age;city\nx;1;y\n')).toBe(';');
  });

  it('reads semicolon files with decimal commas and tab files to the same numbers', () => {
    const comma = readCsv('id,price,label\n1,29.85,a\n2,1889.5,b\n', 'a.csv');
    const semicolon = readCsv('id;price;label\n1;29,85;a\n2;1889,5;b\n', 'b.csv');
    const tab = readCsv('id\tprice\tlabel\n1\t29.85\ta\n2\t1889.5\tb\n', 'c.tsv');
    for (const table of [semicolon, tab]) {
      expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
        'id:Float64',
        'price:Float64',
        'label:Utf8',
      ]);
      expect(cells(table, 'price')).toEqual(cells(comma, 'price'));
    }
    expect(cells(semicolon, 'price')).toEqual([29.85, 1889.5]);
  });

  it('keeps delimiters, quotes and line breaks inside quoted fields', () => {
    const table = readCsv(
      'name,note,amount\r\n"Smith, Jane","said ""hi""\r\nthen left",12\r\n"Doe; John",plain,7\r\n',
      'q.csv',
    );
    expect(table.numRows).toBe(2);
    expect(cells(table, 'name')).toEqual(['Smith, Jane', 'Doe; John']);
    expect(cells(table, 'note')).toEqual(['said "hi"\r\nthen left', 'plain']);
    expect(cells(table, 'amount')).toEqual([12, 7]);
  });

  it('strips a byte-order mark so the first column keeps its name', () => {
    const table = readCsv('\uFEFFchurn;tenure\nYes;1\nNo;34\n', 'bom.csv');
    expect(table.schema.fields.map((f) => f.name)).toEqual(['churn', 'tenure']);
    expect(cells(table, 'tenure')).toEqual([1, 34]);
  });

  it('reads an empty field as missing, in number and text columns', () => {
    const table = readCsv('a,b,c\n1,,x\n,2.5,\n3,4,z\n', 'e.csv');
    expect(cells(table, 'a')).toEqual([1, null, 3]);
    expect(cells(table, 'b')).toEqual([null, 2.5, 4]);
    expect(cells(table, 'c')).toEqual(['x', null, 'z']);
    expect(table.getChild('a')!.nullCount).toBe(1);
  });

  it('reads NA markers as missing only in columns that are otherwise numbers', () => {
    const table = readCsv('income,region\n120,NA\nNA,EU\n95.5,NA\n', 'na.csv');
    expect(cells(table, 'income')).toEqual([120, null, 95.5]);
    expect(cells(table, 'region')).toEqual(['NA', 'EU', 'NA']);
  });

  it('reads NA markers as missing in a column of ISO dates too (R writes NA for a missing date)', () => {
    const table = readCsv('joined,code\n2024-01-05,NA\nNA,X1\n2023-12-31T08:00:00Z,NA\n', 'dates.csv');
    expect(cells(table, 'joined')).toEqual(['2024-01-05', null, '2023-12-31T08:00:00Z']);
    expect(cells(table, 'code')).toEqual(['NA', 'X1', 'NA']);
  });

  it('keeps code-like numbers as text so no value changes: leading zeros, +phones, 16-digit numbers', () => {
    const table = readCsv(
      'zip,phone,card,count\n02134,+4915112345678,4539578763621486,1\n90210,+14155550123,4716108999716531,2\n',
      'codes.csv',
    );
    expect(cells(table, 'zip')).toEqual(['02134', '90210']);
    expect(cells(table, 'phone')).toEqual(['+4915112345678', '+14155550123']);
    expect(cells(table, 'card')).toEqual(['4539578763621486', '4716108999716531']);
    expect(cells(table, 'count')).toEqual([1, 2]);
  });

  it('refuses a ragged row, naming the line but never its content', () => {
    const error = readError('customer,tenure\nalpha,3\nSECRET-VALUE-7,4,extra\nbeta,5\n');
    expect(error.code).toBe('malformed-input');
    expect(error.message).toMatchInlineSnapshot(
      `"cannot read customers.csv at line 3: a row has a different number of fields than the header. Fix the file and try again."`,
    );
    expect(error.message).not.toContain('SECRET');
  });

  it('counts physical lines, so a ragged row after a quoted line break is still found', () => {
    const error = readError('a,b\n"two\nlines",1\nx\n');
    expect(error.message).toContain('at line 4');
  });

  it('refuses an unclosed quote and a repeated header name', () => {
    expect(readError('a,b\n"open,1\n').code).toBe('malformed-input');
    const duplicate = readError('id,id\n1,2\n');
    expect(duplicate.message).toBe('customers.csv has the column name "id" twice in its header');
  });
});

describe('readCsv: numbers and dates as locales write them', () => {
  it('reads thousands separators as numbers (1,234,567.5; 1.234,5 in semicolon files)', () => {
    const comma = readCsv('amount,n\n"1,234,567.5",1\n"12,000",2\n950,3\n', 'x.csv');
    expect(comma.getChild('amount')!.toArray()).toEqual(Float64Array.of(1234567.5, 12000, 950));
    const semicolon = readCsv('amount;n\n1.234,5;1\n12.000;2\n950,25;3\n', 'x.csv');
    expect(semicolon.getChild('amount')!.toArray()).toEqual(Float64Array.of(1234.5, 12000, 950.25));
  });

  it('reads day-first dates when a day over 12 settles the order, month-first likewise, and leaves undecidable ones as text', () => {
    const dayFirst = readCsv('d\n15/03/2024\n01/04/2024\nNA\n', 'x.csv');
    expect(dayFirst.getChild('d')!.toArray()).toEqual(['2024-03-15', '2024-04-01', null]);
    const monthFirst = readCsv('d\n03/15/2024 08:30\n04/01/2024 10:00\n', 'x.csv');
    expect(monthFirst.getChild('d')!.toArray()).toEqual(['2024-03-15T08:30:00', '2024-04-01T10:00:00']);
    const ambiguous = readCsv('d\n01/04/2024\n02/04/2024\n', 'x.csv');
    expect(ambiguous.getChild('d')!.toArray()).toEqual(['01/04/2024', '02/04/2024']);
  });
});
