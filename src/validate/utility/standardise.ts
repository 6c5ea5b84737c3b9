/**
 * Column scaling for the utility models, learned once from the real training rows and applied to
 * every table: centred, unit-variance features make gradient steps well conditioned and put every
 * coefficient on one scale.
 */

/** Mean and standard deviation of one feature; sd 1 for a constant feature. */
export interface Scale {
  readonly mean: number;
  readonly sd: number;
}

/**
 * Mean and population standard deviation of the finite values (a constant or empty feature gets
 * sd 1, so it maps to zeros instead of NaN). O(n).
 * @example scaleOf(Float64Array.of(1, 2, 3)) // { mean: 2, sd: 0.816496580927726 }
 */
export function scaleOf(values: ArrayLike<number>): Scale {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      n++;
      sum += v;
    }
  }
  if (n === 0) return { mean: 0, sd: 1 };
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  const sd = Math.sqrt(squares / n);
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}
