/**
 * What the report plots for each column: real and synthetic histograms on shared bins, or category
 * shares. Aggregates only, and none that describes fewer than k real customers: the bins span the
 * real 0.5–99.5% quantiles (the outermost values fall in the end bins, so no single customer's
 * extreme is drawn), and categories held by fewer than k real rows are pooled without their names.
 */
import { quantileSorted } from 'simple-statistics';
import { isQualityColumn, type MetricColumn, type QualitySdtype } from './metric-column.js';

/** Bins of a numeric histogram (integer columns with a narrow range get one bin per value instead). */
export const HISTOGRAM_BINS = 30;
/** Categories shown by name; the rest are pooled as `other`. */
export const MAX_CATEGORY_BARS = 20;
/** The histogram range: these real quantiles, so the extremes of a few customers stay hidden. */
export const HISTOGRAM_RANGE: readonly [number, number] = [0.005, 0.995];

export interface HistogramDistribution {
  readonly column: string;
  readonly sdtype: Extract<QualitySdtype, 'numerical' | 'datetime'>;
  readonly type: 'histogram';
  /** bins + 1 ascending edges (datetimes in epoch milliseconds); values beyond them are counted in the end bins. */
  readonly edges: readonly number[];
  /** Share of each table's present values in each bin. */
  readonly real: readonly number[];
  readonly synthetic: readonly number[];
  /** Share of the rows that are missing. */
  readonly realMissing: number;
  readonly syntheticMissing: number;
  /** Whether every bin holds one whole number (an integer column with a narrow range). */
  readonly integerBins: boolean;
}

export interface CategoryBar {
  /** The category; null for a pooled or missing bar. */
  readonly label: string | null;
  /**
   * `category` a category held by at least k real rows; `rare` categories held by fewer (pooled,
   * unnamed); `new` values only the synthetic data has (pooled); `other` categories beyond the first
   * {@link MAX_CATEGORY_BARS} (pooled); `missing` missing values.
   */
  readonly kind: 'category' | 'rare' | 'new' | 'other' | 'missing';
  /** How many categories a pooled bar holds. */
  readonly categories?: number;
  /** Share of all rows of each table. */
  readonly real: number;
  readonly synthetic: number;
}

export interface CategoryDistribution {
  readonly column: string;
  readonly sdtype: Extract<QualitySdtype, 'categorical' | 'boolean'>;
  readonly type: 'categories';
  readonly bars: readonly CategoryBar[];
}

export type ColumnDistribution = HistogramDistribution | CategoryDistribution;

function presentSorted(values: Float64Array): Float64Array {
  return values.filter((v) => !Number.isNaN(v)).sort();
}

function isWholeNumbers(values: Float64Array): boolean {
  for (const v of values) if (!Number.isInteger(v)) return false;
  return true;
}

function binEdges(sorted: Float64Array): { edges: number[]; integerBins: boolean } {
  if (sorted.length === 0) return { edges: [0, 1], integerBins: false };
  const values = Array.from(sorted);
  let lo = quantileSorted(values, HISTOGRAM_RANGE[0]);
  let hi = quantileSorted(values, HISTOGRAM_RANGE[1]);
  if (isWholeNumbers(sorted)) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
    if (hi - lo + 1 <= 2 * HISTOGRAM_BINS) {
      return { edges: Array.from({ length: hi - lo + 2 }, (_, i) => lo - 0.5 + i), integerBins: true };
    }
  }
  if (hi <= lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + i * step);
  edges[HISTOGRAM_BINS] = hi;
  return { edges, integerBins: false };
}

/** Shares of the present values per bin, values beyond the edges counted in the end bins. */
function binShares(values: Float64Array, edges: readonly number[]): { shares: number[]; missing: number } {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const lo = edges[0]!;
  const width = (edges[bins]! - lo) / bins;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    present++;
    // Equal-width bins: the index is arithmetic, clamped so the tails land in the end bins.
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b]!++;
  }
  return {
    shares: Array.from(counts, (count) => (present === 0 ? 0 : count / present)),
    missing: values.length === 0 ? 0 : (values.length - present) / values.length,
  };
}

function histogram(
  name: string,
  sdtype: 'numerical' | 'datetime',
  real: Float64Array,
  synthetic: Float64Array,
): HistogramDistribution {
  const { edges, integerBins } = binEdges(presentSorted(real));
  const realBins = binShares(real, edges);
  const syntheticBins = binShares(synthetic, edges);
  return {
    column: name,
    sdtype,
    type: 'histogram',
    edges,
    real: realBins.shares,
    synthetic: syntheticBins.shares,
    realMissing: realBins.missing,
    syntheticMissing: syntheticBins.missing,
    integerBins,
  };
}

function countLabels(values: readonly (string | null)[]): { counts: Map<string, number>; missing: number } {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const label of values) {
    if (label === null) missing++;
    else counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return { counts, missing };
}

function categoryBars(
  name: string,
  sdtype: 'categorical' | 'boolean',
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
  minCount: number,
): CategoryDistribution {
  const realCounts = countLabels(real);
  const syntheticCounts = countLabels(synthetic);
  const realShare = (count: number) => (real.length === 0 ? 0 : count / real.length);
  const syntheticShare = (count: number) => (synthetic.length === 0 ? 0 : count / synthetic.length);
  const ranked = [...realCounts.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const named = ranked.filter(([, count]) => count >= minCount);
  const shown = named.slice(0, MAX_CATEGORY_BARS);
  const bars: CategoryBar[] = shown.map(([label, count]) => ({
    label,
    kind: 'category',
    real: realShare(count),
    synthetic: syntheticShare(syntheticCounts.counts.get(label) ?? 0),
  }));
  const pooled = (kind: CategoryBar['kind'], labels: readonly string[]) => {
    if (labels.length === 0) return;
    let realTotal = 0;
    let syntheticTotal = 0;
    for (const label of labels) {
      realTotal += realCounts.counts.get(label) ?? 0;
      syntheticTotal += syntheticCounts.counts.get(label) ?? 0;
    }
    bars.push({
      label: null,
      kind,
      categories: labels.length,
      real: realShare(realTotal),
      synthetic: syntheticShare(syntheticTotal),
    });
  };
  pooled(
    'other',
    named.slice(MAX_CATEGORY_BARS).map(([label]) => label),
  );
  pooled(
    'rare',
    ranked.filter(([, count]) => count < minCount).map(([label]) => label),
  );
  pooled(
    'new',
    [...syntheticCounts.counts.keys()].filter((label) => !realCounts.counts.has(label)),
  );
  if (realCounts.missing > 0 || syntheticCounts.missing > 0) {
    bars.push({
      label: null,
      kind: 'missing',
      real: realShare(realCounts.missing),
      synthetic: syntheticShare(syntheticCounts.missing),
    });
  }
  return { column: name, sdtype, type: 'categories', bars };
}

/**
 * The real-versus-synthetic distribution of every quality column, for plotting. Numerical and
 * datetime columns: shares per bin on the same edges for both tables (30 equal-width bins over the
 * real 0.5–99.5% range, or one bin per value for whole numbers spanning at most 60), missing values
 * apart. Categorical and boolean columns: shares of all rows per category, most frequent in the
 * real data first, pooling what must not or cannot be named. O(n + m) per column (plus a sort of
 * the real values).
 */
export function columnDistributions(
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
  minCount: number,
): ColumnDistribution[] {
  const out: ColumnDistribution[] = [];
  real.forEach((column, i) => {
    const other = synthetic[i]!;
    if (!isQualityColumn(column)) return;
    if (column.sdtype === 'numerical' || column.sdtype === 'datetime') {
      out.push(histogram(column.name, column.sdtype, column.values, other.values as Float64Array));
    } else {
      out.push(
        categoryBars(
          column.name,
          column.sdtype,
          column.values as readonly (string | null)[],
          other.values as readonly (string | null)[],
          minCount,
        ),
      );
    }
  });
  return out;
}
