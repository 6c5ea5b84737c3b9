import { allLocales, Faker, type LocaleDefinition } from '@faker-js/faker';
import { DoppelError } from '../errors.js';

/**
 * Faker's reference "now" for dates of birth: fixed, so that the same seed gives the same birth dates
 * on any day the sampler runs.
 */
export const FAKER_REFERENCE_DATE = new Date('2025-01-01T00:00:00Z');

/**
 * A Faker instance for a model locale ('en', 'de', 'en_GB', 'en-GB', 'pt-BR'…), falling back to
 * English and then to the locale-free base definitions for fields a locale lacks, as faker advises.
 * Loads every faker locale, so workers import this module only for models that need it.
 * @throws DoppelError `invalid-model` for a locale faker does not know.
 */
export function fakerForLocale(locale: string, column: string): Faker {
  const locales = allLocales as Record<string, LocaleDefinition>;
  const normalised = locale.replace('-', '_');
  // Own keys only: a locale is text from a file, and "constructor" must not find Object's.
  const own = (key: string) => (Object.hasOwn(locales, key) ? locales[key] : undefined);
  const definition = own(normalised) ?? own(normalised.split('_')[0] ?? '');
  if (definition === undefined) {
    throw new DoppelError(
      'invalid-model',
      `column "${column}" asks for locale "${locale}", which faker does not provide; use one of ${Object.keys(locales).slice(0, 8).join(', ')}, …`,
    );
  }
  const faker = new Faker({ locale: [definition, allLocales.en, allLocales.base] });
  faker.setDefaultRefDate(FAKER_REFERENCE_DATE);
  return faker;
}
