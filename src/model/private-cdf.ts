/**
 * The marginal of a numeric, integer or datetime column as a k-private piecewise CDF: a distribution
 * close to the empirical one that stores no value held by fewer than k customers.
 */
import { holdersIn, type RowOwners } from './holders.js';
import type { PiecewiseCdf } from './model-format.js';
import { type SortedValues, sortedArrayValues } from './sorted-values.js';

/** Most values kept as exact point masses; each costs two knots. */
export const MAX_ATOMS = 256;
/** Most interior knots of the continuous part; each is the mean of k values. */
export const MAX_WINDOW_KNOTS = 512;

export interface PrivateCdfOptions {
  /** k: the fewest customers that may hold a stored value. */
  readonly minCount: number;
  /**
   * The customer of each sorted value (an event table, see holders.ts): every "k rows" below then
   * reads "rows of k distinct customers", and a window's knot is the mean of its customers' means,
   * so one customer's many events weigh as one. Absent: each row is its own customer.
   */
  readonly owners?: RowOwners;
  readonly maxAtoms?: number;
  readonly maxWindowKnots?: number;
}

/**
 * Builds a piecewise CDF (see `PiecewiseCdf` in model-format.ts) from sorted, finite values, under
 * the k rule. Every knot value is one of:
 * 1. an **atom**: a value held by at least t ≥ k rows, stored as two knots with the same value
 *    (a jump of its exact frequency). t = k when at most `maxAtoms` values qualify (so small-integer
 *    columns get exact frequencies); otherwise t is raised until `maxAtoms` remain (only real point
 *    masses such as many zeros stay exact).
 * 2. an **end**: the k-th smallest value or the k-th largest, each at its own rank's level, and
 *    beyond it a smoothed tail to F = 0 (or 1) ending no further than the mean of the k most extreme
 *    values ({@link extrapolateTails}).
 * 3. an **interior knot**: the mean of k consecutive order statistics, all between the ends, in
 *    disjoint windows (microaggregation: Domingo-Ferrer & Mateo-Sanz 2002, "Practical data-oriented
 *    microaggregation for statistical disclosure control", IEEE TKDE 14(1)), placed at the window's
 *    centre rank. Windows are disjoint so that no two knots differ by a single person's value, and
 *    never straddle an atom so that F stays monotone.
 * 4. with fewer than 2k − 1 values (the ends would cross): one point mass at the mean of all values.
 *
 * Ranks between knots are interpolated linearly, so the result is the empirical quantile function
 * smoothed over k-row windows, with its tails smoothed beyond the k-th order statistics.
 *
 * O(n) after sorting; at most 2·maxAtoms + maxWindowKnots + (number of stretches) + 2 knots.
 * @param sorted finite values in non-decreasing order, held by at least `minCount` customers: an
 *   array, or any {@link SortedValues} (the streamed fit's cells), with the same result bit for bit.
 * @example privateCdfFromSorted(Float64Array.of(0, 0, 1, 2, 3, 4, 5, 9), { minCount: 2 })
 * // { values: [0, 0, 1.5, 4.5, 5, 6.5], cumulative: [0, 0.25, 0.375, 0.75, 0.8125, 1] }
 */
export function privateCdfFromSorted(
  sortedValues: Float64Array | SortedValues,
  options: PrivateCdfOptions,
): PiecewiseCdf {
  const sorted = sortedValues instanceof Float64Array ? sortedArrayValues(sortedValues) : sortedValues;
  const k = options.minCount;
  const owners = options.owners;
  const n = sorted.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError('minCount must be a positive integer');
  if (holdersIn(owners, 0, n) < k)
    throw new RangeError(`privateCdfFromSorted needs values of at least minCount (${k}) customers`);
  const mean = (from: number, to: number) =>
    owners === undefined ? meanOf(sorted, from, to) : meanOfOwnerMeans(sorted, owners, from, to);
  const { lo, hi } = endRanks(owners, n, k);
  if (lo >= hi) {
    const all = mean(0, n);
    return { values: [all, all], cumulative: [0, 1] };
  }
  const runs = frequentRunsOf(sorted, owners, k);
  const threshold = atomThreshold(runs.holders, k, options.maxAtoms ?? MAX_ATOMS);
  const maxWindows = options.maxWindowKnots ?? MAX_WINDOW_KNOTS;
  const innerRows = hi - lo + 1;
  const values: number[] = [];
  const cumulative: number[] = [];
  const push = (value: number, level: number) => {
    values.push(value);
    cumulative.push(level);
  };

  // Disjoint k-windows inside rows [from, to) clipped to the ends [lo, hi].
  const addWindows = (from: number, to: number) => {
    const first = Math.max(from, lo);
    const last = Math.min(to - 1, hi);
    const length = last - first + 1;
    if (length < k) return;
    const budget = Math.max(1, Math.round((maxWindows * length) / innerRows));
    for (const [start, end] of windowsIn(owners, first, last + 1, k, budget)) {
      // Clamped because a floating-point sum of equal values can land an ulp outside them.
      const value = Math.min(Math.max(mean(start, end), sorted.at(start)), sorted.at(end - 1));
      push(value, (start + end) / 2 / n);
    }
  };

  // An atom reaching past an end keeps its own frequency; the rows of fewer than k customers beyond
  // it become a tail from the atom to the mean of the k most extreme customers' values (a k-customer
  // aggregate inside the real range). Folding them into the atom instead cut the range at the atom,
  // and SDMetrics' pair metric bins each side between its own min and max: every bin of the
  // synthetic column shifted against the real one (margarine prices: contingency similarity 0.37
  // where the holdout scores 0.93).
  const atomAt = (row: number) => {
    const r = runIndexOf(runs.starts, row);
    return r >= 0 && row < runs.starts[r]! + runs.counts[r]! && runs.holders[r]! >= threshold ? r : -1;
  };
  const lowAtom = atomAt(lo);
  const highAtom = atomAt(hi);
  const tailBelow = lowAtom >= 0 && runs.starts[lowAtom]! > 0;
  const tailAbove = highAtom >= 0 && runs.starts[highAtom]! + runs.counts[highAtom]! < n;
  // Clamped: a floating-point mean of the extreme values can land an ulp beyond the atom's value.
  push(tailBelow ? Math.min(mean(0, lo + 1), sorted.at(lo)) : sorted.at(lo), 0);
  let stretchStart = 0;
  for (let r = 0; r < runs.starts.length; r++) {
    const count = runs.counts[r]!;
    if (runs.holders[r]! < threshold) continue;
    const start = runs.starts[r]!;
    addWindows(stretchStart, start);
    const value = sorted.at(start);
    push(value, start <= lo && !tailBelow ? 0 : start / n);
    push(value, start + count - 1 >= hi && !tailAbove ? 1 : (start + count) / n);
    stretchStart = start + count;
  }
  addWindows(stretchStart, n);
  push(tailAbove ? Math.max(mean(hi, n), sorted.at(hi)) : sorted.at(hi), 1);
  return collapseKnots(...extrapolateTails(values, cumulative, n, lo, hi, mean));
}

/**
 * The end ranks: `lo` the first rank whose values up to it belong to k customers, `hi` the last
 * whose values from it on do (k − 1 and n − k when every row is its own customer).
 */
function endRanks(owners: RowOwners, n: number, k: number): { lo: number; hi: number } {
  if (owners === undefined) return { lo: k - 1, hi: n - k };
  const reach = (from: number, step: 1 | -1): number => {
    const seen = new Set<number>();
    for (let i = from; i >= 0 && i < n; i += step) {
      seen.add(owners[i]!);
      if (seen.size >= k) return i;
    }
    return from + step * (n - 1);
  };
  return { lo: reach(0, 1), hi: reach(n - 1, -1) };
}

/**
 * Disjoint windows [start, end) inside [first, last), at most `budget` of them, each holding values
 * of k customers: with every row its own customer, k rows evenly spaced; otherwise the shortest
 * consecutive windows reaching k customers, evenly thinned to the budget.
 */
function windowsIn(
  owners: RowOwners,
  first: number,
  last: number,
  k: number,
  budget: number,
): [number, number][] {
  const length = last - first;
  if (owners === undefined) {
    const count = Math.min(Math.floor(length / k), budget);
    return Array.from({ length: count }, (_, w) => {
      // Even spacing of at least k rows between window starts keeps the windows disjoint.
      const start =
        count === 1
          ? first + Math.floor((length - k) / 2)
          : first + Math.floor((w * (length - k)) / (count - 1));
      return [start, start + k];
    });
  }
  const all: [number, number][] = [];
  let start = first;
  let seen = new Set<number>();
  for (let i = first; i < last; i++) {
    seen.add(owners[i]!);
    if (seen.size < k) continue;
    all.push([start, i + 1]);
    start = i + 1;
    seen = new Set();
  }
  if (all.length <= budget) return all;
  if (budget === 1) return [all[Math.floor((all.length - 1) / 2)]!];
  return Array.from({ length: budget }, (_, w) => all[Math.round((w * (all.length - 1)) / (budget - 1))]!);
}

/**
 * Smooths the tails beyond the k-th order statistics instead of cutting them: each end knot moves to
 * its own rank's level and the quantile function continues to F = 0 (or 1) at the slope of the
 * neighbouring segment. The new end is computed from values inside the ends, so no real extreme
 * enters the model, yet synthetic data keeps about the real spread (a cut tail narrows every
 * histogram, and SDMetrics' pair metric bins each table between its own min and max). The new end
 * goes no further than the mean of the k most extreme values, so it stays inside the real range and
 * is itself a k-row aggregate. An end that lies in an atom keeps its folded mass.
 */
function extrapolateTails(
  values: number[],
  cumulative: number[],
  n: number,
  lo: number,
  hi: number,
  mean: (from: number, to: number) => number,
): [number[], number[]] {
  const last = values.length - 1;
  if (last < 2) return [values, cumulative];
  const out = { values: [...values], cumulative: [...cumulative] };
  const lowLevel = (lo + 0.5) / n;
  if (values[1] !== values[0] && cumulative[1]! > lowLevel) {
    const slope = (values[1]! - values[0]!) / (cumulative[1]! - lowLevel);
    const floor = mean(0, lo + 1);
    out.cumulative[0] = lowLevel;
    // Clamped: a floating-point mean of equal values can land an ulp beyond them.
    out.values.unshift(Math.min(values[0]!, Math.max(floor, values[0]! - slope * lowLevel)));
    out.cumulative.unshift(0);
  }
  const highLevel = 1 - (n - hi - 0.5) / n;
  const end = out.values.length - 1;
  if (out.values[end - 1] !== out.values[end] && out.cumulative[end - 1]! < highLevel) {
    const slope = (out.values[end]! - out.values[end - 1]!) / (highLevel - out.cumulative[end - 1]!);
    const ceiling = mean(hi, n);
    out.cumulative[end] = highLevel;
    out.values.push(
      Math.max(out.values[end]!, Math.min(ceiling, out.values[end]! + slope * (1 - highLevel))),
    );
    out.cumulative.push(1);
  }
  return [out.values, out.cumulative];
}

/**
 * Start index, length and distinct customers of each run of equal values held by at least k
 * customers: only these can be atoms, and leaving the others out spares arrays the size of a column
 * of distinct values.
 */
function frequentRunsOf(
  sorted: SortedValues,
  owners: RowOwners,
  k: number,
): { starts: Float64Array; counts: Float64Array; holders: Float64Array } {
  // Runs of k rows or more (a run of k customers has at least k rows), then those of k customers.
  const long = sorted.runsAtLeast(k);
  // Every row its own customer: a run's holders are its rows.
  if (owners === undefined) return { ...long, holders: long.counts };
  const holders = long.counts.map((count, r) => holdersIn(owners, long.starts[r]!, long.starts[r]! + count));
  const keep = (_: number, r: number) => holders[r]! >= k;
  return {
    starts: long.starts.filter(keep),
    counts: long.counts.filter(keep),
    holders: holders.filter(keep),
  };
}

/** The last run starting at or before sorted row `row` (binary search over the runs' starts), or −1. */
function runIndexOf(starts: Float64Array, row: number): number {
  let lo = -1;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The smallest t ≥ k such that at most maxAtoms runs are held by t or more customers. */
function atomThreshold(counts: Float64Array, k: number, maxAtoms: number): number {
  const frequent = counts.filter((c) => c >= k).sort((a, b) => b - a);
  if (frequent.length <= maxAtoms) return k;
  return frequent[maxAtoms]! + 1;
}

/**
 * The mean of sorted[from, to). Values near ±1.8e308 (Number.MAX_VALUE) overflow a plain sum to
 * ±Infinity; then each value is divided by the count before summing, whose partial sums never exceed
 * the largest value in size (a convex combination), so the mean of finite values is finite.
 */
function meanOf(sorted: SortedValues, from: number, to: number): number {
  const count = to - from;
  let sum = 0;
  for (let i = from; i < to; i++) sum += sorted.at(i);
  if (Number.isFinite(sum)) return sum / count;
  let mean = 0;
  for (let i = from; i < to; i++) mean += sorted.at(i) / count;
  return mean;
}

/** The mean over customers of each customer's mean of sorted[from, to): one customer weighs as one. */
function meanOfOwnerMeans(sorted: SortedValues, owners: Int32Array, from: number, to: number): number {
  const sums = new Map<number, { sum: number; count: number }>();
  for (let i = from; i < to; i++) {
    const entry = sums.get(owners[i]!);
    if (entry) {
      entry.sum += sorted.at(i);
      entry.count++;
    } else sums.set(owners[i]!, { sum: sorted.at(i), count: 1 });
  }
  let mean = 0;
  for (const { sum, count } of sums.values()) mean += sum / count / sums.size;
  return mean;
}

/**
 * Drops repeated knots and keeps only the first and last of knots sharing a value (a jump needs
 * two), so every remaining knot carries information.
 */
function collapseKnots(values: number[], cumulative: number[]): PiecewiseCdf {
  const outValues: number[] = [];
  const outCumulative: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const level = cumulative[i]!;
    const last = outValues.length - 1;
    if (last >= 0 && outValues[last] === value) {
      if (outCumulative[last] === level) continue;
      if (last >= 1 && outValues[last - 1] === value) {
        outCumulative[last] = level;
        continue;
      }
    }
    outValues.push(value);
    outCumulative.push(level);
  }
  if (outValues.length === 1) {
    outValues.push(outValues[0]!);
    outCumulative.push(1);
  }
  return { values: outValues, cumulative: outCumulative };
}
