/**
 * Spreadsheet formulas in synthetic CSV, end to end through the built CLI on real customers: a
 * category that starts like a formula (held by enough rows to be stored) is written to CSV with
 * OWASP's leading single quote, and unchanged to JSON Lines and Arrow.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const FORMULA = '=HYPERLINK("http://evil.example","pay here")';

describe('a synthetic category that starts like a formula', () => {
  it('is escaped in CSV and unchanged in JSON Lines and Arrow', () => {
    const dir = temporaryDirectory();
    const lines = readFileSync(TELCO_CSV, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',').map((h) => h.replaceAll('"', ''));
    const payment = header.indexOf('payment_method');
    // One customer in ten pays by a "formula": far above k, so the model stores it.
    for (let i = 1; i < lines.length; i += 10) {
      const fields = lines[i]!.split(',');
      fields[payment] = `"${FORMULA.replaceAll('"', '""')}"`;
      lines[i] = fields.join(',');
    }
    const data = join(dir, 'formulas.csv');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', data, '--schema', TELCO_SCHEMA, '-o', model]);
    const sample = (out: string) =>
      runDoppelOk(['sample', model, '--rows', '2000', '--seed', '5', '--out', join(dir, out), '--quiet']);

    sample('synthetic.csv');
    const csv = readFileSync(join(dir, 'synthetic.csv'), 'utf8');
    expect(csv).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    // No cell starts with a bare formula character (every line's cells split on commas outside quotes).
    for (const line of csv.trimEnd().split('\n').slice(1)) {
      expect(line.match(/(^|,)"?[=@]/), line).toBeNull();
    }

    sample('synthetic.jsonl');
    const jsonl = readFileSync(join(dir, 'synthetic.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(jsonl.some((row) => row['payment_method'] === FORMULA)).toBe(true);

    sample('synthetic.arrow');
    const arrow = tableFromIPC(readFileSync(join(dir, 'synthetic.arrow')));
    const methods = new Set(Array.from(arrow.getChild('payment_method')!.toArray() as ArrayLike<string>));
    expect(methods.has(FORMULA)).toBe(true);
  });
});
