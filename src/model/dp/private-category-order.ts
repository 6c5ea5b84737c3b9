/**
 * The order of a nominal column's categories on [0, 1], chosen under differential privacy. A
 * Gaussian copula expresses only monotone relations, so the plain fit lays nominal categories out
 * along the ordered column they are most associated with (category-order.ts). The private fit does
 * the same from one noisy release of per-category score sums.
 */
import type { Accountant } from './accountant.js';
import type { PrivateFittedCategorical } from './private-categorical.js';

/** Anchor scores are clipped to ±2 for this release: it needs category means, not tails. */
export const ANCHOR_CLIP = 2;
/** Below this (noise-corrected) correlation ratio the frequency order stays, as in the plain fit. */
const MIN_ETA_SQUARED = 0.01;

/** A nominal column to lay out, and the released number of rows with a value in it. */
export interface NominalColumn {
  readonly fitted: PrivateFittedCategorical;
  readonly presentRows: number;
}

/**
 * Lays out each nominal column along its most associated anchor, under differential privacy.
 *
 * One release: for every nominal column c, category k and anchor a (the normal score of a number
 * column, computed from its released marginal; clipped to ±{@link ANCHOR_CLIP}, 0 where missing),
 * the sum of anchor a's scores over the rows in category k. A row is in one category of each
 * column, so adding or removing it changes, per column, A sums by at most ANCHOR_CLIP each:
 * L2 sensitivity ANCHOR_CLIP·√(C·A), L1 sensitivity ANCHOR_CLIP·C·A, for C columns and A anchors.
 *
 * Post-processing: per column and anchor, category means are the noisy sums over the released
 * counts, and the correlation ratio η² = Σ n_k (m_k − m̄)² / n (Pearson 1903; the anchor scores have
 * variance about 1) is debiased by the noise's expected contribution Σ σ²/(n_k n). The anchor with
 * the largest η² orders the categories by mean; below 0.01 the frequency order stays.
 * O(n · C · A).
 * @returns the columns, each laid out anew or as it was.
 */
export function privateCategoryOrders(
  columns: readonly NominalColumn[],
  anchors: readonly Float64Array[],
  rows: number,
  accountant: Accountant,
  share: number,
): PrivateFittedCategorical[] {
  const sums = new Float64Array(anchorSumsLength(columns, anchors.length));
  addAnchorSums(
    sums,
    columns.map(({ fitted }) => fitted),
    anchors,
    rows,
  );
  return categoryOrdersFromSums(columns, anchors.length, sums, accountant, share);
}

/** How many sums the release has: categories of every column times anchors. */
export function anchorSumsLength(columns: readonly NominalColumn[], anchors: number): number {
  return columns.reduce((sum, { fitted }) => sum + fitted.model.categories.length * anchors, 0);
}

/**
 * Adds the rows' clipped anchor scores to their categories' sums (column by column, category by
 * category, anchor by anchor): a sum, so partitions of the rows add up
 * (model/partial/private-merge.ts). O(n · C · A).
 */
export function addAnchorSums(
  sums: Float64Array,
  columns: readonly {
    readonly model: { readonly categories: readonly string[] };
    slotOf(row: number): number;
  }[],
  anchors: readonly Float64Array[],
  rows: number,
): void {
  const offsets: number[] = [];
  let cells = 0;
  for (const fitted of columns) {
    offsets.push(cells);
    cells += fitted.model.categories.length * anchors.length;
  }
  for (let row = 0; row < rows; row++) {
    columns.forEach((fitted, c) => {
      const slot = fitted.slotOf(row);
      if (slot < 0) return;
      const base = offsets[c]! + slot * anchors.length;
      anchors.forEach((anchor, a) => {
        const z = anchor[row]!;
        if (!Number.isNaN(z)) sums[base + a]! += Math.min(ANCHOR_CLIP, Math.max(-ANCHOR_CLIP, z));
      });
    });
  }
}

/** The release and post-processing of {@link privateCategoryOrders}, from exact sums. */
export function categoryOrdersFromSums(
  columns: readonly NominalColumn[],
  anchorCount: number,
  sums: Float64Array,
  accountant: Accountant,
  share: number,
): PrivateFittedCategorical[] {
  const offsets: number[] = [];
  let cells = 0;
  for (const { fitted } of columns) {
    offsets.push(cells);
    cells += fitted.model.categories.length * anchorCount;
  }
  const anchors = Array.from({ length: anchorCount });
  const measured = accountant.measure({
    statistic: 'category anchor score sums',
    column: null,
    values: sums,
    l1Sensitivity: ANCHOR_CLIP * columns.length * anchorCount,
    l2Sensitivity: ANCHOR_CLIP * Math.sqrt(columns.length * anchorCount),
    share,
  });
  const noiseVariance = accountant.noiseVariance(measured.scale);

  return columns.map(({ fitted, presentRows }, c) => {
    const counts = fitted.model.probabilities.map((p) => Math.max(1, p * presentRows));
    const n = counts.reduce((a, b) => a + b, 0);
    let best = { eta: MIN_ETA_SQUARED, means: null as number[] | null };
    anchors.forEach((_, a) => {
      const categorySums = counts.map((__, k) => measured.noisy[offsets[c]! + k * anchors.length + a]!);
      const mean = categorySums.reduce((x, y) => x + y, 0) / n;
      const means = categorySums.map((sum, k) => sum / counts[k]!);
      const between = means.reduce((acc, m, k) => acc + counts[k]! * (m - mean) ** 2, 0) / n;
      const bias = counts.reduce((acc, count) => acc + noiseVariance / (count * n), 0);
      if (between - bias > best.eta) best = { eta: between - bias, means };
    });
    const { means } = best;
    if (means === null) return fitted;
    const order = means.map((_, k) => k).sort((x, y) => means[x]! - means[y]! || x - y);
    return fitted.reorder(order);
  });
}
