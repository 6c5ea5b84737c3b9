import { DataType, type Table, TimeUnit, Type, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../src/sample/plan.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { BIRTHDAY_DAYS, mixedModel, personalModel, wideIntegerModel } from './fixtures.js';
import { isIbanValid, isLuhnValid, proportionTolerance, spearman, spearmanOfNormal } from './statistics.js';

const ROWS = 100_000;

function values<T>(table: Table, name: string): (T | null)[] {
  const vector = table.getChild(name)!;
  return Array.from({ length: table.numRows }, (_, i) => vector.get(i) as T | null);
}

function share<T>(list: readonly T[], test: (value: T) => boolean): number {
  return list.filter(test).length / list.length;
}

describe('sampleTable on a model with every column kind', () => {
  let table: Table;
  beforeAll(() => {
    table = sampleTable(mixedModel(), { rows: ROWS, seed: 11 });
  });

  it('makes exactly the rows asked for, in chunks of CHUNK_ROWS', () => {
    expect(table.numRows).toBe(ROWS);
    expect(table.batches.map((b) => b.numRows)).toEqual([CHUNK_ROWS, ROWS - CHUNK_ROWS]);
  });

  it('derives the schema from the model: names, Arrow types, nullability', () => {
    const fields = table.schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
    expect(fields).toEqual([
      ['id', 'Int64', false],
      ['income', 'Float64', true],
      ['spend', 'Float64', false],
      ['visits', 'Int32', false],
      ['plan', 'Dictionary<Int8, Utf8>', false],
      ['active', 'Bool', false],
      ['joined', 'Timestamp<MILLISECOND>', false],
      ['birthday', 'Date32<DAY>', false],
      ['token', 'Utf8', false],
    ]);
    const joined = table.schema.fields.find((f) => f.name === 'joined')!.type;
    expect(DataType.isTimestamp(joined) && joined.unit === TimeUnit.MILLISECOND).toBe(true);
    expect(table.schema.fields.find((f) => f.name === 'birthday')!.type.typeId).toBe(Type.Date);
  });

  it('numbers sequence identifiers 1…n by global row, across chunks', () => {
    const ids = values<bigint>(table, 'id');
    expect(ids.every((id, i) => id === BigInt(i + 1))).toBe(true);
  });

  it('reproduces the missing rate, rounds to the model decimals and stays in the CDF range', () => {
    const income = values<number>(table, 'income');
    expect(Math.abs(share(income, (x) => x === null) - 0.2)).toBeLessThan(proportionTolerance(0.2, ROWS));
    const present = income.filter((x): x is number => x !== null);
    expect(present.every((x) => Math.round(x * 100) / 100 === x && x >= 1000 && x <= 9000)).toBe(true);
    // F(3000) = 0.5 in the model.
    expect(Math.abs(share(present, (x) => x < 3000) - 0.5)).toBeLessThan(
      proportionTolerance(0.5, present.length),
    );
  });

  it('reproduces a strong correlation (Spearman of a 0.9 normal copula)', () => {
    const income = values<number>(table, 'income');
    const spend = values<number>(table, 'spend');
    const rows = income.map((x, i) => [x, spend[i]!] as const).filter(([x]) => x !== null) as [
      number,
      number,
    ][];
    const rho = spearman(
      rows.map(([x]) => x),
      rows.map(([, y]) => y),
    );
    // Income is rounded to cents, which adds a few ties and no measurable change at this size.
    expect(rho).toBeCloseTo(spearmanOfNormal(0.9), 2);
  });

  it('keeps integers integer, inside the CDF range, with exact point masses and no values in a flat stretch', () => {
    const visits = values<number>(table, 'visits') as number[];
    expect(visits.every((v) => Number.isInteger(v) && v >= 0 && v <= 100)).toBe(true);
    expect(Math.abs(share(visits, (v) => v === 0) - 0.3)).toBeLessThan(proportionTolerance(0.3, ROWS));
    // F is flat between 40 and 60: no mass there.
    expect(visits.filter((v) => v > 40 && v < 60)).toEqual([]);
    expect(Math.abs(share(visits, (v) => v <= 40) - 0.6)).toBeLessThan(proportionTolerance(0.6, ROWS));
  });

  it('draws only model categories, at the model frequencies, never a zero-probability one', () => {
    const plan = values<string>(table, 'plan') as string[];
    const expected: Record<string, number> = { basic: 0.5, never: 0, plus: 0.3, pro: 0.2 };
    expect(new Set(plan)).toEqual(new Set(['basic', 'plus', 'pro']));
    for (const [category, p] of Object.entries(expected)) {
      expect(Math.abs(share(plan, (c) => c === category) - p)).toBeLessThanOrEqual(
        proportionTolerance(p, ROWS),
      );
    }
    // One dictionary, the model's full list, shared by every batch.
    const dictionaries = table.batches.map((b) => b.getChild('plan')!.data[0]!.dictionary);
    expect(dictionaries[0]!.toArray()).toEqual(['basic', 'never', 'plus', 'pro']);
    expect(dictionaries[1]).toBe(dictionaries[0]);
  });

  it('draws booleans at the model rate', () => {
    const active = values<boolean>(table, 'active');
    expect(Math.abs(share(active, (b) => b === true) - 0.25)).toBeLessThan(proportionTolerance(0.25, ROWS));
  });

  it('keeps timestamps (whole ms) and dates (whole days) inside the model range', () => {
    const joined = values<number>(table, 'joined') as number[];
    expect(
      joined.every((t) => Number.isInteger(t) && t >= Date.UTC(2020, 0, 1) && t <= Date.UTC(2024, 11, 31)),
    ).toBe(true);
    const days = (values<number>(table, 'birthday') as number[]).map((ms) => ms / 86_400_000);
    expect(days.every((d) => Number.isInteger(d) && d >= BIRTHDAY_DAYS.min && d <= BIRTHDAY_DAYS.max)).toBe(
      true,
    );
  });

  it('fills uuid identifiers with distinct version-4 uuids', () => {
    const tokens = values<string>(table, 'token') as string[];
    expect(
      tokens.every((t) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(t)),
    ).toBe(true);
    expect(new Set(tokens).size).toBe(ROWS);
  });

  it('is a function of (model, seed, rows): same seed same bytes, another seed other values', () => {
    const again = sampleTable(mixedModel(), { rows: ROWS, seed: 11 });
    expect(Buffer.from(tableToIPC(again, 'file')).equals(Buffer.from(tableToIPC(table, 'file')))).toBe(true);
    const other = sampleTable(mixedModel(), { rows: ROWS, seed: 12 });
    expect(values(other, 'spend').slice(0, 100)).not.toEqual(values(table, 'spend').slice(0, 100));
    expect(values(other, 'token').slice(0, 100)).not.toEqual(values(table, 'token').slice(0, 100));
  });
});

describe('sampleTable output types', () => {
  it('uses Int64 for integer columns whose range exceeds Int32', () => {
    const table = sampleTable(wideIntegerModel(), { rows: 1000, seed: 1 });
    expect(String(table.schema.fields[0]!.type)).toBe('Int64');
    const bytes = values<bigint>(table, 'bytes') as bigint[];
    expect(bytes.every((b) => typeof b === 'bigint' && b >= 0n && b <= 2n ** 40n)).toBe(true);
    expect(bytes.some((b) => b > 2n ** 31n)).toBe(true);
  });
});

describe('sampleTable personal fields', () => {
  const rows = CHUNK_ROWS + 5_000; // two chunks: uniqueness must hold across chunks
  let table: Table;
  beforeAll(() => {
    table = sampleTable(personalModel(), { rows, seed: 3 });
  });

  it('are strings with no nulls', () => {
    for (const field of table.schema.fields.filter((f) => f.name !== 'flag')) {
      expect(String(field.type)).toBe('Utf8');
      expect(table.getChild(field.name)!.nullCount).toBe(0);
    }
  });

  it('are unique where the model says unique', () => {
    for (const name of ['login', 'phone', 'card', 'iban', 'ip']) {
      expect(new Set(values(table, name)).size, name).toBe(rows);
    }
  });

  it('keep the shape of their type', () => {
    const logins = values<string>(table, 'login') as string[];
    expect(logins.every((e) => /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(e))).toBe(true);
    expect((values<string>(table, 'card') as string[]).every(isLuhnValid)).toBe(true);
    const ibans = values<string>(table, 'iban') as string[];
    expect(ibans.every((i) => i.startsWith('DE') && isIbanValid(i))).toBe(true);
    expect(
      (values<string>(table, 'ip') as string[]).every((ip) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(ip)),
    ).toBe(true);
    const born = values<string>(table, 'born') as string[];
    expect(born.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '1940-01-01' && d <= '2007-12-31')).toBe(
      true,
    );
  });

  it('are deterministic for a seed (no dependence on the current date or on chunk order)', () => {
    const again = sampleTable(personalModel(), { rows, seed: 3 });
    for (const name of ['name', 'login', 'born', 'city']) {
      expect(values(again, name)).toEqual(values(table, name));
    }
  });
});
