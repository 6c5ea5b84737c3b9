import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

/** Bad input gets a clear message and exit code 2, never a stack trace, and no output file. */
describe('doppel on bad input', () => {
  let dir: string;
  let model: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    model = join(dir, 'telco.model.json');
    const fitted = runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
    expect(fitted.stderr).toBe('');
    expect(fitted.code).toBe(0);
  });

  function expectInputError(args: string[], pattern: RegExp): string {
    const result = runDoppel(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    return result.stderr;
  }

  it('a missing data file', () => {
    expectInputError(
      ['fit', join(dir, 'nope.csv'), '--schema', TELCO_SCHEMA, '-o', join(dir, 'm.json')],
      /cannot read data file .*nope\.csv: no such file/,
    );
  });

  it('a schema naming a column the data lacks', () => {
    const schema = JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8'));
    schema.columns.push({ name: 'loyalty_points', kind: 'integer' });
    const path = join(dir, 'extra-column.json');
    writeFileSync(path, JSON.stringify(schema));
    expectInputError(
      ['fit', TELCO_CSV, '--schema', path, '-o', join(dir, 'm.json')],
      /lacks 1 column.*"loyalty_points"/,
    );
  });

  it('a malformed schema names the field and the problem', () => {
    const path = join(dir, 'malformed.json');
    writeFileSync(path, JSON.stringify({ name: 'telco', columns: [{ name: 'tenure', kind: 'count' }] }));
    const stderr = expectInputError(
      ['fit', TELCO_CSV, '--schema', path, '-o', join(dir, 'm.json')],
      /not a valid dataset schema/,
    );
    expect(stderr).toMatch(/at columns\.0\.kind: /);
  });

  it('a schema that is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "name": "telco", ');
    expectInputError(['fit', TELCO_CSV, '--schema', path, '-o', join(dir, 'm.json')], /is not valid JSON/);
  });

  it('a ragged CSV row names the line, not its values', () => {
    const lines = readFileSync(TELCO_CSV, 'utf8').split('\n');
    const fields = lines[5]!.split(',');
    lines[5] = fields.slice(0, -2).join(',');
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, lines.join('\n'));
    const stderr = expectInputError(
      ['fit', path, '--schema', TELCO_SCHEMA, '-o', join(dir, 'm.json')],
      /line 6/,
    );
    expect(stderr).not.toContain(lines[5]!);
    expect(stderr).not.toContain(fields[18]!);
  });

  it.each([['0'], ['-5'], ['2.5']])('--rows %s', (rows) => {
    const out = join(dir, `rows-${rows}.arrow`);
    expectInputError(
      ['sample', model, '--rows', rows, '--out', out, '--quiet'],
      /--rows must be a whole number of at least 1/,
    );
    expect(
      readdirSync(dir).filter((f) => f.startsWith(`rows-${rows}`) || f.startsWith('.doppel-tmp')),
    ).toEqual([]);
  });

  it('an unknown flag or missing command is a usage error', () => {
    expectInputError(
      ['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', join(dir, 'm.json'), '--colour'],
      /unknown option --colour/,
    );
    expectInputError([], /Name a command/);
  });

  it('a model of an unknown version is refused', () => {
    const fitted = JSON.parse(readFileSync(model, 'utf8'));
    const path = join(dir, 'future.model.json');
    writeFileSync(path, JSON.stringify({ ...fitted, formatVersion: 99 }));
    expectInputError(
      ['sample', path, '--rows', '10', '--out', join(dir, 'f.arrow'), '--quiet'],
      /version 99.*Refit/,
    );
  });

  it('a model with a malformed field is refused with its path', () => {
    const fitted = JSON.parse(readFileSync(model, 'utf8'));
    fitted.columns[0].missingRate = 2;
    const path = join(dir, 'bad.model.json');
    writeFileSync(path, JSON.stringify(fitted));
    const stderr = expectInputError(
      ['sample', path, '--rows', '10', '--out', join(dir, 'b.arrow'), '--quiet'],
      /not a valid doppel model/,
    );
    expect(stderr).toMatch(/at columns\.0\.missingRate/);
  });
});

describe('an interrupted sample run', () => {
  it('leaves no file under the final name or a temporary name when killed mid-write', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./run-doppel.js');
    const dir = temporaryDirectory();
    const model = join(dir, 'telco.model.json');
    expect(runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]).code).toBe(0);
    const out = join(dir, 'big.arrow');
    const child = spawn(process.execPath, [
      BIN,
      'sample',
      model,
      '--rows',
      '50000000',
      '--out',
      out,
      '--workers',
      '2',
      '--quiet',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // Wait until the temporary file exists and has data, then interrupt as Ctrl-C would.
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      const temporary = readdirSync(dir).find((f) => f.startsWith('.doppel-tmp'));
      if (temporary && statSync(join(dir, temporary)).size > 1_000_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(dir).some((f) => f.startsWith('.doppel-tmp'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/interrupted/);
    expect(readdirSync(dir).filter((f) => f !== 'telco.model.json')).toEqual([]);
  });
});
