/**
 * Bad input deep inside a big file, through the real CLI (issue 15): a ragged row at line 900,000
 * of a million-row CSV, a Parquet file cut short, a broken line in JSON Lines. Each is refused with
 * its place (the line, or for Parquet that its footer is missing; Parquet pages carry no checksum,
 * so overwritten values in an uncompressed file cannot be told from real ones), exit 2, no value of the file in the message,
 * and no model written. The files are real telco rows repeated (samples/telco_churn.csv).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDoppel, runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

/** Telco's header line and its data lines, as written in the sample file. */
function telcoLines(): { header: string; rows: string[] } {
  const [header, ...rows] = readFileSync(TELCO_CSV, 'utf8').trimEnd().split('\n');
  return { header: header!, rows };
}

/** Runs `doppel fit` on a bad file: exit 2, the file and place named, no stack, no model, nothing left behind. */
function expectFitRefused(dir: string, data: string, place: RegExp, values: readonly string[]): void {
  const before = readdirSync(dir).sort();
  const model = join(dir, 'model.json');
  const result = runDoppel(['fit', data, '--schema', TELCO_SCHEMA, '-o', model]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toContain(data);
  expect(result.stderr).toMatch(place);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  for (const value of values) expect(result.stderr).not.toContain(value);
  expect(readdirSync(dir).sort()).toEqual(before);
}

describe('bad input mid-stream is refused with its place, exit 2, nothing written', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory();
  });

  it('a ragged row at line 900,000 of a 1,000,000-row CSV', () => {
    const { header, rows } = telcoLines();
    const lines = new Array<string>(1_000_001);
    lines[0] = header;
    for (let i = 1; i <= 1_000_000; i++) lines[i] = rows[(i - 1) % rows.length]!;
    // Line 900,000 of the file (the header is line 1) gets a field too many, holding a value to look for.
    lines[899_999] = `${lines[899_999]},SECRET-EXTRA-FIELD`;
    const data = join(dir, 'million.csv');
    writeFileSync(data, `${lines.join('\n')}\n`);
    expectFitRefused(dir, data, /at line 900000: a row has a different number of fields than the header/, [
      'SECRET-EXTRA-FIELD',
    ]);
  });

  it('a Parquet file cut short', () => {
    const model = join(dir, 'telco.model.json');
    runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
    const whole = join(dir, 'whole.parquet');
    runDoppelOk(['sample', model, '--rows', '100000', '--out', whole, '--seed', '3', '--quiet']);
    const bytes = readFileSync(whole);
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    expectFitRefused(
      dir,
      cut,
      /not a readable Parquet file.*its footer, at the end of its [\d,]+ bytes, cannot be read/,
      [],
    );
  });

  it('a broken line at line 90,000 of JSON Lines', () => {
    const [header, ...records] = parse(readFileSync(TELCO_CSV), { cast: true }) as unknown[][];
    const names = header as string[];
    const json = records.map((record) =>
      JSON.stringify(Object.fromEntries(names.map((name, c) => [name, record[c]]))),
    );
    const lines = Array.from({ length: 100_000 }, (_, i) => json[i % json.length]!);
    lines[89_999] = lines[89_999]!.slice(0, -25); // cut inside a value: not valid JSON
    const data = join(dir, 'broken.jsonl');
    writeFileSync(data, `${lines.join('\n')}\n`);
    expectFitRefused(dir, data, /at line 90000: not valid JSON/, []);
  });
});
