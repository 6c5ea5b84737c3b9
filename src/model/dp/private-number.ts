/**
 * The private marginal of a numeric, integer or datetime column: a piecewise CDF on the public
 * magnitude grid (magnitude-grid.ts), with the column's frequent exact values as point masses.
 */
import type { ColumnSpec } from '../../schema/dataset-schema.js';
import type { DatetimeColumnModel, IntegerColumnModel, NumericColumnModel } from '../model-format.js';
import { MAX_DECIMALS, observedDecimals } from '../observed-decimals.js';
import { cdfFromSegments, type Segment } from './cdf-from-segments.js';
import { BUCKET_COUNT, binOf, bucketIndex, bucketRange, latticeFor, splitRange } from './magnitude-grid.js';
import type { PrivateColumnContext, PrivateFittedColumn } from './private-column.js';
import { latticeOfModel, numberInterval } from './released-column.js';

/** Part of a column's share spent on its precision, when the schema does not declare `decimals`. */
export const DECIMALS_PART = 0.1;
/** Part spent on the magnitude histogram that chooses the range. */
export const RANGE_PART = 0.2;
/** Part spent on the frequent exact values (when δ > 0; else it goes to the bins). */
export const ATOMS_PART = 0.3;
/** Most decimals a private fit keeps: beyond 9, lattice units of large values pass 2^53. */
export const MAX_PRIVATE_DECIMALS = 9;
/** Fewest and most bins of the value histogram. */
export const MIN_BINS = 8;
export const MAX_BINS = 256;
/**
 * Fewest bins in each of the two end buckets of the range (fewer when it has fewer units): they
 * hold few rows, and one wide end bin would spread them far past the real values (ages up to 127
 * for a column ending at 68).
 */
export const MIN_BUCKET_BINS = 8;
/** Most frequent values kept as point masses (the loudest, when more pass). */
export const MAX_PRIVATE_ATOMS = 256;
/** Chance that noise alone lets one empty magnitude bucket (or decimals cell) pass. */
const RANGE_FALSE_POSITIVE = 0.05;
/**
 * Chance that noise alone lets any one of the B bins pass the trimming level. Only empty bins beyond
 * the data's ends matter (a spurious one far out would stretch the column to it), and those are a
 * few of the B, so a kept spurious end is rarer still; a stricter level cuts more of the thin real
 * tails (measured: 0.05 lost about 0.005 of quality on credit_data, 0.25 none on telco).
 */
const TRIM_FALSE_POSITIVE = 0.25;
/** Chance that noise alone gives a column without missing values a missing rate. */
const MISSING_FALSE_POSITIVE = 0.001;

type NumberSpec = Extract<ColumnSpec, { kind: 'numeric' | 'integer' | 'datetime' }>;
type NumberModel = NumericColumnModel | IntegerColumnModel | DatetimeColumnModel;

/**
 * Fits a number column's marginal under differential privacy. Every release is a histogram in which
 * each row falls in at most one cell, so its sensitivity is 1 (L1 and L2) under adding or removing
 * a row; each gets a fixed part of the column's share:
 * 1. **precision** (numeric columns without declared decimals; {@link DECIMALS_PART}): the
 *    histogram of how many decimals each present value shows (16 cells, 0 … 15). The model keeps the
 *    most decimals whose noisy count passes max(k, a 5% false-positive level), at most
 *    {@link MAX_PRIVATE_DECIMALS}. Values are then put on that lattice (magnitude-grid.ts).
 * 2. **range** ({@link RANGE_PART}): the histogram of present values over the 107 magnitude
 *    buckets. The range runs from the lowest to the highest bucket whose noisy count passes
 *    max(k, the level that noise reaches in any empty bucket with probability 5%) — the loudest
 *    bucket if none does. Its ends are bucket edges, never data values; values beyond are clamped
 *    onto them, so a single outlier moves no edge.
 * 3. **frequent values** (δ > 0 only; {@link ATOMS_PART}): the stability histogram of the exact
 *    lattice values present, as for category labels (private-categorical.ts): a value is a point
 *    mass of the model only when its noisy count reaches τ = max(k, 1 + σ·Φ⁻¹(1 − δᵢ)), so a value
 *    held by one row becomes one with probability at most δᵢ (and its knots still sit half a unit
 *    away from it). Round amounts, loan terms and zeros keep their exact frequencies this way.
 * 4. **distribution** (the rest): the histogram of the other present values over bins that split
 *    each bucket of the range in proportion to its noisy count (B = (n̂/σ)^⅔ bins in all, clamped
 *    to [{@link MIN_BINS}, {@link MAX_BINS}], balancing noise against resolution; at least
 *    {@link MIN_BUCKET_BINS} in the two end buckets), plus one cell of missing values.
 * Post-processing (free): end bins are trimmed up to the first whose noisy count passes the level
 * that noise reaches in any of the B bins with probability 25% (so an empty tail is cut, and a thin
 * real one with it: tails are where people are identifiable); a bin's count is
 * spread evenly over its units that are not point masses; the noisy cumulative counts are made
 * non-decreasing (isotonic regression) and normalised into the CDF's knots; the missing rate is the
 * noisy missing count over the total, or 0 when that count is below max(k, a 0.1% false-positive
 * level).
 * O(n log n).
 */
export function fitPrivateNumber(
  spec: NumberSpec,
  values: Float64Array,
  context: PrivateColumnContext,
  thresholdDelta: number,
): PrivateFittedColumn<NumberModel> {
  const present = values.filter((x) => !Number.isNaN(x));
  const released = releasePrivateNumber(
    spec,
    { values: present, weights: null, missing: values.length - present.length },
    context,
    thresholdDelta,
  );
  const lattice = latticeOfModel(released.model);
  return { ...released, interval: (row) => numberInterval(released.model, lattice, values[row]!) };
}

/**
 * A number column's present values, each held by `weights[i]` rows (1 when null), and how many rows
 * have none: the rows themselves, or exact partial statistics (model/partial/private-merge.ts).
 * Every release below is a histogram of these, so both give the same releases.
 */
export interface WeightedNumbers {
  readonly values: Float64Array;
  readonly weights: Float64Array | null;
  readonly missing: number;
}

/** The releases of {@link fitPrivateNumber}, from the column's values with their weights. */
export function releasePrivateNumber(
  spec: NumberSpec,
  column: WeightedNumbers,
  context: PrivateColumnContext,
  thresholdDelta: number,
): Pick<PrivateFittedColumn<NumberModel>, 'model' | 'rowsEstimate'> {
  const present = column.values;
  const weights = column.weights;
  const weightOf = weights === null ? () => 1 : (i: number) => weights[i]!;
  const { accountant, minCount } = context;
  const withAtoms = accountant.parameters.accounting === 'zcdp';
  const needsDecimals = spec.kind === 'numeric' && spec.decimals === undefined;
  const decimalsShare = needsDecimals ? context.share * DECIMALS_PART : 0;
  const rangeShare = context.share * RANGE_PART;
  const atomsShare = withAtoms ? context.share * ATOMS_PART : 0;
  const binsShare = context.share - decimalsShare - rangeShare - atomsShare;

  const decimals =
    spec.kind !== 'numeric'
      ? 0
      : (spec.decimals ?? privateDecimals(spec.name, present, weightOf, decimalsShare, context));
  const lattice =
    spec.kind === 'numeric'
      ? latticeFor({ kind: 'numeric', decimals })
      : spec.kind === 'integer'
        ? latticeFor({ kind: 'integer' })
        : latticeFor({ kind: 'datetime', unit: spec.unit ?? 'timestamp' });
  const units = present.map((x) => lattice.unitOf(x));

  // 2. The range, from the magnitude histogram.
  const bucketCounts = new Float64Array(BUCKET_COUNT);
  units.forEach((r, i) => {
    bucketCounts[bucketIndex(r)]! += weightOf(i);
  });
  const range = accountant.measure({
    statistic: 'magnitude histogram',
    column: spec.name,
    values: bucketCounts,
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share: rangeShare,
  });
  const bucketThreshold = Math.max(
    minCount,
    accountant.noiseAbove(range.scale, RANGE_FALSE_POSITIVE / BUCKET_COUNT),
  );
  const [lowest, highest] = passingSpan(range.noisy, bucketThreshold);

  // 3. Frequent exact values.
  const atoms = withAtoms
    ? frequentValues(spec.name, units, weightOf, atomsShare, thresholdDelta, context)
    : { units: new Map<number, number>(), cells: 0, variance: 0 };

  // 4. Bins inside the range, finer where the noisy magnitude histogram holds more rows.
  const binsScale = accountant.scaleFor(binsShare, 1, 1);
  let mass = 0;
  for (let b = lowest; b <= highest; b++) mass += Math.max(0, range.noisy[b]!);
  const totalBins = Math.min(MAX_BINS, Math.max(MIN_BINS, Math.round((mass / binsScale) ** (2 / 3))));
  const edges: number[] = [];
  for (let b = lowest; b <= highest; b++) {
    const [low, high] = bucketRange(b);
    const parts = Math.max(
      b === lowest || b === highest ? MIN_BUCKET_BINS : 1,
      mass > 0 ? Math.round((totalBins * Math.max(0, range.noisy[b]!)) / mass) : 1,
    );
    const split = splitRange(low, high, parts);
    for (let i = edges.length === 0 ? 0 : 1; i < split.length; i++) edges.push(split[i]!);
  }
  const binCount = edges.length - 1;
  const binCounts = new Float64Array(binCount + 1);
  units.forEach((r, i) => {
    if (!atoms.units.has(r)) binCounts[binOf(edges, r)]! += weightOf(i);
  });
  binCounts[binCount] = column.missing;
  const measured = accountant.measure({
    statistic: 'value histogram',
    column: spec.name,
    values: binCounts,
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share: binsShare,
  });

  const noisyBins = measured.noisy.subarray(0, binCount);
  const [first, last] = passingSpan(
    noisyBins,
    accountant.noiseAbove(measured.scale, TRIM_FALSE_POSITIVE / binCount),
  );
  const segments: Segment[] = [];
  for (let i = first; i <= last; i++)
    segments.push({ low: edges[i]!, high: edges[i + 1]!, mass: noisyBins[i]! });
  const { cdf, presentTotal } = cdfFromSegments(segments, atoms.units, lattice);

  const noisyMissing = measured.noisy[binCount]!;
  const missingThreshold = Math.max(minCount, accountant.noiseAbove(measured.scale, MISSING_FALSE_POSITIVE));
  const missingRate = noisyMissing >= missingThreshold ? noisyMissing / (noisyMissing + presentTotal) : 0;
  let rowsValue = noisyMissing;
  for (let i = 0; i < binCount; i++) rowsValue += noisyBins[i]!;
  for (const count of atoms.units.values()) rowsValue += count;

  const model: NumberModel =
    spec.kind === 'numeric'
      ? { kind: 'numeric', name: spec.name, missingRate, cdf, decimals }
      : spec.kind === 'integer'
        ? { kind: 'integer', name: spec.name, missingRate, cdf }
        : { kind: 'datetime', name: spec.name, missingRate, unit: spec.unit ?? 'timestamp', cdf };
  return {
    model,
    rowsEstimate: {
      value: rowsValue,
      variance: (binCount + 1) * accountant.noiseVariance(measured.scale) + atoms.variance,
    },
  };
}

/**
 * Step 1: the most decimals whose noisy count passes max(k, a 5% false-positive level over the 16
 * cells), at most {@link MAX_PRIVATE_DECIMALS}; 0 if none passes.
 */
function privateDecimals(
  name: string,
  present: Float64Array,
  weightOf: (i: number) => number,
  share: number,
  context: PrivateColumnContext,
): number {
  const counts = new Float64Array(MAX_DECIMALS + 1);
  const one = new Float64Array(1);
  present.forEach((x, i) => {
    one[0] = x;
    counts[observedDecimals(one)]! += weightOf(i);
  });
  const measured = context.accountant.measure({
    statistic: 'decimals histogram',
    column: name,
    values: counts,
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share,
  });
  const threshold = Math.max(
    context.minCount,
    context.accountant.noiseAbove(measured.scale, RANGE_FALSE_POSITIVE / counts.length),
  );
  let decimals = 0;
  measured.noisy.forEach((count, d) => {
    if (count >= threshold) decimals = d;
  });
  return Math.min(decimals, MAX_PRIVATE_DECIMALS);
}

/**
 * Step 3: the stability histogram of exact lattice values. Cells are the distinct values present,
 * in ascending order (so that the noise each gets does not depend on row order). Returns the
 * released values (at most {@link MAX_PRIVATE_ATOMS}, the loudest) with their noisy counts, and the
 * variance of their sum.
 */
function frequentValues(
  name: string,
  units: Float64Array,
  weightOf: (i: number) => number,
  share: number,
  thresholdDelta: number,
  context: PrivateColumnContext,
): { units: Map<number, number>; cells: number; variance: number } {
  const counts = new Map<number, number>();
  units.forEach((r, i) => {
    counts.set(r, (counts.get(r) ?? 0) + weightOf(i));
  });
  const domain = [...counts.keys()].sort((a, b) => a - b);
  const measured = context.accountant.measure({
    statistic: 'frequent values',
    column: name,
    values: Float64Array.from(domain, (r) => counts.get(r)!),
    l1Sensitivity: 1,
    l2Sensitivity: 1,
    share,
    thresholdDelta,
  });
  const threshold = context.accountant.stabilityThreshold(measured.scale, thresholdDelta, context.minCount);
  const released = domain
    .map((r, i) => [r, measured.noisy[i]!] as const)
    .filter(([, noisy]) => noisy >= threshold)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_PRIVATE_ATOMS);
  return {
    units: new Map(released),
    cells: domain.length,
    variance: released.length * context.accountant.noiseVariance(measured.scale),
  };
}

/** The first and last index whose noisy count passes the threshold; the loudest one if none does. */
function passingSpan(noisy: Float64Array, threshold: number): readonly [number, number] {
  let first = -1;
  let last = -1;
  let loudest = 0;
  for (let i = 0; i < noisy.length; i++) {
    if (noisy[i]! > noisy[loudest]!) loudest = i;
    if (noisy[i]! >= threshold) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? [loudest, loudest] : [first, last];
}
