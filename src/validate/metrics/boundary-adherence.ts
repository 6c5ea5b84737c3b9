/**
 * BoundaryAdherence (SDMetrics, metrics.md §1.6): the share of synthetic values inside the real
 * column's [min, max]. Keeps SDMetrics' rule for missing values: only when the real column has a
 * missing value are missing values dropped from both sides; otherwise a missing synthetic value
 * counts as out of bounds. Order-only, so datetimes may be given in any unit. O(n + m).
 * @returns a score in [0, 1]; NaN when no synthetic value is left to judge.
 * @example boundaryAdherence(Float64Array.of(1, 5), Float64Array.of(0, 3, Number.NaN)) // 0.3333333333333333
 */
export function boundaryAdherence(real: Float64Array, synthetic: Float64Array): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let realHasMissing = false;
  for (let i = 0; i < real.length; i++) {
    const v = real[i]!;
    if (Number.isNaN(v)) realHasMissing = true;
    else {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  let inside = 0;
  let judged = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i]!;
    if (Number.isNaN(v) && realHasMissing) continue;
    judged++;
    if (v >= lo && v <= hi) inside++; // NaN fails both comparisons
  }
  return judged === 0 ? Number.NaN : inside / judged;
}
