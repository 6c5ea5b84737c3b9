import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const MARKER = 'Carrier pigeon (unique marker)';
const EXTREME = 987654.32;

/** Privacy in the model, end to end: a value one customer holds never reaches the model or the data. */
describe('a unique category and a unique extreme', () => {
  it('appear neither in the model file nor in 1,000,000 sampled rows', () => {
    const dir = temporaryDirectory();
    const lines = readFileSync(TELCO_CSV, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',').map((h) => h.replaceAll('"', ''));
    const payment = header.indexOf('payment_method');
    const monthly = header.indexOf('monthly_charges');
    // One real customer gets a payment method nobody else has and an extreme monthly charge.
    const fields = lines[100]!.split(',');
    fields[payment] = `"${MARKER}"`;
    fields[monthly] = String(EXTREME);
    lines[100] = fields.join(',');
    const data = join(dir, 'planted.csv');
    writeFileSync(data, `${lines.join('\n')}\n`);

    const model = join(dir, 'model.json');
    expect(runDoppel(['fit', data, '--schema', TELCO_SCHEMA, '-o', model]).code).toBe(0);
    const modelText = readFileSync(model, 'utf8');
    expect(modelText).not.toContain('Carrier pigeon');
    expect(modelText).not.toMatch(/987654/);

    const out = join(dir, 'synthetic.arrow');
    const sampled = runDoppel([
      'sample',
      model,
      '--rows',
      '1000000',
      '--seed',
      '3',
      '--workers',
      '2',
      '--out',
      out,
      '--quiet',
    ]);
    expect(sampled.code).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    expect(table.numRows).toBe(1_000_000);
    const methods = new Set(Array.from(table.getChild('payment_method')!.toArray() as ArrayLike<string>));
    expect([...methods].some((m) => m.includes('Carrier pigeon'))).toBe(false);
    const charges = table.getChild('monthly_charges')!.toArray() as Float64Array;
    let max = Number.NEGATIVE_INFINITY;
    for (const x of charges) if (x > max) max = x;
    // The real maximum apart from the planted one is 118.75; the model's tail ends below the mean of
    // the k largest values, far from the planted extreme.
    expect(max).toBeLessThan(200);
  });
});
