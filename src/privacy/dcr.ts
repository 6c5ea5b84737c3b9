/**
 * Distance to closest record (DCR), exactly as SDMetrics' `calculate_dcr` defines it
 * (metrics.md §1.7): the mean over the compared columns of per-column distances, with numeric
 * ranges taken from the REFERENCE (searched) table, missing-value rules (both missing 0, one
 * missing 1), zero-range columns compared for equality, and categorical/boolean columns 0/1.
 */
import type { PreparedTable } from '../schema/prepare-table.js';
import { type DistanceEncodingOptions, encodeForDistance } from './distance-encoding.js';
import { buildDistanceIndex } from './distance-index.js';
import { type DistanceRunOptions, searchNearest } from './distance-pool.js';
import { nearestDistances } from './nearest-distances.js';

export interface DcrOptions extends DistanceRunOptions {
  /** Per numeric column anchors (see {@link DistanceEncodingOptions}); only rounding depends on them. */
  readonly anchors?: DistanceEncodingOptions['anchors'];
  /** Per numeric column ranges replacing the reference's own (not SDMetrics' definition; see the option). */
  readonly ranges?: DistanceEncodingOptions['ranges'];
}

/**
 * DCR of every query row to the reference table, in this thread.
 * @throws DoppelError `schema-mismatch` (missing column, kinds disagree) or `usage` (nothing to compare).
 * @example dcrSync(synthetic, real, ['age', 'city']) // Float64Array [0.0263, 0.0211, ...]
 */
export function dcrSync(
  query: PreparedTable,
  reference: PreparedTable,
  columns: readonly string[],
  options: Pick<DcrOptions, 'anchors' | 'ranges'> = {},
): Float64Array {
  const encoding = encodeForDistance(query, reference, columns, {
    anchors: options.anchors,
    ranges: options.ranges,
  });
  return nearestDistances(encoding.query, buildDistanceIndex(encoding.reference), 1);
}

/**
 * DCR of every query row to the reference table, split over `workers` threads. Same values as
 * {@link dcrSync} for any worker count. Exact nearest neighbours; 100k × 100k rows of 20 customer
 * columns take a few seconds (see the module notes of nearest-distances.ts for the worst case).
 * @throws DoppelError as {@link dcrSync}, and `worker-failed` if a worker crashes.
 */
export async function dcr(
  query: PreparedTable,
  reference: PreparedTable,
  columns: readonly string[],
  options: DcrOptions = {},
): Promise<Float64Array> {
  const encoding = encodeForDistance(query, reference, columns, {
    anchors: options.anchors,
    ranges: options.ranges,
    shared: (options.pool?.threads ?? options.workers ?? 1) > 1,
  });
  return searchNearest(encoding, 1, options);
}

/**
 * The median as numpy computes it (the mean of the two middle values for an even count), NaN
 * skipped like pandas' `Series.median`; NaN for no values. Sorts a typed copy: O(n log n).
 * @example medianOf(new Float64Array([3, 1, 2, 10])) // 2.5
 */
export function medianOf(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1]!)) n--; // typed-array sort puts NaN last
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mean of the values (NaN skipped); NaN for none. */
export function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    sum += x;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}
