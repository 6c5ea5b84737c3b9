/**
 * A column's present values in ascending order, read by rank: what the k-private CDF
 * (private-cdf.ts) and the observed decimals need, without requiring the values as one array. The
 * row fit has them as a sorted Float64Array ({@link sortedArrayValues}); the streamed fit has them
 * as run-length cells (value-cells.ts), which would cost 8 bytes a row to expand.
 */
export interface SortedValues {
  /** How many values (ranks 0 … length − 1). */
  readonly length: number;
  /** The value of one rank. */
  at(rank: number): number;
  /**
   * The runs of equal values at least `min` long, in ascending order: each run's first rank and
   * length (runs shorter than `min` are left out, so a long column of distinct values costs nothing).
   */
  runsAtLeast(min: number): { readonly starts: Float64Array; readonly counts: Float64Array };
  /** Every distinct value at least once (repeats allowed), for {@link observedDecimals}-like scans. */
  distinct(): Iterable<number>;
}

/** The sorted array itself as {@link SortedValues}. */
export function sortedArrayValues(sorted: Float64Array): SortedValues {
  return {
    length: sorted.length,
    at: (rank) => sorted[rank]!,
    runsAtLeast: (min) => {
      // Two scans (count, then fill) so the runs' arrays are allocated once at their size.
      const visit = (keep: (start: number, count: number) => void) => {
        let start = 0;
        for (let i = 1; i <= sorted.length; i++) {
          if (i < sorted.length && sorted[i] === sorted[start]) continue;
          if (i - start >= min) keep(start, i - start);
          start = i;
        }
      };
      return runsOfVisitor(visit);
    },
    distinct: () => sorted,
  };
}

/**
 * The runs a visitor reports, as typed arrays sized by a first visit (a 10M-row column can have a
 * million runs, and growing plain arrays to that size showed in a fit's peak).
 */
export function runsOfVisitor(visit: (keep: (start: number, count: number) => void) => void): {
  starts: Float64Array;
  counts: Float64Array;
} {
  let runs = 0;
  visit(() => {
    runs++;
  });
  const starts = new Float64Array(runs);
  const counts = new Float64Array(runs);
  let r = 0;
  visit((start, count) => {
    starts[r] = start;
    counts[r++] = count;
  });
  return { starts, counts };
}
