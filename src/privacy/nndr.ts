/**
 * Nearest-neighbour distance ratio (metrics.md §4.1). doppel reports the MOSTLY AI QA variant:
 * for each SYNTHETIC row, d1 and d2 are the distances to its first and second nearest TRAINING
 * rows, and NNDR = (d1 + 1e-8) / (d2 + 1e-8). The distance is the DCR distance of §1.7 (mean over
 * columns, ranges from the searched table), not MOSTLY AI's embedding distance, so values are
 * comparable within doppel, not with MOSTLY AI's.
 *
 * A value near 0 means a synthetic row sits next to ONE real customer and far from every other
 * one: the signature of a copied or barely perturbed record. The summary is the 10th smallest value
 * (MOSTLY AI's `np.sort(nndr)[9]`), and with a holdout the ratio of that figure to the same
 * figure against the holdout: well below 1 means synthetic rows are isolated near training
 * customers more than near fresh ones.
 */
import type { PreparedTable } from '../schema/prepare-table.js';
import { meanOf, medianOf } from './dcr.js';
import { commonAnchors, encodeForDistance } from './distance-encoding.js';
import { type DistanceRunOptions, searchNearest, withDistancePool } from './distance-pool.js';

const EPSILON = 1e-8;

export interface NndrSummary {
  /** NNDR of every synthetic row, in row order. */
  readonly values: Float64Array;
  readonly mean: number;
  readonly median: number;
  /** The 10th smallest value (the smallest if there are fewer than 10 rows). */
  readonly tenthSmallest: number;
}

export interface NndrResult {
  readonly training: NndrSummary;
  /** The same against the holdout, when one is given. */
  readonly holdout?: NndrSummary;
  /** training.tenthSmallest / holdout.tenthSmallest (MOSTLY AI's "NNDR ratio"). */
  readonly ratio?: number;
}

/** NNDR values from k = 2 distances (`[d1, d2, d1, d2, ...]`). */
export function nndrFromDistances(pairs: Float64Array): NndrSummary {
  const n = pairs.length / 2;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = (pairs[2 * i]! + EPSILON) / (pairs[2 * i + 1]! + EPSILON);
  const sorted = Float64Array.from(values).sort();
  return {
    values,
    mean: meanOf(values),
    median: medianOf(values),
    tenthSmallest: n === 0 ? Number.NaN : sorted[Math.min(9, n - 1)]!,
  };
}

/**
 * NNDR of `synthetic` rows to `training` (and `holdout`). Needs at least two rows in each reference.
 * @throws DoppelError as {@link encodeForDistance}; RangeError for a reference of fewer than 2 rows.
 * @example (await nndr(syn, train, columns)).training.tenthSmallest // 0.41
 */
export async function nndr(
  synthetic: PreparedTable,
  training: PreparedTable,
  columns: readonly string[],
  options: DistanceRunOptions & { readonly holdout?: PreparedTable } = {},
): Promise<NndrResult> {
  const references = options.holdout ? [training, options.holdout] : [training];
  if (references.some((r) => r.rowCount < 2))
    throw new RangeError('NNDR needs references of at least 2 rows');
  const anchors = commonAnchors(references, columns);
  const threads = options.pool?.threads ?? options.workers ?? 1;
  return withDistancePool(options, async (run) => {
    const summaries: NndrSummary[] = [];
    for (const reference of references) {
      const encoding = encodeForDistance(synthetic, reference, columns, { anchors, shared: threads > 1 });
      summaries.push(nndrFromDistances(await searchNearest(encoding, 2, run)));
    }
    const [trainingSummary, holdoutSummary] = summaries as [NndrSummary, NndrSummary | undefined];
    return holdoutSummary
      ? {
          training: trainingSummary,
          holdout: holdoutSummary,
          ratio: trainingSummary.tenthSmallest / holdoutSummary.tenthSmallest,
        }
      : { training: trainingSummary };
  });
}
