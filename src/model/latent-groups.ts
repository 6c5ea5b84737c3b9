/**
 * Latent groups for a mixture of copulas when no column splits the customers (stratify.ts finds
 * none): k-means clusters of the rows' normal scores. One Gaussian copula has one correlation
 * matrix for the whole table; data made of regimes breaks that. On margarine_purchases every row's
 * ten shelf prices come from a store and week, and in the stores where one tub costs 0.98 another
 * stick costs 0.39-0.53 (Pearson −0.56 over the table, while the bulk of the rows shows no trend);
 * one copula keeps the bulk and loses the regime (−0.08). A copula per cluster keeps both.
 *
 * Each group refits every marginal under the k rule and its own correlation, so a group must be
 * large: {@link ROWS_PER_LATENT_GROUP} rows per group on average and at least
 * max(200, 10 d) in each. Calibrated on the shared datasets (70% training splits, seeds 1-5):
 * margarine_purchases (3,129 rows, 4 groups) goes from 0.972 to 0.983 of the holdout ceiling and
 * credit_data (3,118 rows) stays at 1.00; on creditcard_aer (923 rows) 2 or 3 groups of 300-600
 * rows lowered quality from 0.990 to 0.981, so tables under 1,500 rows keep one copula.
 */
import { kmeans } from 'ml-kmeans';
import { makeRandom } from '../stats/random.js';
import { sampleWithoutReplacement } from '../stats/random-rows.js';
import { MIN_STRATUM_ROWS } from './stratify.js';

/** Rows per latent group, on average, that a table must have for each group it is split into. */
export const ROWS_PER_LATENT_GROUP = 750;
/** At most this many latent groups: each is a whole model. */
export const MAX_LATENT_GROUPS = 4;
/** k-means runs on at most this many rows (a seeded subsample); every row is then assigned. */
const CLUSTER_SAMPLE_ROWS = 20_000;

/**
 * The rows of each latent group, largest group first, or null when the table is too small or no
 * clustering leaves every group large enough. Tries the most groups the table allows
 * (rowCount / {@link ROWS_PER_LATENT_GROUP}, at most {@link MAX_LATENT_GROUPS}) and fewer until each
 * group has max({@link MIN_STRATUM_ROWS}, 10 d) rows. A missing value's score is 0 (the scores'
 * mean). Deterministic for a seed.
 * @param scores each modelled column's normal scores (value dimension).
 */
export function latentGroups(
  scores: readonly Float64Array[],
  rowCount: number,
  dimensions: number,
  seed: number,
): Int32Array[] | null {
  const most = Math.min(MAX_LATENT_GROUPS, Math.floor(rowCount / ROWS_PER_LATENT_GROUP));
  if (most < 2 || scores.length === 0) return null;
  const point = (r: number) => scores.map((s) => (Number.isNaN(s[r]!) ? 0 : s[r]!));
  const sampled =
    rowCount <= CLUSTER_SAMPLE_ROWS
      ? Array.from({ length: rowCount }, (_, r) => r)
      : Array.from(sampleWithoutReplacement(makeRandom(seed, 0x6b6d), rowCount, CLUSTER_SAMPLE_ROWS));
  const data = sampled.map(point);
  const minRows = Math.max(MIN_STRATUM_ROWS, 10 * dimensions);
  for (let k = most; k >= 2; k--) {
    const { centroids } = kmeans(data, k, { seed, initialization: 'kmeans++' });
    const groupOf = assignNearest(
      scores,
      rowCount,
      centroids.map((c) => Float64Array.from(c)),
    );
    const counts = new Int32Array(k);
    for (const g of groupOf) counts[g]!++;
    if (counts.some((n) => n < minRows)) continue;
    const rows = Array.from(counts, (n) => new Int32Array(n));
    const filled = new Int32Array(k);
    groupOf.forEach((g, r) => {
      rows[g]![filled[g]!++] = r;
    });
    return rows.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  }
  return null;
}

/** Each row's nearest centroid (squared Euclidean distance; the first on ties). */
function assignNearest(
  scores: readonly Float64Array[],
  rowCount: number,
  centroids: Float64Array[],
): Int32Array {
  const groupOf = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    centroids.forEach((centroid, g) => {
      let distance = 0;
      for (let i = 0; i < scores.length; i++) {
        const v = scores[i]![r]!;
        const d = (Number.isNaN(v) ? 0 : v) - centroid[i]!;
        distance += d * d;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = g;
      }
    });
    groupOf[r] = best;
  }
  return groupOf;
}
