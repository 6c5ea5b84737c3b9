import { base, de, en, Faker } from '@faker-js/faker';
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/read-csv.js';
import { type ParsedColumn, parseTextColumn, tableFromColumns } from '../../src/io/table-from-columns.js';
import type { ColumnSpec, DatasetSchema } from '../../src/schema/dataset-schema.js';
import { inferSchema } from '../../src/schema/infer-schema.js';
import { parseDatasetSchema } from '../../src/schema/load-schema.js';

const ROWS = 400;

/** Seeded fakers so the table, and so the test, is the same on every run. */
function fakers(seed: number) {
  const english = new Faker({ locale: [en, base], seed });
  const german = new Faker({ locale: [de, en, base], seed: seed + 1 });
  return { english, german };
}

/** Builds a table the way the CSV reader would type it, from one generator per column. */
function tableOf(generators: Record<string, () => string>): Table {
  const names = Object.keys(generators);
  const columns: ParsedColumn[] = names.map((name) =>
    parseTextColumn(Array.from({ length: ROWS }, generators[name]!)),
  );
  return tableFromColumns(names, columns);
}

function kindsOf(schema: DatasetSchema): Record<string, string> {
  return Object.fromEntries(
    schema.columns.map((c: ColumnSpec) => [
      c.name,
      c.kind === 'personal' ? `personal:${c.personal}` : c.kind,
    ]),
  );
}

describe('inferSchema finds personal fields by their content', () => {
  const { english: f, german: g } = fakers(20240601);
  // Column names are deliberately neutral where content alone must decide.
  const table = tableOf({
    contact: () => f.internet.email(),
    reach: () => f.phone.number({ style: 'human' }),
    reach_intl: () => f.phone.number({ style: 'international' }),
    holder: () => f.person.fullName(),
    holder_de: () => g.person.fullName(),
    f1: () => f.person.firstName(),
    f2: () => f.person.lastName(),
    payment: () => f.finance.creditCardNumber(),
    origin: () => f.internet.ipv4(),
    origin6: () => f.internet.ipv6(),
    outward: () => f.helpers.fromRegExp(/[A-Z]{1,2}[1-9][0-9]? [0-9][A-Z]{2}/),
    zip4: () => f.location.zipCode('#####-####'),
    zip: () => f.location.zipCode('#####'),
    account: () => f.finance.iban({ formatted: f.datatype.boolean() }),
    home: () => f.location.streetAddress(f.datatype.boolean()),
    mailing: () =>
      `${f.location.streetAddress()}, ${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode()}`,
    strasse: () => g.location.streetAddress(),
    // Not personal: they must keep their ordinary kinds.
    plan: () => f.helpers.arrayElement(['Basic', 'Plus', 'Pro', 'Family']),
    spend: () => f.finance.amount({ min: 5, max: 500, dec: 2 }),
    visits: () => String(f.number.int({ min: 0, max: 40 })),
    joined: () => f.date.past({ years: 5, refDate: '2024-06-01' }).toISOString().slice(0, 10),
    last_login: () => f.date.recent({ days: 30, refDate: '2024-06-01' }).toISOString(),
    colour: () => f.color.human(),
  });
  const schema = inferSchema(table, { name: 'customers' });

  it('detects every personal column with the right type, and nothing else', () => {
    expect(kindsOf(schema)).toEqual({
      contact: 'personal:email',
      reach: 'personal:phone',
      reach_intl: 'personal:phone',
      holder: 'personal:name',
      holder_de: 'personal:name',
      f1: 'personal:first-name',
      f2: 'personal:last-name',
      payment: 'personal:card-number',
      origin: 'personal:ip-address',
      origin6: 'personal:ip-address',
      outward: 'personal:postcode',
      zip4: 'personal:postcode',
      zip: 'personal:postcode',
      account: 'personal:iban',
      home: 'personal:street',
      mailing: 'personal:address',
      strasse: 'personal:street',
      plan: 'categorical',
      spend: 'numeric',
      visits: 'integer',
      joined: 'datetime',
      last_login: 'datetime',
      colour: 'categorical',
    });
    expect(parseDatasetSchema(schema)).toEqual(schema);
  });

  it('keeps unique values unique, marks places as quasi-identifiers and explains with shares', () => {
    const byName = new Map(schema.columns.map((c) => [c.name, c]));
    expect(byName.get('contact')).toMatchObject({ unique: true });
    expect(byName.get('payment')).toMatchObject({ unique: true });
    // Different people share names and streets: never asked to be unique, even when all differ here.
    expect(byName.get('holder')).not.toHaveProperty('unique');
    expect(byName.get('home')).not.toHaveProperty('unique');
    expect(byName.get('zip')).toMatchObject({ quasiIdentifier: true });
    expect(byName.get('holder')).not.toHaveProperty('quasiIdentifier');
    expect(byName.get('contact')!.comment).toMatchInlineSnapshot(
      `"Personal field (email): 100% of the present values are shaped like email addresses. Never modelled: synthetic rows get fake values of this type, all distinct as in the real data."`,
    );
    expect(byName.get('joined')).toMatchObject({ kind: 'datetime', unit: 'date' });
    expect(byName.get('last_login')).toMatchObject({ kind: 'datetime', unit: 'timestamp' });
  });

  it('never quotes a personal value in a comment', () => {
    const text = JSON.stringify(schema);
    for (const name of ['contact', 'holder', 'payment', 'origin', 'account', 'home']) {
      const vector = table.getChild(name)!;
      for (let i = 0; i < 50; i++) expect(text).not.toContain(String(vector.get(i)));
    }
  });

  it('lets content overrule a misleading name, and needs a name for bare five-digit codes', () => {
    const { english } = fakers(7);
    // Thirty five-digit codes, repeating as a real amount column's values would.
    const pool = Array.from({ length: 30 }, () => english.helpers.fromRegExp(/[1-9][0-9]{4}/));
    const misleading = tableOf({
      email: () => english.string.alphanumeric(14),
      zip: () => english.finance.amount({ min: 1, max: 90, dec: 2 }),
      amount: () => english.helpers.arrayElement(pool),
      postcode: () => english.helpers.arrayElement(pool),
    });
    expect(kindsOf(inferSchema(misleading, { name: 'm' }))).toEqual({
      email: 'identifier',
      zip: 'numeric',
      amount: 'integer',
      postcode: 'personal:postcode',
    });
  });

  it('accepts a real-world share of malformed values only when the name agrees', () => {
    const { english } = fakers(11);
    // One phone number in four is junk: 75% is below the 90% needed from content alone, above the 60% with a name.
    // Without the name the column is still no category: its values mention phone numbers (free text).
    const phone = () =>
      english.number.int(3) === 0 ? english.lorem.word() : english.phone.number({ style: 'human' });
    const table75 = tableOf({ notes: phone, mobile: phone });
    expect(kindsOf(inferSchema(table75, { name: 'p' }))).toEqual({
      notes: 'text',
      mobile: 'personal:phone',
    });
  });

  it('reads the same personal fields from a CSV file of them', () => {
    const { english } = fakers(3);
    const lines = ['id;email;phone;name;card'];
    for (let i = 1; i <= 60; i++) {
      lines.push(
        `${i};${english.internet.email()};${english.phone.number({ style: 'national' })};"${english.person.fullName()}";${english.finance.creditCardNumber('visa')}`,
      );
    }
    const schema60 = inferSchema(readCsv(lines.join('\n'), 'people.csv'), { name: 'people' });
    expect(kindsOf(schema60)).toEqual({
      id: 'identifier',
      email: 'personal:email',
      phone: 'personal:phone',
      name: 'personal:name',
      card: 'personal:card-number',
    });
  });
});
