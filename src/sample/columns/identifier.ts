import type { Faker } from '@faker-js/faker';
import type { IdentifierColumnModel } from '../../model/model-format.js';
import type { BufferBag } from '../buffer-bag.js';
import type { ChunkTask } from '../plan.js';
import type { FakerFactory } from '../prepare-sampler.js';
import { seedFaker } from '../seed-faker.js';
import { int64Pairs, writeInt64 } from './column-buffers.js';

export interface PreparedIdentifier {
  readonly kind: 'identifier';
  readonly generator: IdentifierColumnModel['generator'];
  /** Faker for uuids; null for sequences. */
  readonly faker: Faker | null;
}

export function prepareIdentifier(column: IdentifierColumnModel, fakerFor: FakerFactory): PreparedIdentifier {
  return {
    kind: 'identifier',
    generator: column.generator,
    faker: column.generator === 'uuid' ? fakerFor('en', column.name) : null,
  };
}

/** Keys 1, 2, 3, … from the global row index: unique and gap-free whatever the chunking. */
export function sampleSequence(task: ChunkTask, bag: BufferBag): BigInt64Array {
  const out = bag.take(BigInt64Array, task.rowCount);
  const pairs = int64Pairs(out);
  for (let r = 0; r < task.rowCount; r++) writeInt64(pairs, r, task.rowStart + r + 1);
  return out;
}

/** Version 4 uuids from a faker seeded by (seed, chunk, column). */
export function sampleUuids(faker: Faker, task: ChunkTask, columnIndex: number): string[] {
  seedFaker(faker, task.seed, task.chunkIndex, columnIndex);
  const values = new Array<string>(task.rowCount);
  for (let r = 0; r < task.rowCount; r++) values[r] = faker.string.uuid();
  return values;
}
