import { availableParallelism, totalmem } from 'node:os';
import { DoppelError } from '../errors.js';
import type { Model } from '../model/model-format.js';
import { formatBytes } from './check-output-fits.js';

/**
 * Memory one category costs in each sampling thread (its label, its interval in the inverse CDF,
 * its slot in the Arrow dictionary): 2.06 GB peak RSS for a model of 3,000,000 categories sampled
 * with 2 workers and the main thread, i.e. about 230 bytes a category a thread, rounded up.
 */
const BYTES_PER_CATEGORY_PER_THREAD = 250;
/** The share of the machine's memory a model's categories may take across all threads. */
const MEMORY_SHARE = 0.25;
/**
 * At most this many categories in a model, whatever the memory: sampling time grows with the
 * dictionary too (3,000,000 categories: 71 s for 100,000 rows, against 0.2 s for telco), and a
 * column with so many values, each held by ≥ k customers, is an identifier rather than a category.
 */
export const MAX_MODEL_CATEGORIES = 1_000_000;

/** The most categories a model may hold when sampled with `threads` worker threads on this machine. */
export function categoryLimit(threads: number, memory = totalmem()): number {
  const byMemory = Math.floor((MEMORY_SHARE * memory) / (BYTES_PER_CATEGORY_PER_THREAD * (threads + 1)));
  return Math.min(MAX_MODEL_CATEGORIES, byMemory);
}

/**
 * Refuses, before any thread starts, a model whose categories would not fit memory.
 * @throws DoppelError `too-large` naming the count, the biggest columns and the limit.
 */
export function checkCategoryLimit(model: Model, threads = availableParallelism()): void {
  const columns = model.columns.flatMap((c) => (c.kind === 'categorical' ? [c] : []));
  const total = columns.reduce((sum, c) => sum + c.categories.length, 0);
  const limit = categoryLimit(threads);
  if (total <= limit) return;
  const biggest = [...columns]
    .sort((a, b) => b.categories.length - a.categories.length)
    .slice(0, 3)
    .map((c) => `"${c.name}" ${c.categories.length.toLocaleString('en')}`);
  const needed = total * BYTES_PER_CATEGORY_PER_THREAD * (threads + 1);
  throw new DoppelError(
    'too-large',
    `the model holds ${total.toLocaleString('en')} categories (${biggest.join(', ')}); doppel samples at most ` +
      `${limit.toLocaleString('en')} here: each of ${threads + 1} threads keeps every category (about ` +
      `${BYTES_PER_CATEGORY_PER_THREAD} bytes each), about ${formatBytes(needed)} in all. A column with that ` +
      'many values is an identifier, not a category: mark it as one in the dataset schema, or group its values, and refit',
    columns
      .filter((c) => c.categories.length > limit / 10)
      .map((c) => ({ path: [c.name], message: `${c.categories.length.toLocaleString('en')} categories` })),
  );
}
