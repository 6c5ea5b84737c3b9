import type { PiecewiseCdf } from '../model-format.js';

/**
 * F(x) of a piecewise CDF whose knot values strictly increase (as private fits make them): the
 * first knot's level below it, the last knot's from it on, linear in between.
 * O(log knots).
 * @example cdfAt({ values: [0, 10], cumulative: [0, 1] }, 2.5) // 0.25
 */
export function cdfAt(cdf: PiecewiseCdf, x: number): number {
  const { values, cumulative } = cdf;
  const last = values.length - 1;
  if (x <= values[0]!) return cumulative[0]!;
  if (x >= values[last]!) return cumulative[last]!;
  let low = 0;
  let high = last;
  // Invariant: values[low] < x < values[high], or x equals values[low].
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (values[mid]! <= x) low = mid;
    else high = mid;
  }
  const v0 = values[low]!;
  const c0 = cumulative[low]!;
  return c0 + ((x - v0) / (values[high]! - v0)) * (cumulative[high]! - c0);
}
