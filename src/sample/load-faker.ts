import type { Model } from '../model/model-format.js';
import type { FakerFactory } from './prepare-sampler.js';

/** True when some column is filled by faker (uuid identifiers and personal fields). */
export function needsFaker(model: Model): boolean {
  return model.columns.some(
    (column) => column.kind === 'personal' || (column.kind === 'identifier' && column.generator === 'uuid'),
  );
}

/** The factory for models without faker-filled columns: never called. */
export const noFaker: FakerFactory = () => {
  throw new Error('this model has no faker-filled column');
};

/**
 * The faker factory a model needs, loading faker (all its locales: ~0.3 s and ~30 MB) only when
 * some column of one of the models (a relational model's table parts) uses it. For the main thread;
 * worker files import their factory statically.
 */
export async function loadFakerFactory(models: Model | readonly Model[]): Promise<FakerFactory> {
  if (!(Array.isArray(models) ? models : [models as Model]).some(needsFaker)) return noFaker;
  return (await import('./faker-for-locale.js')).fakerForLocale;
}
