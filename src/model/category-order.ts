import { codeLabels } from './label-codes.js';

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
  const slots = codeLabels(labels, codes);
  const sums = anchors.map((anchor) => {
    const entry = emptyAnchorSums();
    addAnchorSums(entry, codes.size, slots, anchor);
    return entry;
  });
  return categoryOrderFromSums([...codes.keys()], sums);
}

/** Per category (by code) of a column, the sums of one anchor's scores over rows where both are present. */
export interface AnchorSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  total: number;
  totalSquares: number;
}

/** Sums of no rows, to grow with {@link addAnchorSums}. */
export function emptyAnchorSums(): AnchorSums {
  return { sums: new Float64Array(0), counts: new Float64Array(0), total: 0, totalSquares: 0 };
}

/** Adds one batch into an anchor's sums per code, growing them as labels appear. */
export function addAnchorSums(
  entry: AnchorSums,
  codes: number,
  slots: Int32Array,
  anchor: Float64Array,
): void {
  if (entry.sums.length < codes) {
    const grown = { sums: new Float64Array(codes), counts: new Float64Array(codes) };
    grown.sums.set(entry.sums);
    grown.counts.set(entry.counts);
    (entry as { sums: Float64Array }).sums = grown.sums;
    (entry as { counts: Float64Array }).counts = grown.counts;
  }
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const x = anchor[i]!;
    if (slot < 0 || Number.isNaN(x)) continue;
    entry.sums[slot]! += x;
    entry.counts[slot]! += 1;
    entry.total += x;
    entry.totalSquares += x * x;
  }
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

/**
 * The stored order of a categorical column's kept categories: by anchor rank for a nominal column
 * (when one was found), the schema's order or numeric/code-point order for an ordered one, else by
 * count. Shared by the plain and the private fit so both lay out categories alike.
 */
export function orderCategories(
  entries: [string, number][],
  ordered: boolean,
  schemaOrder: readonly string[] | undefined,
  rank?: ReadonlyMap<string, number>,
): [string, number][] {
  if (!ordered && rank) return entries.sort(([a], [b]) => rank.get(a)! - rank.get(b)!);
  if (ordered && schemaOrder) {
    const position = new Map(schemaOrder.map((label, i) => [label, i]));
    return entries.sort(([a], [b]) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity));
  }
  if (ordered) {
    const allNumeric = entries.every(([label]) => label.trim() !== '' && Number.isFinite(Number(label)));
    return entries.sort(([a], [b]) => (allNumeric ? Number(a) - Number(b) : compareCodePoints(a, b)));
  }
  return entries.sort(([a, countA], [b, countB]) => countB - countA || compareCodePoints(a, b));
}

/** Locale-independent, so the same data gives the same model on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `base`, or `base` with a number inside its closing bracket, not equal to any taken label. */
export function uniqueLabel(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base.slice(0, -1)} ${i})`;
    if (!taken.has(candidate)) return candidate;
  }
}
