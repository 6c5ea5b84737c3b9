import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  columnStrings,
  HOUSEHOLDS_CSV,
  MARGARINE_SCHEMA,
  PURCHASES_CSV,
  readArrow,
} from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

/**
 * Personal columns of an event table that are not keys (an e-mail, a free-text note) are treated as
 * in a single table: never read into the model, generated anew in the output. Real margarine
 * purchases with two such columns added.
 */
describe('doppel fit and sample: personal and free-text columns of a child table', () => {
  let dir: string;
  let modelText: string;
  const realEmail = (hhid: string) => `shopper.${hhid}@example.org`;
  const realNote = (i: number) => `Paid in store ${i % 7}, asked for Jane Doe`;
  beforeAll(() => {
    dir = temporaryDirectory();
    const lines = readFileSync(PURCHASES_CSV, 'utf8').trim().split('\n');
    const withPersonal = lines.map((line, i) =>
      i === 0 ? `${line},"email","note"` : `${line},${realEmail(line.split(',')[0]!)},"${realNote(i)}"`,
    );
    writeFileSync(join(dir, 'purchases.csv'), `${withPersonal.join('\n')}\n`);
    const schema = JSON.parse(readFileSync(MARGARINE_SCHEMA, 'utf8'));
    schema.tables[0].path = HOUSEHOLDS_CSV;
    schema.tables[1].path = 'purchases.csv';
    schema.tables[1].columns.push(
      { name: 'email', kind: 'personal', personal: 'email' },
      { name: 'note', kind: 'text' },
    );
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    runDoppelOk(['fit', '--schema', join(dir, 'schema.json'), '-o', join(dir, 'model.json')]);
    modelText = readFileSync(join(dir, 'model.json'), 'utf8');
  });

  it('the model describes them from the schema and holds none of their values', () => {
    const model = JSON.parse(modelText);
    const events = model.tables[1].model.columns as { name: string; kind: string; personal?: string }[];
    expect(events.find((c) => c.name === 'event:email')).toMatchObject({
      kind: 'personal',
      personal: 'email',
    });
    expect(events.find((c) => c.name === 'event:note')).toMatchObject({
      kind: 'personal',
      personal: 'free-text',
    });
    // Never modelled: no copula dimension, no previous or parent copy.
    const dimensions = model.tables[1].model.copula.dimensions as { column: string }[];
    expect(dimensions.some((d) => /email|note/.test(d.column))).toBe(false);
    expect(modelText).not.toMatch(/example\.org|Jane Doe|store \d/);
  });

  it('the sample has them filled anew, the same for any worker count', () => {
    const outs = [1, 2].map((workers) => {
      const out = join(dir, `sample-${workers}`);
      runDoppelOk([
        'sample',
        join(dir, 'model.json'),
        '--rows',
        '150',
        '--workers',
        String(workers),
        '--out',
        out,
      ]);
      return out;
    });
    const purchases = readArrow(join(outs[0]!, 'margarine_purchases.arrow'));
    const emails = columnStrings(purchases, 'email');
    const notes = columnStrings(purchases, 'note');
    expect(purchases.numRows).toBeGreaterThan(150);
    for (const email of emails) expect(email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(emails.some((e) => e!.endsWith('@example.org') && e!.startsWith('shopper.'))).toBe(false);
    expect(new Set(emails).size).toBeGreaterThan(purchases.numRows / 2);
    for (const note of notes) expect(note!.length).toBeGreaterThan(5);
    expect(notes.some((n) => n!.includes('Jane Doe'))).toBe(false);
    expect(readFileSync(join(outs[1]!, 'margarine_purchases.arrow'))).toEqual(
      readFileSync(join(outs[0]!, 'margarine_purchases.arrow')),
    );
  });
});
