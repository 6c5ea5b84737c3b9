/**
 * Seeded row sampling (privacy metrics' subsamples, attack targets and baselines; the fit's clustering sample). Every draw
 * comes from a {@link RandomSource} passed in, so a metric run with the same seed is repeatable.
 */
import type { RandomSource } from './random.js';

/**
 * A uniform integer in [0, n), by rejection on 32-bit draws so that there is no modulo bias.
 * @example randomInt(makeRandom(1), 6) // an integer 0..5
 */
export function randomInt(random: RandomSource, n: number): number {
  if (!(n >= 1)) throw new RangeError('randomInt needs n >= 1');
  if (n > 0x100000000) return Math.floor(random.nextDouble() * n);
  const limit = 0x100000000 - (0x100000000 % n);
  let x: number;
  do x = random.nextUint32();
  while (x >= limit);
  return x % n;
}

/** Shuffles an array in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  random: RandomSource,
  items: T,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/**
 * `k` distinct indices of [0, n) in random order (a partial Fisher–Yates shuffle), like
 * `DataFrame.sample(k, replace=False)`. O(n) memory, O(k) draws.
 * @throws RangeError when k > n.
 */
export function sampleWithoutReplacement(random: RandomSource, n: number, k: number): Int32Array {
  if (k > n) throw new RangeError(`cannot sample ${k} distinct rows from ${n}`);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(random, n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/** `k` indices of [0, n) drawn independently (with replacement). */
export function sampleWithReplacement(random: RandomSource, n: number, k: number): Int32Array {
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = randomInt(random, n);
  return out;
}
