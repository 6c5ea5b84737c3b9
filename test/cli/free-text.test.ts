/**
 * Free text holding real people's names, end to end through the built CLI on real customers: the
 * telco table gets a "note" column as a call centre would write it ("Call back <first> <last>",
 * e-mail addresses, phone numbers), each note held by many rows. `infer` must make it a free-text
 * column, and no real name, e-mail or phone may reach model.json or the synthetic CSV, even when the
 * schema is edited to call the notes categorical.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { en, Faker } from '@faker-js/faker';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { runDoppelOk, TELCO_CSV, temporaryDirectory } from './run-doppel.js';

interface Planted {
  readonly data: string;
  /** Every personal string planted in the notes: full names, e-mail addresses, phone numbers. */
  readonly secrets: readonly string[];
}

/** The real telco rows with a note column; 150 people, each named in about 40 rows. */
function plantNotes(dir: string): Planted {
  const faker = new Faker({ locale: [en] });
  faker.seed(12);
  const people = Array.from({ length: 150 }, () => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}@example.org`.toLowerCase(),
      phone: `+1 (555) ${faker.string.numeric(3)}-${faker.string.numeric(4)}`,
    };
  });
  const lines = readFileSync(TELCO_CSV, 'utf8').trimEnd().split('\n');
  const notes = lines.slice(1).map((_, i) => {
    const person = people[i % people.length]!;
    switch (i % 10) {
      case 0:
        return `"Wrote from ${person.email} about the bill"`;
      case 1:
        return `"Ring ${person.phone} after 5pm"`;
      case 2:
        return 'Left voicemail';
      case 3:
        return '';
      default:
        return `"Call back ${person.name}"`;
    }
  });
  const data = join(dir, 'telco-with-notes.csv');
  writeFileSync(
    data,
    `${[`${lines[0]},note`, ...lines.slice(1).map((l, i) => `${l},${notes[i]}`)].join('\n')}\n`,
  );
  return { data, secrets: people.flatMap((p) => [p.name, p.email, p.phone]) };
}

function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

describe('a free-text note column naming real people', () => {
  let dir: string;
  let planted: Planted;
  let schema: DatasetSchema;

  beforeAll(() => {
    dir = temporaryDirectory();
    planted = plantNotes(dir);
    const schemaPath = join(dir, 'schema.json');
    runDoppelOk(['infer', planted.data, '-o', schemaPath]);
    schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as DatasetSchema;
  });

  it('is inferred as free text, and its comment quotes no note', () => {
    const note = schema.columns.find((c) => c.name === 'note')!;
    expect(note.kind).toBe('text');
    expect(note.comment).toMatch(/mention a person/);
    expect(leaked(JSON.stringify(schema), planted.secrets)).toEqual([]);
    // The real columns keep their kinds.
    expect(schema.columns.find((c) => c.name === 'payment_method')!.kind).toBe('categorical');
  });

  it('reaches neither the model nor the synthetic CSV', () => {
    const schemaPath = join(dir, 'schema.json');
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', planted.data, '--schema', schemaPath, '-o', model]);
    const modelText = readFileSync(model, 'utf8');
    expect(leaked(modelText, planted.secrets)).toEqual([]);
    expect(modelText).not.toMatch(/Call back|example\.org/);
    const csv = join(dir, 'synthetic.csv');
    runDoppelOk(['sample', model, '--rows', '5000', '--seed', '3', '--out', csv, '--quiet']);
    const synthetic = readFileSync(csv, 'utf8');
    expect(synthetic.split('\n')[0]).toMatch(/,note$/);
    expect(leaked(synthetic, planted.secrets)).toEqual([]);
    expect(synthetic).not.toMatch(/Call back|example\.org/);
  });

  it('is not stored as categories even when the schema is edited to say categorical', () => {
    const edited = {
      ...schema,
      columns: schema.columns.map((c) => (c.name === 'note' ? { name: 'note', kind: 'categorical' } : c)),
    };
    const schemaPath = join(dir, 'categorical.json');
    writeFileSync(schemaPath, JSON.stringify(edited));
    const model = join(dir, 'categorical-model.json');
    const fitted = runDoppelOk(['fit', planted.data, '--schema', schemaPath, '-o', model]);
    // Every named note is held by ~28 rows, far above k = 5: only the personal check stops them.
    expect(fitted.stdout + fitted.stderr).toMatch(/note: .*naming a person/);
    const modelText = readFileSync(model, 'utf8');
    expect(leaked(modelText, planted.secrets)).toEqual([]);
    const stored = (
      JSON.parse(modelText) as { columns: { name: string; categories?: string[] }[] }
    ).columns.find((c) => c.name === 'note')!.categories;
    // The note without a person in it is a category like any other.
    expect(stored).toContain('Left voicemail');
    const csv = join(dir, 'categorical.csv');
    runDoppelOk(['sample', model, '--rows', '5000', '--seed', '3', '--out', csv, '--quiet']);
    expect(leaked(readFileSync(csv, 'utf8'), planted.secrets)).toEqual([]);
  });
});
