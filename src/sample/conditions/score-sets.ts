/**
 * A column condition as a set of normal scores: every column value the sampler writes is a
 * non-decreasing function of its score (an interval of Φ⁻¹ per category, a threshold for a boolean
 * or a missing value, an inverse CDF then rounding for numbers), so the scores that give an allowed
 * value form intervals, found here from the prepared columns themselves: whatever the sampler
 * writes for a score in the set satisfies the condition, by the sampler's own arithmetic.
 */
import type { ColumnModel } from '../../model/model-format.js';
import { constantCategory, type PreparedCategorical } from '../columns/categorical.js';
import { sampleDatetime } from '../columns/datetime.js';
import { sampleInteger } from '../columns/integer.js';
import { sampleNumeric } from '../columns/numeric.js';
import type { PreparedColumn, PreparedCopula } from '../prepare-sampler.js';
import type { ColumnCondition, ValueRange } from './column-conditions.js';

/** Sorted, disjoint score intervals [low_i, high_i). */
export interface ScoreSet {
  readonly lows: readonly number[];
  readonly highs: readonly number[];
}

const EVERYTHING: ScoreSet = { lows: [Number.NEGATIVE_INFINITY], highs: [Number.POSITIVE_INFINITY] };
const NOTHING: ScoreSet = { lows: [], highs: [] };

export function intersectScoreSets(a: ScoreSet, b: ScoreSet): ScoreSet {
  const lows: number[] = [];
  const highs: number[] = [];
  for (let i = 0; i < a.lows.length; i++) {
    for (let j = 0; j < b.lows.length; j++) {
      const low = Math.max(a.lows[i] as number, b.lows[j] as number);
      const high = Math.min(a.highs[i] as number, b.highs[j] as number);
      if (low < high) {
        lows.push(low);
        highs.push(high);
      }
    }
  }
  const order = lows.map((_, k) => k).sort((x, y) => (lows[x] as number) - (lows[y] as number));
  return { lows: order.map((k) => lows[k] as number), highs: order.map((k) => highs[k] as number) };
}

/** The scores of the categories whose copula index is allowed, adjacent intervals merged. */
function categoryScores(
  column: PreparedCategorical,
  categories: number,
  allowed: (k: number) => boolean,
): ScoreSet {
  const lows: number[] = [];
  const highs: number[] = [];
  const t = column.thresholds;
  for (let k = 0; k < categories; k++) {
    if (!allowed(k)) continue;
    const low = k === 0 ? Number.NEGATIVE_INFINITY : (t[k - 1] as number);
    const high = k >= t.length ? Number.POSITIVE_INFINITY : (t[k] as number);
    if (!(low < high)) continue;
    if (highs.length > 0 && highs[highs.length - 1] === low) highs[highs.length - 1] = high;
    else {
      lows.push(low);
      highs.push(high);
    }
  }
  return { lows, highs };
}

/** The value the sampler writes for score z (model units: epoch ms for dates), by its own code. */
function valueAtScore(column: PreparedColumn, z: number): number {
  if (column.kind !== 'numeric' && column.kind !== 'integer' && column.kind !== 'datetime') {
    throw new Error(`valueAtScore: ${column.kind} is not a number column`);
  }
  const scores = new Float64Array(column.dimension + 1);
  scores[column.dimension] = z;
  const at = Int32Array.of(0);
  if (column.kind === 'numeric') {
    const out = new Float64Array(1);
    sampleNumeric(column, scores, 1, out, at);
    return out[0] as number;
  }
  const wide = column.kind === 'integer' ? column.wide : column.unit === 'timestamp';
  const out = wide ? new BigInt64Array(1) : new Int32Array(1);
  if (column.kind === 'integer') sampleInteger(column, scores, 1, out, at);
  else sampleDatetime(column, scores, 1, out, at);
  const value = Number(out[0]);
  return column.kind === 'datetime' && column.unit === 'date' ? value * 86_400_000 : value;
}

/** Scores this far out are treated as ±∞ (Φ(−40) underflows to 0). */
const FAR = 40;

/**
 * The first score at which a non-decreasing predicate turns true, by bisection to adjacent doubles;
 * −∞ if it holds at −FAR, +∞ if it never does by +FAR.
 */
function firstTrue(holds: (z: number) => boolean): number {
  if (holds(-FAR)) return Number.NEGATIVE_INFINITY;
  if (!holds(FAR)) return Number.POSITIVE_INFINITY;
  let low = -FAR;
  let high = FAR;
  for (;;) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) return high;
    if (holds(middle)) high = middle;
    else low = middle;
  }
}

function rangeScores(column: PreparedColumn, range: ValueRange): ScoreSet {
  const aboveLow = (z: number) => {
    const x = valueAtScore(column, z);
    return range.lowInclusive ? x >= range.low : x > range.low;
  };
  const aboveHigh = (z: number) => {
    const x = valueAtScore(column, z);
    return range.highInclusive ? x > range.high : x >= range.high;
  };
  const low = range.low === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : firstTrue(aboveLow);
  const high = range.high === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : firstTrue(aboveHigh);
  return low < high ? { lows: [low], highs: [high] } : NOTHING;
}

/** Constraints of one copula: per dimension the scores allowed; or the condition it cannot meet. */
export interface CopulaConstraints {
  readonly sets: ReadonlyMap<number, ScoreSet>;
  /** The first condition this copula can never meet, or null. */
  readonly impossible: string | null;
}

/**
 * The score sets of a copula's dimensions under the column conditions. `models` are the copula's
 * own column models by name (a mixture group's categories and probabilities).
 */
export function copulaConstraints(
  copula: PreparedCopula,
  outputColumns: readonly ColumnModel[],
  models: ReadonlyMap<string, ColumnModel>,
  conditions: readonly ColumnCondition[],
): CopulaConstraints {
  const sets = new Map<number, ScoreSet>();
  const constrain = (dimension: number, set: ScoreSet): boolean => {
    const before = sets.get(dimension) ?? EVERYTHING;
    const after = intersectScoreSets(before, set);
    sets.set(dimension, after);
    return after.lows.length > 0;
  };
  for (const condition of conditions) {
    const c = outputColumns.findIndex((column) => column.name === condition.column);
    const column = copula.columns[c];
    const model = models.get(condition.column);
    if (column === null || column === undefined || model === undefined) continue;
    if (column.kind === 'identifier' || column.kind === 'personal') continue;
    // Missingness first: its dimension (or its constant outcome) decides whether a value is there.
    if (condition.missing !== null) {
      const wantNull = condition.missing === 'null';
      const missing = column.missing;
      if (missing === null || missing.dimension < 0) {
        const alwaysMissing = missing !== null && missing.threshold === Number.NEGATIVE_INFINITY;
        if (alwaysMissing !== wantNull) return { sets, impossible: condition.text };
      } else {
        const set = wantNull
          ? { lows: [missing.threshold], highs: [Number.POSITIVE_INFINITY] }
          : { lows: [Number.NEGATIVE_INFINITY], highs: [missing.threshold] };
        if (!constrain(missing.dimension, set)) return { sets, impossible: condition.text };
      }
    }
    let set: ScoreSet | null = null;
    if (condition.allowed !== null && model.kind === 'categorical' && column.kind === 'categorical') {
      const allowed = condition.allowed;
      const isAllowed = (k: number) =>
        allowed.has(model.categories[k] as string) && (model.probabilities[k] as number) > 0;
      if (column.dimension < 0) {
        if (!isAllowed(constantCategory(column))) return { sets, impossible: condition.text };
      } else set = categoryScores(column, model.categories.length, isAllowed);
    } else if (condition.allowed !== null && column.kind === 'boolean') {
      const wantTrue = condition.allowed.has('true');
      const wantFalse = condition.allowed.has('false');
      if (column.dimension < 0) {
        const alwaysTrue = column.threshold === Number.NEGATIVE_INFINITY;
        if (!(alwaysTrue ? wantTrue : wantFalse)) return { sets, impossible: condition.text };
      } else if (!(wantTrue && wantFalse)) {
        set = wantTrue
          ? { lows: [column.threshold], highs: [Number.POSITIVE_INFINITY] }
          : { lows: [Number.NEGATIVE_INFINITY], highs: [column.threshold] };
      }
    } else if (condition.range !== null) {
      set = rangeScores(column, condition.range);
    }
    if (set !== null && !constrain(column.dimension, set)) return { sets, impossible: condition.text };
  }
  return { sets, impossible: null };
}
