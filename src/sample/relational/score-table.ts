/**
 * A value's normal score under a piecewise CDF, Φ⁻¹ of the middle of its probability mass, as a
 * lookup table for the relational sampler's parent scores (and the evolving values' scores): a guide table over x (Chen & Asau 1974, as inverse-cdf.ts
 * does over u) finds the knot in expected O(1) where two binary searches over up to 500 knots
 * mispredicted a branch per step, and a value at a knot (every value of a discrete column, such as
 * a count or an income bracket) takes its score from the table with no Φ⁻¹ at all.
 * Hand-written because it runs for every parent column of every sampled parent.
 */
import type { PiecewiseCdf } from '../../model/model-format.js';
import { approximateNormalQuantile } from '../../stats/normal.js';

export interface ScoreTable {
  /** The distinct knot values, increasing. */
  readonly values: Float64Array;
  /** Score at each distinct value: the middle of its jump (or of its level where F does not jump). */
  readonly knotScores: Float64Array;
  /** F just right of value i, and just left of value i + 1: the ends of the segment between them. */
  readonly segmentStart: Float64Array;
  readonly segmentEnd: Float64Array;
  /** Last value index at or below the start of each of the guide's cells over [values[0], values[n − 1]]. */
  readonly guide: Int32Array;
  readonly cellsPerUnit: number;
  readonly below: number;
  readonly above: number;
}

const clampedScore = (u: number) => approximateNormalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, u)));

/** The table of a CDF (knots non-decreasing in value and level). O(knots). */
export function makeScoreTable(cdf: PiecewiseCdf): ScoreTable {
  const { values, cumulative } = cdf;
  const distinct: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  for (let k = 0; k < values.length; k++) {
    if (k > 0 && values[k] === values[k - 1]) last[last.length - 1] = cumulative[k]!;
    else {
      distinct.push(values[k]!);
      first.push(cumulative[k]!);
      last.push(cumulative[k]!);
    }
  }
  const n = distinct.length;
  const knotScores = Float64Array.from(distinct, (_, i) => clampedScore((first[i]! + last[i]!) / 2));
  const segmentStart = Float64Array.from(last);
  const segmentEnd = Float64Array.from(distinct, (_, i) => (i + 1 < n ? first[i + 1]! : last[i]!));
  const low = distinct[0]!;
  const range = distinct[n - 1]! - low;
  const cells = 8 * n;
  const cellsPerUnit = range > 0 && Number.isFinite(cells / range) ? cells / range : 0;
  const guide = new Int32Array(cells + 1);
  let i = 0;
  for (let g = 0; g <= cells; g++) {
    const x = cellsPerUnit === 0 ? low : low + g / cellsPerUnit;
    while (i + 1 < n && distinct[i + 1]! <= x) i++;
    guide[g] = i;
  }
  return {
    values: Float64Array.from(distinct),
    knotScores,
    segmentStart,
    segmentEnd,
    guide,
    cellsPerUnit,
    below: clampedScore(0),
    above: clampedScore(1),
  };
}

/**
 * out[at + r] = the score of values[r] for r < n, 0 where a value is missing (NaN). One loop with
 * the lookup written out, not a call per value: a double returned from (or passed to) a call V8
 * does not inline is boxed on the heap, and this runs for every parent column of every parent.
 */
export function scoresInto(
  table: ScoreTable,
  values: Float64Array,
  n: number,
  out: Float64Array,
  at: number,
): void {
  const { values: knots, guide, cellsPerUnit, knotScores, segmentStart, segmentEnd } = table;
  const last = knots.length - 1;
  const low = knots[0]!;
  const high = knots[last]!;
  const lastCell = guide.length - 1;
  for (let r = 0; r < n; r++) {
    const x = values[r]!;
    if (Number.isNaN(x)) out[at + r] = 0;
    else if (x < low) out[at + r] = table.below;
    else if (x > high) out[at + r] = table.above;
    else {
      let i = guide[Math.min(lastCell, Math.floor((x - low) * cellsPerUnit))]!;
      while (i < last && knots[i + 1]! <= x) i++;
      // Guards a cell index that rounding pushed past x's knot.
      while (i > 0 && knots[i]! > x) i--;
      const v = knots[i]!;
      if (v === x) out[at + r] = knotScores[i]!;
      else {
        const start = segmentStart[i]!;
        const u = start + ((x - v) / (knots[i + 1]! - v)) * (segmentEnd[i]! - start);
        out[at + r] = approximateNormalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, u)));
      }
    }
  }
}
