import {
  Bool,
  DateDay,
  Dictionary,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readCsv } from '../../src/io/read-csv.js';
import type { ColumnSpec } from '../../src/schema/dataset-schema.js';
import { inferSchema } from '../../src/schema/infer-schema.js';

const N = 60;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function specs(table: Table): Record<string, ColumnSpec> {
  return Object.fromEntries(inferSchema(table, { name: 't' }).columns.map((c) => [c.name, c]));
}

describe('inferSchema on typed Arrow columns', () => {
  it('reads kinds from Arrow types: Bool, Int32, Int64, dictionary text, Date, Timestamp', () => {
    const day = 86_400_000;
    const vectors: Record<string, Vector> = {
      active: vectorFromArray(
        range(N).map((i) => i % 3 === 0),
        new Bool(),
      ),
      visits: vectorFromArray(
        range(N).map((i) => (i * 7) % 23),
        new Int32(),
      ),
      points: vectorFromArray(
        range(N).map((i) => BigInt((i * 7919) % 50) * 1000n),
        new Int64(),
      ),
      tier: vectorFromArray(
        range(N).map((i) => ['Bronze', 'Silver', 'Gold'][i % 3]!),
        new Dictionary(new Utf8(), new Int32()),
      ),
      birth_date: vectorFromArray(
        range(N).map((i) => new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28)))),
        new DateDay(),
      ),
      seen: vectorFromArray(
        range(N).map((i) => 1_700_000_000_000 + i * day),
        new TimestampMillisecond(),
      ),
    };
    const found = specs(new Table(vectors));
    expect(found['active']).toMatchObject({ kind: 'boolean' });
    expect(found['visits']).toMatchObject({ kind: 'integer' });
    expect(found['points']).toMatchObject({ kind: 'integer' });
    expect(found['tier']).toMatchObject({
      kind: 'categorical',
      ordered: true,
      categories: ['Bronze', 'Silver', 'Gold'],
    });
    expect(found['birth_date']).toMatchObject({ kind: 'datetime', unit: 'date', quasiIdentifier: true });
    expect(found['seen']).toMatchObject({ kind: 'datetime', unit: 'timestamp' });
  });
});

describe('inferSchema decisions on text and numbers', () => {
  const csv = (header: string, row: (i: number) => string, rows = N) =>
    readCsv([header, ...range(rows).map(row)].join('\n'), 'x.csv');

  it('a key-like name does not make a key of few values repeated many times (values decide)', () => {
    // 10 values over 3,500 rows: a count, whatever "customer number" in its name suggests.
    const found = specs(
      csv('number_of_customer_visits,customer_no,store_id', (i) => `${i % 10},${i % 10},S${i % 4}`, 3500),
    );
    expect(found['number_of_customer_visits']!.kind).toBe('integer');
    expect(found['customer_no']!.kind).not.toBe('identifier');
    expect(found['store_id']!.kind).toBe('categorical');
  });

  it('true/false text is boolean; yes/no text stays categorical; 0/1 numbers are boolean', () => {
    const found = specs(
      csv('vip,churned,flag', (i) => `${i % 2 ? 'TRUE' : 'FALSE'},${i % 3 ? 'No' : 'Yes'},${i % 5 ? 0 : 1}`),
    );
    expect(found['vip']!.kind).toBe('boolean');
    expect(found['churned']).toMatchObject({ kind: 'categorical', sensitive: true });
    expect(found['flag']!.kind).toBe('boolean');
  });

  it('keys: a row number, fixed-width account numbers, UUIDs, unique text; a repeating key by name', () => {
    const uuid = (i: number) => `${(0x10000000 + i).toString(16)}-5b7d-4e2a-9c1b-0d6f8e4a2b71`;
    const found = specs(
      csv('row,acct,token,ref_text,household_id,score', (i) =>
        [i + 1, 48_213_000 + i * 37, uuid(i), `R${i}x`, 1000 + Math.floor(i / 3), i % 11].join(','),
      ),
    );
    expect(found['row']).toMatchObject({
      kind: 'identifier',
      comment: expect.stringContaining('like a row number'),
    });
    expect(found['acct']).toMatchObject({
      kind: 'identifier',
      comment: expect.stringContaining('same number of digits'),
    });
    expect(found['token']).toMatchObject({ kind: 'identifier', generator: 'uuid' });
    expect(found['ref_text']).toMatchObject({ kind: 'identifier', generator: 'sequence' });
    expect(found['household_id']).toMatchObject({
      kind: 'identifier',
      comment: expect.stringContaining('keys repeat'),
    });
    expect(found['score']!.kind).toBe('integer');
  });

  it('epoch numbers under a time-like name are timestamps; the same numbers otherwise are integers', () => {
    const epoch = (i: number) => 1_700_000_000 + (i % 10) * 3600;
    const found = specs(csv('created_at,balance', (i) => `${epoch(i)},${epoch(i)}`));
    expect(found['created_at']).toMatchObject({ kind: 'datetime', unit: 'timestamp' });
    expect(found['balance']!.kind).toBe('integer');
  });

  it('a fine-grained town column is personal; a coarse one is a categorical quasi-identifier and segment', () => {
    const towns = (i: number) => `Town${i}`;
    const regions = (i: number) => ['North', 'South', 'East', 'West'][i % 4]!;
    const found = specs(csv('city,region', (i) => `${towns(Math.floor(i / 2))},${regions(i)}`, 200));
    expect(found['city']).toMatchObject({ kind: 'personal', personal: 'city', quasiIdentifier: true });
    expect(found['region']).toMatchObject({ kind: 'categorical', quasiIdentifier: true, segment: true });
  });

  it('lists constant, all-missing and nearly empty columns, saying what fit will need', () => {
    const found = specs(csv('country,notes,amount,rare', (i) => `DE,,${i * 3},${i < 3 ? i : ''}`));
    expect(found['country']!.comment).toMatchInlineSnapshot(
      `"Categorical: 1 distinct label. Only one distinct value occurs: the column carries no information; consider removing it. Quasi-identifier: the name ("country") suggests an attribute others may know (age, gender, place, family, education or job); combined with similar columns it could single someone out."`,
    );
    expect(found['notes']).toEqual({
      name: 'notes',
      kind: 'numeric',
      comment: expect.stringMatching(new RegExp(`^All ${N} values are missing: .* remove it before fitting`)),
    });
    expect(found['rare']!.comment).toContain(
      'Only 3 values are present, fewer than the 5 customers the privacy rule needs: remove it before fitting, or lower privacy.minCount.',
    );
  });

  it('integer codes named as codes are categorical even with gaps; counts are not', () => {
    const found = specs(
      csv('region_code,children', (i) => `${[10, 20, 30, 40][i % 4]},${[0, 0, 0, 1, 1, 2, 3][i % 7]}`),
    );
    expect(found['region_code']!.kind).toBe('categorical');
    expect(found['children']!.kind).toBe('integer');
  });
});

describe('inferSchema refuses tables it cannot describe', () => {
  function codeOf(table: Table): string {
    try {
      inferSchema(table, { name: 't' });
    } catch (error) {
      if (isDoppelError(error)) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'no error';
  }

  it('a table without columns', () => {
    expect(codeOf(new Table({}))).toBe('malformed-input: the data has no columns to describe');
  });
});
