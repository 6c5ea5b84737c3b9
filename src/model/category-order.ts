/**
 * Where a nominal column's categories go on [0, 1]. A Gaussian copula can only express monotone
 * relations, so the order of a nominal column's intervals decides which relations survive: with
 * telco's streaming_tv laid out as No, Yes, "No internet service" (by frequency), its strong link to
 * monthly_charges (no internet → the cheapest plans) is not monotone and is lost. Ordering the
 * categories by the mean normal score of the ordered column they are most associated with makes that
 * relation monotone, and lines up sibling columns ("No internet service" lands at the same end of
 * every service column).
 */

/** Below this correlation ratio a column is taken as unrelated to any anchor; frequency order stays. */
const MIN_ETA_SQUARED = 0.01;

/**
 * For each category, its rank along the anchor (the candidate score column with the largest
 * correlation ratio η² = between-category variance / total variance; Pearson 1903), ordered by the
 * category's mean anchor score. Null when no anchor explains at least 1% of the variance.
 * O(n · anchors).
 * @param labels the column's labels (null = missing).
 * @param anchors normal scores of the ordered columns (numeric, integer, datetime); NaN = missing.
 */
export function anchoredCategoryOrder(
  labels: readonly (string | null)[],
  anchors: readonly Float64Array[],
): Map<string, number> | null {
  const codes = new Map<string, number>();
  const slots = new Int32Array(labels.length);
  labels.forEach((label, i) => {
    if (label === null) {
      slots[i] = -1;
      return;
    }
    let code = codes.get(label);
    if (code === undefined) codes.set(label, (code = codes.size));
    slots[i] = code;
  });
  let best: { eta: number; means: Float64Array } | null = null;
  for (const anchor of anchors) {
    const sums = new Float64Array(codes.size);
    const counts = new Float64Array(codes.size);
    let total = 0;
    let totalSquares = 0;
    let n = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const x = anchor[i]!;
      if (slot < 0 || Number.isNaN(x)) continue;
      sums[slot]! += x;
      counts[slot]! += 1;
      total += x;
      totalSquares += x * x;
      n++;
    }
    if (n < 2) continue;
    const mean = total / n;
    const variance = totalSquares - n * mean * mean;
    if (!(variance > 0)) continue;
    let between = 0;
    const means = new Float64Array(codes.size);
    for (let c = 0; c < codes.size; c++) {
      means[c] = counts[c]! > 0 ? sums[c]! / counts[c]! : mean;
      between += counts[c]! * (means[c]! - mean) ** 2;
    }
    const eta = between / variance;
    if (eta >= MIN_ETA_SQUARED && (best === null || eta > best.eta)) best = { eta, means };
  }
  if (best === null) return null;
  const { means } = best;
  const ordered = [...codes].sort(
    ([a, codeA], [b, codeB]) => means[codeA]! - means[codeB]! || (a < b ? -1 : a > b ? 1 : 0),
  );
  return new Map(ordered.map(([label], rank) => [label, rank]));
}
