/**
 * Moment matching of a block of independent standard normals (a classic Monte Carlo variance
 * reduction): each dimension's draws are shifted and scaled to mean 0 and standard deviation 1
 * exactly, so a block's marginals sit on the model's instead of straying by sampling noise. The
 * relational sampler draws its customers this way: a release of a few hundred customers (the
 * protocol's 155 households) otherwise drifts by several standard errors at once, because every
 * customer column and behaviour summary comes from the same few draws (margarine seed 5: a mean of
 * 7.1 purchases per household where the model and the data have 8.7, and the events of all those
 * households inherit it). The model is untouched; only the draws' own noise shrinks.
 */

/** Fewer rows than this: the draws stay as drawn (a sample deviation of a handful of values means little). */
export const MIN_MATCHED_ROWS = 8;

/**
 * In place, for each of `dimensions` dimensions of a dimension-major block (z[k · rows + r]):
 * subtract the block's mean, divide by its sample standard deviation. Hand-written: it runs on
 * every block of customers, two unit-stride passes per dimension. O(rows · dimensions).
 * @example matchMoments(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), 1, 8) // mean 0, sd 1
 */
export function matchMoments(z: Float64Array, dimensions: number, rows: number): void {
  if (rows < MIN_MATCHED_ROWS) return;
  for (let k = 0; k < dimensions; k++) {
    const start = k * rows;
    const end = start + rows;
    let sum = 0;
    for (let i = start; i < end; i++) sum += z[i]!;
    const mean = sum / rows;
    let squares = 0;
    for (let i = start; i < end; i++) {
      const x = z[i]! - mean;
      squares += x * x;
    }
    // All draws equal (a zero spread): centred only, there is nothing to scale.
    const scale = squares > 0 ? 1 / Math.sqrt(squares / (rows - 1)) : 1;
    for (let i = start; i < end; i++) z[i] = (z[i]! - mean) * scale;
  }
}
