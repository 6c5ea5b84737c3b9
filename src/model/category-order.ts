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
  const sums: AnchorSums[] = [];
  for (const anchor of anchors) {
    const entry: AnchorSums = {
      sums: new Float64Array(codes.size),
      counts: new Float64Array(codes.size),
      total: 0,
      totalSquares: 0,
    };
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const x = anchor[i]!;
      if (slot < 0 || Number.isNaN(x)) continue;
      entry.sums[slot]! += x;
      entry.counts[slot]! += 1;
      entry.total += x;
      entry.totalSquares += x * x;
    }
    sums.push(entry);
  }
  return categoryOrderFromSums([...codes.keys()], sums);
}

/** Per category (by code) of a column, the sums of one anchor's scores over rows where both are present. */
export interface AnchorSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  total: number;
  totalSquares: number;
}

/**
 * {@link anchoredCategoryOrder} from its sums (mergeable: partial statistics hold them).
 * @param labels the column's labels, label i having code i in every `AnchorSums`.
 */
export function categoryOrderFromSums(
  labels: readonly string[],
  anchors: readonly AnchorSums[],
): Map<string, number> | null {
  let best: { eta: number; means: Float64Array } | null = null;
  for (const { sums, counts, total, totalSquares } of anchors) {
    let n = 0;
    for (const count of counts) n += count;
    if (n < 2) continue;
    const mean = total / n;
    const variance = totalSquares - n * mean * mean;
    if (!(variance > 0)) continue;
    let between = 0;
    const means = new Float64Array(labels.length);
    for (let c = 0; c < labels.length; c++) {
      means[c] = counts[c]! > 0 ? sums[c]! / counts[c]! : mean;
      between += counts[c]! * (means[c]! - mean) ** 2;
    }
    const eta = between / variance;
    if (eta >= MIN_ETA_SQUARED && (best === null || eta > best.eta)) best = { eta, means };
  }
  if (best === null) return null;
  const { means } = best;
  const ordered = labels
    .map((label, code) => [label, code] as const)
    .sort(([a, codeA], [b, codeB]) => means[codeA]! - means[codeB]! || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(ordered.map(([label], rank) => [label, rank]));
}
