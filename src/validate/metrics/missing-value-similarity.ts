/**
 * MissingValueSimilarity (SDMetrics `single_column.MissingValueSimilarity`): 1 − |share of missing
 * values in the real column − share in the synthetic column|. O(n + m).
 * @returns a score in [0, 1]; NaN when either column is empty.
 * @example missingValueSimilarity(4, 1, 10, 0) // 0.75
 */
export function missingValueSimilarity(
  realRows: number,
  realMissing: number,
  syntheticRows: number,
  syntheticMissing: number,
): number {
  if (realRows === 0 || syntheticRows === 0) return Number.NaN;
  return 1 - Math.abs(realMissing / realRows - syntheticMissing / syntheticRows);
}

/** Number of missing values: NaN in a number column, null in a label column. */
export function countMissing(values: Float64Array | readonly (string | null)[]): number {
  let missing = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) missing++;
  } else {
    for (const v of values) if (v === null) missing++;
  }
  return missing;
}
