/**
 * Hostile inputs through the real CLI (issue 12): column names that are Object.prototype's keys, a
 * table too wide to fit, values at the edge of the doubles, text in other encodings, binary files
 * under a text name, locale-written dates and numbers, a header without rows, a line that never
 * ends. Fixtures are generated here from the shared real tables into a temporary directory. Each
 * refusal asserts exit 2, a message naming the file and the place, no real value in the message,
 * and nothing under the output's final name.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../shared-data.js';
import { runDoppel, runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const POLICY = new URL('../../schemas/default-policy.json', import.meta.url).pathname;

/** The header and the first `rows` rows of a real CSV. */
function realRows(path: string, rows: number): { header: string[]; rows: string[][] } {
  const [header, ...body] = parse(readFileSync(path, 'utf8')) as string[][];
  return { header: header!, rows: body.slice(0, rows) };
}

function writeCsv(path: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  writeFileSync(path, stringify([header, ...rows]));
  return path;
}

/** Asserts the refusal of bad input: exit 2, one-line error naming the file, no stack, no value. */
function expectRefusal(
  args: string[],
  file: string,
  pattern: RegExp,
  values: readonly string[] = [],
): string {
  const result = runDoppel(args);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toContain(file);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  for (const value of values) expect(result.stderr).not.toContain(value);
  return result.stderr;
}

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('column names that are keys of Object.prototype are data in every command', () => {
  let dir: string;
  let data: string;
  let schema: string;
  let model: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    // Telco with four of its columns renamed: a count, a charge, a label and a contract type.
    const { header, rows } = realRows(TELCO_CSV, 600);
    const renamed = header.map((name) =>
      name === 'tenure'
        ? '__proto__'
        : name === 'monthly_charges'
          ? 'constructor'
          : name === 'payment_method'
            ? 'toString'
            : name === 'contract'
              ? 'hasOwnProperty'
              : name,
    );
    data = writeCsv(join(dir, 'proto.csv'), renamed, rows);
    schema = join(dir, 'proto.schema.json');
    model = join(dir, 'proto.model.json');
    runDoppelOk(['infer', data, '--out', schema]);
    runDoppelOk(['fit', data, '--schema', schema, '--out', model]);
  });

  it('infer and fit keep the four columns, with their kinds', () => {
    const inferred = JSON.parse(readFileSync(schema, 'utf8')) as {
      columns: { name: string; kind: string }[];
    };
    const kinds = new Map(inferred.columns.map((column) => [column.name, column.kind]));
    expect(kinds.get('__proto__')).toBe('integer');
    expect(kinds.get('constructor')).toBe('numeric');
    expect(kinds.get('toString')).toBe('categorical');
    expect(kinds.get('hasOwnProperty')).toBe('categorical');
    const fitted = JSON.parse(readFileSync(model, 'utf8')) as { columns: { name: string }[] };
    expect(fitted.columns.map((column) => column.name)).toEqual(expect.arrayContaining(PROTO_NAMES));
  });

  it('sample writes them into CSV, JSON Lines and Arrow', () => {
    for (const extension of ['csv', 'jsonl', 'arrow']) {
      const out = join(dir, `synthetic.${extension}`);
      runDoppelOk(['sample', model, '--rows', '300', '--out', out, '-q']);
      if (extension === 'arrow') {
        const table = tableFromIPC(readFileSync(out));
        expect(table.numRows).toBe(300);
        expect(table.getChild('__proto__')!.get(0)).toEqual(expect.any(Number));
      } else {
        const text = readFileSync(out, 'utf8');
        for (const name of PROTO_NAMES) expect(text).toContain(name);
      }
    }
  });

  it('split, validate, run, release and verify work on them', () => {
    runDoppelOk(['split', data, '--out-dir', dir]);
    const train = join(dir, 'proto.train.csv');
    const holdout = join(dir, 'proto.holdout.csv');
    const synthetic = join(dir, 'validate-synthetic.csv');
    runDoppelOk(['sample', model, '--rows', '400', '--out', synthetic, '-q']);
    const validated = runDoppelOk([
      'validate',
      '--real',
      train,
      '--holdout',
      holdout,
      '--synthetic',
      synthetic,
      '--schema',
      schema,
      '--json',
      join(dir, 'report.json'),
      '--no-utility',
    ]);
    expect(validated.stdout).toContain('__proto__');
    const ran = runDoppelOk([
      'run',
      data,
      '--schema',
      schema,
      '--rows',
      '300',
      '--out',
      join(dir, 'run.arrow'),
      '--html',
      join(dir, 'run.html'),
      '-q',
    ]);
    expect(ran.stdout).toContain('constructor');
    const bundle = join(dir, 'bundle');
    runDoppelOk([
      'release',
      model,
      '--rows',
      '300',
      '--out',
      bundle,
      '--purpose',
      'test',
      '--expires',
      '2099-12-31',
      '--real',
      train,
      '--holdout',
      holdout,
      '--schema',
      schema,
      '--policy',
      POLICY,
      '-q',
    ]);
    runDoppelOk(['verify', bundle]);
  });
});

describe('hostile inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory();
  });

  it('a table wider than the copula limit is refused before fitting, naming the limit', () => {
    const columns = 2001;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`);
    const rows = Array.from({ length: 8 }, (_, r) => header.map((_, c) => String((r * 7 + c) % 5)));
    const data = writeCsv(join(dir, 'wide.csv'), header, rows);
    const schema = join(dir, 'wide.schema.json');
    runDoppelOk(['infer', data, '--out', schema]);
    const out = join(dir, 'wide.model.json');
    expectRefusal(
      ['fit', data, '--schema', schema, '--out', out],
      '',
      /2001 modelled columns, more than doppel's limit of 2000 copula dimensions/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('±1e308 values stay finite in the samples, and validate accepts doppel’s own file', () => {
    const { header, rows } = realRows(join(DATASETS, 'creditcard_aer.csv'), 1319);
    const income = header.indexOf('income');
    rows.forEach((row, r) => {
      if (r % 40 === 0) row[income] = '1e308';
      if (r % 40 === 20) row[income] = '-1e308';
    });
    const data = writeCsv(join(dir, 'huge.csv'), header, rows);
    const schema = join(dir, 'huge.schema.json');
    const model = join(dir, 'huge.model.json');
    const synthetic = join(dir, 'huge.synthetic.csv');
    runDoppelOk(['infer', data, '--out', schema]);
    runDoppelOk(['fit', data, '--schema', schema, '--out', model]);
    expect(readFileSync(model, 'utf8')).not.toMatch(/Infinity|NaN/);
    runDoppelOk(['sample', model, '--rows', '3000', '--out', synthetic, '-q']);
    const sampled = parse(readFileSync(synthetic, 'utf8'), { columns: true }) as Record<string, string>[];
    const incomes = sampled.map((row) => Number(row['income']));
    expect(incomes.every(Number.isFinite)).toBe(true);
    expect(Math.max(...incomes)).toBeGreaterThan(1e307);
    const validated = runDoppelOk([
      'validate',
      '--real',
      data,
      '--synthetic',
      synthetic,
      '--schema',
      schema,
      '--no-utility',
    ]);
    expect(validated.stdout).not.toMatch(/NaN|Infinity/);
  });

  describe('encodings and formats, by content', () => {
    const LABELS = ['Crédit', 'Débit', 'Espèces', 'Chèque'];
    let text: string;
    beforeAll(() => {
      // Telco with French payment labels that differ only in their accented letters' bytes.
      const { header, rows } = realRows(TELCO_CSV, 400);
      const payment = header.indexOf('payment_method');
      rows.forEach((row, r) => {
        row[payment] = LABELS[r % LABELS.length]!;
      });
      text = stringify([header, ...rows]);
    });

    function categoriesOf(data: string, extraArgs: string[] = []): string[] {
      const schema = join(dir, 'enc.schema.json');
      const model = join(dir, 'enc.model.json');
      runDoppelOk(['infer', data, '--out', schema, ...extraArgs]);
      runDoppelOk(['fit', data, '--schema', schema, '--out', model, ...extraArgs]);
      const fitted = JSON.parse(readFileSync(model, 'utf8')) as {
        columns: { name: string; categories?: string[] }[];
      };
      return fitted.columns.find((column) => column.name === 'payment_method')!.categories!;
    }

    it('reads Latin-1 (Windows-1252), UTF-16 with and without a BOM, and keeps the labels apart', () => {
      const latin1 = join(dir, 'latin1.csv');
      writeFileSync(latin1, Buffer.from(text, 'latin1'));
      expect(categoriesOf(latin1).sort()).toEqual([...LABELS].sort());
      const utf16 = join(dir, 'utf16.csv');
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      expect(categoriesOf(utf16).sort()).toEqual([...LABELS].sort());
      const utf16NoBom = join(dir, 'utf16-nobom.csv');
      writeFileSync(utf16NoBom, Buffer.from(text, 'utf16le'));
      expect(categoriesOf(utf16NoBom).sort()).toEqual([...LABELS].sort());
      expect(categoriesOf(latin1, ['--encoding', 'latin1']).sort()).toEqual([...LABELS].sort());
    });

    it('refuses UTF-8 with invalid bytes (which would merge labels), naming the line and byte', () => {
      const bytes = Buffer.from(text, 'utf8');
      const at = bytes.indexOf(Buffer.from('Débit', 'utf8'), bytes.length >> 1);
      bytes[at + 1] = 0xff; // the é's lead byte
      const data = join(dir, 'broken-utf8.csv');
      writeFileSync(data, bytes);
      const line = bytes
        .subarray(0, at + 1)
        .toString('latin1')
        .split('\n').length;
      const out = join(dir, 'broken.schema.json');
      expectRefusal(
        ['infer', data, '--out', out],
        data,
        new RegExp(`not UTF-8 at line ${line} \\(byte ${at + 1}\\).*--encoding`),
        LABELS,
      );
      expect(existsSync(out)).toBe(false);
      // A strict encoding on a Latin-1 file names its first bad byte the same way.
      const latin1 = join(dir, 'strict.csv');
      writeFileSync(latin1, Buffer.from(text, 'latin1'));
      expectRefusal(
        ['infer', latin1, '--encoding', 'utf-8'],
        latin1,
        /as utf-8: invalid bytes at line \d+ \(byte \d+\)/,
        LABELS,
      );
      const unknown = runDoppel(['infer', latin1, '--encoding', 'klingon']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--encoding: unknown encoding "klingon"/);
    });

    it('reads an Arrow file named .csv as Arrow, and refuses a ZIP archive (an .xlsx) named .csv', () => {
      const schema = join(dir, 'telco-small.schema.json');
      const model = join(dir, 'telco-small.model.json');
      const source = join(dir, 'telco-small.csv');
      writeFileSync(source, text, 'utf8');
      runDoppelOk(['infer', source, '--out', schema]);
      runDoppelOk(['fit', source, '--schema', schema, '--out', model]);
      const arrow = join(dir, 'synthetic.arrow');
      runDoppelOk(['sample', model, '--rows', '200', '--out', arrow, '-q']);
      const disguised = join(dir, 'disguised.csv');
      writeFileSync(disguised, readFileSync(arrow));
      const inferred = runDoppelOk(['infer', disguised]);
      const columns = (JSON.parse(inferred.stdout) as { columns: unknown[] }).columns;
      expect(columns).toHaveLength(20);
      const zip = join(dir, 'book.csv');
      writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]));
      expectRefusal(['infer', zip], zip, /compressed archive .*export the sheet as CSV/);
    });
  });

  it('infers from values: day-first dates, thousands separators, a repeating count with a key-like name', () => {
    const { header, rows } = realRows(join(DATASETS, 'credit_data.csv'), 3500);
    const price = header.indexOf('Price');
    const amount = header.indexOf('Amount');
    const columns = [...header, 'signup_date', 'customer_number_of_visits'];
    const body = rows.map((row, r) => [
      ...row.map((cell, c) =>
        (c === price || c === amount) && /^\d+(\.\d+)?$/.test(cell)
          ? Number(cell).toLocaleString('en-US', { maximumFractionDigits: 2 })
          : cell,
      ),
      // Real-looking dates spread over a year, written dd/mm/yyyy.
      new Date(Date.UTC(2023, 0, 1 + ((r * 37) % 365)))
        .toISOString()
        .slice(0, 10)
        .split('-')
        .reverse()
        .join('/'),
      // A count (seniority in 4-year steps): 13 values repeated over 3,500 rows.
      String(Math.floor(Number(row[1]) / 4)),
    ]);
    const data = writeCsv(join(dir, 'locale.csv'), columns, body);
    expect(readFileSync(data, 'utf8')).toMatch(/"\d{1,3},\d{3}/);
    const inferred = JSON.parse(runDoppelOk(['infer', data]).stdout) as {
      columns: { name: string; kind: string; unit?: string }[];
    };
    const kinds = new Map(inferred.columns.map((column) => [column.name, column]));
    expect(kinds.get('signup_date')).toMatchObject({ kind: 'datetime', unit: 'date' });
    expect(kinds.get('Price')!.kind).toMatch(/^(numeric|integer)$/);
    expect(kinds.get('Amount')!.kind).toMatch(/^(numeric|integer)$/);
    expect(kinds.get('customer_number_of_visits')!.kind).toBe('integer');
    // The dates are read day-first: the synthetic dates lie in the real year.
    const schema = join(dir, 'locale.schema.json');
    const model = join(dir, 'locale.model.json');
    runDoppelOk(['infer', data, '--out', schema]);
    runDoppelOk(['fit', data, '--schema', schema, '--out', model]);
    const synthetic = join(dir, 'locale.synthetic.csv');
    runDoppelOk(['sample', model, '--rows', '500', '--out', synthetic, '-q']);
    const dates = (parse(readFileSync(synthetic, 'utf8'), { columns: true }) as Record<string, string>[]).map(
      (row) => row['signup_date']!,
    );
    expect(dates.every((date) => date >= '2023-01-01' && date <= '2023-12-31')).toBe(true);
  });

  it('a header without rows is refused by infer and validate', () => {
    const header = readFileSync(TELCO_CSV, 'utf8').split('\n')[0]!;
    const data = join(dir, 'header-only.csv');
    writeFileSync(data, `${header}\n`);
    const out = join(dir, 'header-only.schema.json');
    expectRefusal(['infer', data, '--out', out], data, /a header but no data rows/);
    expect(existsSync(out)).toBe(false);
    expectRefusal(
      ['validate', '--real', data, '--synthetic', TELCO_CSV, '--schema', TELCO_SCHEMA],
      data,
      /a header but no data rows/,
    );
  });

  it('a line that never ends and an overlong column name are refused, naming the line and the limit', () => {
    const data = join(dir, 'one-line.csv');
    writeFileSync(data, `${'7'.repeat(6 * 1024 * 1024)}\n1\n`);
    expectRefusal(['infer', data], data, /at line 1: a row is longer than 4,194,304 characters/);
    const longName = join(dir, 'long-name.csv');
    writeFileSync(longName, `${'n'.repeat(5000)},b\n1,2\n3,4\n`);
    expectRefusal(
      ['infer', longName],
      longName,
      /column 1 \(line 1\) is 5,000 characters long.*limit of 1,000/,
    );
    expect(readdirSync(dir).some((name) => name.endsWith('.tmp'))).toBe(false);
  });
});
