import type { Faker } from '@faker-js/faker';
import { assertNever } from '../../assert-never.js';
import { DoppelError } from '../../errors.js';
import type { FakedType, PersonalColumnModel } from '../../model/model-format.js';
import type { ChunkTask } from '../plan.js';
import type { FakerFactory } from '../prepare-sampler.js';
import { seedFaker } from '../seed-faker.js';
import {
  indexDigits,
  scrambledDigits,
  uniqueEmail,
  uniqueIpv4,
  withIbanCheckDigits,
  withLuhnCheckDigit,
  withRowNumber,
  withTrailingDigits,
} from '../unique-values.js';

export interface PreparedPersonal {
  readonly kind: 'personal';
  readonly personal: FakedType;
  readonly unique: boolean;
  readonly faker: Faker;
  /** ISO country of the locale's IBANs (faker otherwise picks a random country per value). */
  readonly ibanCountry: string | undefined;
}

/** Countries of language-only faker locales, which carry no country in their metadata. */
/** The country of a language code; own keys only, since the code is text from a file. */
function ownCountry(language: string): string | undefined {
  return Object.hasOwn(LANGUAGE_COUNTRY, language) ? LANGUAGE_COUNTRY[language] : undefined;
}

const LANGUAGE_COUNTRY: Record<string, string> = {
  en: 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  nl: 'NL',
  pl: 'PL',
  pt: 'PT',
  sv: 'SE',
  fi: 'FI',
  da: 'DK',
  cs: 'CZ',
  sk: 'SK',
  hu: 'HU',
  ro: 'RO',
  hr: 'HR',
  el: 'GR',
};

/** The locale's country if faker can make IBANs for it, else undefined (any country). */
function ibanCountryOf(faker: Faker, locale: string): string | undefined {
  const country = faker.getMetadata().country ?? ownCountry(locale.split(/[-_]/)[0] ?? '');
  if (country === undefined) return undefined;
  try {
    faker.finance.iban({ countryCode: country });
    return country;
  } catch {
    return undefined;
  }
}

/** @throws DoppelError `invalid-model` for an unknown locale or a unique date of birth. */
export function preparePersonal(column: PersonalColumnModel, fakerFor: FakerFactory): PreparedPersonal {
  if (column.unique && column.personal === 'date-of-birth') {
    throw new DoppelError(
      'invalid-model',
      `personal column "${column.name}": dates of birth cannot be unique (a century has only ~36,500 days); set "unique": false in the schema and refit`,
    );
  }
  const faker = fakerFor(column.locale, column.name);
  return {
    kind: 'personal',
    personal: column.personal,
    unique: column.unique,
    faker,
    ibanCountry: column.personal === 'iban' ? ibanCountryOf(faker, column.locale) : undefined,
  };
}

/** One fake value of a personal type, in the column's locale. */
function fakeValue(column: PreparedPersonal): string {
  const { faker } = column;
  const type = column.personal;
  switch (type) {
    case 'name':
      return faker.person.fullName();
    case 'first-name':
      return faker.person.firstName();
    case 'last-name':
      return faker.person.lastName();
    case 'email':
      return faker.internet.email();
    case 'phone':
      return faker.phone.number({ style: 'national' });
    case 'address':
      return `${faker.location.streetAddress()}, ${faker.location.zipCode()} ${faker.location.city()}`;
    case 'street':
      return faker.location.street();
    case 'city':
      return faker.location.city();
    case 'postcode':
      return faker.location.zipCode();
    case 'ip-address':
      return faker.internet.ipv4();
    case 'card-number':
      return faker.finance.creditCardNumber();
    case 'iban':
      return column.ibanCountry === undefined
        ? faker.finance.iban()
        : faker.finance.iban({ countryCode: column.ibanCountry });
    case 'date-of-birth':
      return faker.date.birthdate().toISOString().slice(0, 10);
    case 'free-text':
      // Placeholder words: no real note is ever read, so nothing of one can be reproduced.
      return faker.lorem.sentence();
    default:
      return assertNever(type);
  }
}

/** Embeds the global row index (see unique-values.ts for why each form cannot repeat). */
function uniqueValue(value: string, type: FakedType, index: number, digits: number, key: number): string {
  switch (type) {
    case 'email':
      return uniqueEmail(value, index);
    case 'ip-address':
      return uniqueIpv4(index, key);
    case 'phone':
    case 'postcode':
      return withTrailingDigits(value, scrambledDigits(index, digits, key));
    case 'card-number':
      return withLuhnCheckDigit(withTrailingDigits(value, scrambledDigits(index, digits, key), 1));
    case 'iban':
      return withIbanCheckDigits(withTrailingDigits(value, scrambledDigits(index, digits, key)));
    case 'name':
    case 'first-name':
    case 'last-name':
    case 'address':
    case 'street':
    case 'city':
    case 'free-text':
      return withRowNumber(value, index);
    case 'date-of-birth':
      throw new Error('unreachable: unique dates of birth are refused in preparePersonal');
    default:
      return assertNever(type);
  }
}

/**
 * The values of a personal column for one chunk, from a faker seeded by (seed, chunk, column): the
 * same chunk gives the same values in any worker.
 */
export function samplePersonal(column: PreparedPersonal, task: ChunkTask, columnIndex: number): string[] {
  const { faker, personal, unique } = column;
  seedFaker(faker, task.seed, task.chunkIndex, columnIndex);
  // A per-run key (not per chunk) keeps the index → digits map one bijection across all chunks.
  const key = (Math.imul(task.seed >>> 0, 0x9e3779b1) ^ Math.imul(columnIndex + 1, 0x85ebca77)) >>> 0;
  const digits = indexDigits(task.totalRows);
  const values = new Array<string>(task.rowCount);
  for (let r = 0; r < task.rowCount; r++) {
    const value = fakeValue(column);
    values[r] = unique ? uniqueValue(value, personal, task.rowStart + r, digits, key) : value;
  }
  return values;
}
