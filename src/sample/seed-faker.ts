import type { Faker } from '@faker-js/faker';

/**
 * Seeds a Faker for one column of one chunk from (seed, chunk index, column index) alone, so the
 * chunk's values do not depend on which worker made it or what it made before.
 */
export function seedFaker(faker: Faker, seed: number, chunkIndex: number, columnIndex: number): void {
  faker.seed([seed >>> 0, Math.floor(seed / 0x100000000) >>> 0, chunkIndex >>> 0, columnIndex >>> 0]);
}
