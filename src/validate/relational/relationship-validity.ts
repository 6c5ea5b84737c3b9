/**
 * The DiagnosticReport's Relationship Validity metrics (metrics.md §3.6; SDMetrics
 * `column_pairs/statistical/referential_integrity.py` and `cardinality_boundary_adherence.py`).
 */

/**
 * ReferentialIntegrity: the share of synthetic child rows whose foreign key is among the synthetic
 * parent keys. Null foreign keys are dropped when the real child has null foreign keys (optional
 * parents), and count as broken otherwise. NaN for a synthetic child with no rows (pandas' mean of
 * nothing). O(p + c).
 * @example referentialIntegrity(['1', '2'], ['1', '2', '3'], ['1', '1', '4']) // 0.6666666666666666
 */
export function referentialIntegrity(
  realForeignKeys: readonly (string | null)[],
  syntheticParentKeys: readonly (string | null)[],
  syntheticForeignKeys: readonly (string | null)[],
): number {
  const realHasNull = realForeignKeys.some((key) => key === null);
  const parents = new Set(syntheticParentKeys);
  let rows = 0;
  let valid = 0;
  for (const key of syntheticForeignKeys) {
    if (key === null && realHasNull) continue;
    rows++;
    if (key !== null && parents.has(key)) valid++;
  }
  return rows === 0 ? Number.NaN : valid / rows;
}

/**
 * CardinalityBoundaryAdherence: the share of synthetic parents whose number of children lies within
 * [min, max] of the real parents' (childless parents count 0), from the two cardinality
 * distributions. NaN without synthetic parents. O(p_r + p_s).
 * @example cardinalityBoundaryAdherence(Float64Array.of(1, 3), Float64Array.of(0, 1, 2, 4)) // 0.5
 */
export function cardinalityBoundaryAdherence(real: Float64Array, synthetic: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of real) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let inside = 0;
  for (const v of synthetic) if (v >= min && v <= max) inside++;
  return synthetic.length === 0 ? Number.NaN : inside / synthetic.length;
}
