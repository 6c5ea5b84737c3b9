/**
 * Output type decisions shared by the Arrow schema (main thread) and the sampler (workers), kept
 * free of apache-arrow so worker threads start without loading it.
 */
import type { PiecewiseCdf } from '../model/model-format.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Bytes per dictionary index: the narrowest signed width that holds every category's index. */
export function categoryIndexBytes(categoryCount: number): 1 | 2 | 4 {
  if (categoryCount <= 0x7f) return 1;
  if (categoryCount <= 0x7fff) return 2;
  return 4;
}

/**
 * The integers a CDF can produce once rounded: [ceil(first knot), floor(last knot)], or the single
 * nearest integer when both knots lie between the same two integers.
 * @example integerRange({ values: [0.5, 72], cumulative: [0, 1] }) // { min: 1, max: 72 }
 */
export function integerRange(cdf: PiecewiseCdf): { min: number; max: number } {
  const first = cdf.values[0] as number;
  const last = cdf.values[cdf.values.length - 1] as number;
  const min = Math.ceil(first);
  const max = Math.floor(last);
  return max >= min ? { min, max } : { min: Math.round(first), max: Math.round(first) };
}

/** True when an integer column needs Int64 because its range does not fit in Int32. */
export function isWideInteger(cdf: PiecewiseCdf): boolean {
  const { min, max } = integerRange(cdf);
  return min < INT32_MIN || max > INT32_MAX;
}
