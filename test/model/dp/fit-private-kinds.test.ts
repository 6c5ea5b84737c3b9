import { beforeAll, describe, expect, it } from 'vitest';
import { fit } from '../../../src/model/fit.js';
import { parseModel } from '../../../src/model/load-model.js';
import type { Model } from '../../../src/model/model-format.js';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { choleskySucceeds, columnsOf, sampleFromContract, tableOf } from '../helpers.js';
import { type Dataset, loadTelco } from './dp-helpers.js';

let telco: Dataset;
let columns: Map<string, (string | number | null)[]>;

beforeAll(async () => {
  telco = await loadTelco();
  columns = columnsOf(telco.table);
  // Signup date: tenure months before 2024-06-01; a last-contact timestamp; a consent flag (one
  // customer in ten declines); a customer key.
  const tenure = columns.get('tenure')! as number[];
  columns.set(
    'signup',
    tenure.map((t) => new Date(Date.UTC(2024, 5 - t, 1)).toISOString().slice(0, 10)),
  );
  columns.set(
    'last_contact',
    tenure.map((t, i) => new Date(Date.UTC(2024, 4, 1 + (i % 28), t % 24, (i * 7) % 60)).toISOString()),
  );
  columns.set(
    'consent',
    tenure.map((_, i) => (i % 10 === 3 ? 'no' : 'yes')),
  );
  columns.set(
    'customer_id',
    tenure.map((_, i) => `C${100000 + i}`),
  );
});

function column<K extends Model['columns'][number]['kind']>(m: Model, name: string, kind: K) {
  const found = m.columns.find((c) => c.name === name);
  if (found?.kind !== kind) throw new Error(`no ${kind} column ${name}`);
  return found as Extract<Model['columns'][number], { kind: K }>;
}

describe('a differentially private fit of every column kind', () => {
  it('models dates and timestamps, applies consent, never reads the key, and keeps the contract', () => {
    const schema: DatasetSchema = {
      name: 'telco-extended',
      consent: { column: 'consent', values: ['yes'] },
      columns: [
        { name: 'customer_id', kind: 'identifier' },
        { name: 'email', kind: 'personal', personal: 'email' },
        ...telco.schema.columns,
        { name: 'signup', kind: 'datetime', unit: 'date' },
        { name: 'last_contact', kind: 'datetime', unit: 'timestamp' },
      ],
    };
    const withEmail = new Map(columns);
    withEmail.set(
      'email',
      columns.get('tenure')!.map(() => null),
    );
    const model = fit(tableOf(withEmail), schema, { epsilon: 2, seed: 4 });
    const parsed = parseModel(JSON.parse(JSON.stringify(model)));
    expect(parsed).toEqual(model);
    expect(choleskySucceeds(model.copula.correlation)).toBe(true);
    expect(column(model, 'customer_id', 'identifier').generator).toBe('sequence');
    expect(column(model, 'email', 'personal').personal).toBe('email');
    expect(JSON.stringify(model)).not.toContain('C100');

    // Consent: 705 of 7,043 decline; the counts are noisy but close.
    expect(model.fit.consentColumn).toBe('consent');
    expect(Math.abs(model.fit.rowsDroppedByConsent - 705)).toBeLessThan(150);
    expect(Math.abs(model.fit.rowsUsed - 6338)).toBeLessThan(150);
    expect(model.fit.rowsRead).toBe(model.fit.rowsUsed + model.fit.rowsDroppedByConsent);

    const signup = column(model, 'signup', 'datetime');
    expect(signup.unit).toBe('date');
    // Knots sit just before noon of the day before a unit boundary: never a recorded midnight.
    for (const value of signup.cdf.values) expect(value % 86_400_000).not.toBe(0);
    expect(signup.cdf.values[0]!).toBeGreaterThan(Date.UTC(2017, 0, 1));
    expect(signup.cdf.values.at(-1)!).toBeLessThan(Date.UTC(2025, 0, 1));
    const contact = column(model, 'last_contact', 'datetime');
    expect(contact.unit).toBe('timestamp');
    expect(contact.cdf.values[0]!).toBeGreaterThan(Date.UTC(2023, 0, 1));

    const sample = sampleFromContract(model, 2000, 3);
    const days = sample.get('signup')!.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    const from = Date.UTC(2017, 0, 1);
    expect(days.every((d) => d >= from && d <= Date.UTC(2025, 0, 1))).toBe(true);
    // Signup is tenure months back, so the two run strongly against each other.
    const dimension = (name: string) =>
      model.copula.dimensions.findIndex((d) => d.column === name && d.part === 'value');
    expect(model.copula.correlation[dimension('tenure')]![dimension('signup')]!).toBeLessThan(-0.8);
  });

  it('keeps ordered categories in their order, and a declared domain without a threshold', () => {
    const lines = columns.get('multiple_lines')!.map((v) => (v === 'Yes' ? '2' : v === 'No' ? '1' : '0'));
    const ordered = new Map(columns);
    ordered.set('lines', lines);
    const schema: DatasetSchema = {
      name: 'ordered',
      columns: [
        {
          name: 'contract',
          kind: 'categorical',
          ordered: true,
          categories: ['Month-to-month', 'One year', 'Two year'],
        },
        { name: 'lines', kind: 'categorical', ordered: true },
        { name: 'tenure', kind: 'integer' },
      ],
    };
    const model = fit(tableOf(ordered), schema, { epsilon: 1, seed: 2 });
    expect(column(model, 'contract', 'categorical').categories).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);
    expect(column(model, 'lines', 'categorical').categories).toEqual(['0', '1', '2']);
    if (!model.privacy.differentialPrivacy) throw new Error('expected DP');
    const contract = model.privacy.ledger.find((e) => e.column === 'contract')!;
    expect(contract.thresholdDelta).toBe(0);
    expect(
      model.privacy.ledger.find((e) => e.column === 'lines' && e.statistic === 'category histogram')!
        .thresholdDelta,
    ).toBeGreaterThan(0);
  });

  it('merges, or drops, labels too rare to pass the threshold', () => {
    const rare = new Map(columns);
    // 40 customers pay by a method of their own: real, but far below the threshold at ε = 1.
    rare.set(
      'payment_method',
      columns.get('payment_method')!.map((v, i) => (i % 176 === 0 ? 'Crypto' : v)),
    );
    const merged = fit(tableOf(rare), telco.schema, { epsilon: 1, seed: 1 });
    const payment = column(merged, 'payment_method', 'categorical');
    expect(payment.categories).not.toContain('Crypto');
    expect(payment.suppressed.action).toBe('merge');
    const dropped = fit(
      tableOf(rare),
      { ...telco.schema, privacy: { rareCategories: 'drop' } },
      { epsilon: 1, seed: 1 },
    );
    const droppedPayment = column(dropped, 'payment_method', 'categorical');
    expect(droppedPayment.categories).not.toContain('Crypto');
    expect(droppedPayment.suppressed.otherLabel).toBeNull();
    expect(droppedPayment.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('fits a table too small to say much, or refuses it by its noisy row count, never by the exact one', () => {
    const small = new Map([...columns].map(([name, values]) => [name, values.slice(0, 40)]));
    const schema: DatasetSchema = {
      name: 'small',
      columns: [
        { name: 'tenure', kind: 'integer' },
        { name: 'contract', kind: 'categorical' },
        { name: 'female', kind: 'boolean' },
      ],
    };
    for (let seed = 1; seed <= 5; seed++) {
      try {
        const model = fit(tableOf(small), schema, { epsilon: 1, seed });
        parseModel(JSON.parse(JSON.stringify(model)));
        expect(choleskySucceeds(model.copula.correlation)).toBe(true);
      } catch (error) {
        expect(error).toMatchObject({ code: 'schema-mismatch' });
        expect((error as Error).message).toMatch(/privately released row count|no category passes/);
      }
    }
  });
});
