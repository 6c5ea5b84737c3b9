/**
 * Values of a child's evolving columns (model/relational/evolving-columns.ts): the first event takes
 * its parent's first value, each later one the previous value plus a change drawn from the change's
 * marginal, in the column's units or, for a `scoreDelta:` change (model/relational/score-changes.ts),
 * in normal-score space under the level's marginal. Kept inside the column's modelled range, and
 * rounded as the column is (whole numbers, or its observed decimals).
 */
import type { ColumnModel, CopulaDimension, Model } from '../../model/model-format.js';
import { DELTA } from '../../model/relational/child-column-prefixes.js';
import { SCORE_DELTA, scoreBound } from '../../model/relational/score-changes.js';
import { normalCdf } from '../../stats/normal.js';
import type { ColumnValues } from '../columns/column-buffers.js';
import { type InverseCdfTable, inverseCdfAt, makeInverseCdfTable } from '../inverse-cdf.js';
import { roundHalfUp } from '../round-half-up.js';
import { makeScoreTable, type ScoreTable, scoresInto } from './score-table.js';

export interface EvolvingRule {
  /** The column's index in the child's layout. */
  readonly column: number;
  /** Drawn dimensions of the event's level and of its change. */
  readonly valueDimension: number;
  readonly changeDimension: number;
  /** The parent layout's column holding the first value, and its model (for reading it back). */
  readonly firstColumn: number;
  readonly firstModel: ColumnModel;
  /**
   * The marginal the next event reads this value's score under: the `prev:` column's. (The level's
   * would misplace a trend: years 1977-1982 as levels, 1976-1981 as previous years, so every year
   * would be read as the year after, and a first year outside the level's range as −6σ.)
   */
  readonly previous: ScoreTable;
  readonly levelInverse: InverseCdfTable;
  readonly changeInverse: InverseCdfTable;
  /** The range values are kept in: the level's and the first values' together (no top for an order). */
  readonly min: number;
  readonly max: number;
  /** 10^decimals (1 for whole numbers, 1/day for dates), or 0 when values are not rounded. */
  readonly scale: number;
  /**
   * For the table's timed order column (model/relational/event-timing.ts): the smallest gap, so every
   * event comes strictly after the one before (the gap model's smallest value, at least one unit of
   * rounding). 0 for any other evolving column.
   */
  readonly minGap: number;
  /** Output units per value unit's millisecond: a date column writes days (1 / 86,400,000), else 1. */
  readonly outputScale: number;
  /**
   * For a change of normal score: the level's marginal as a score table (the previous value's score
   * is read under it, the next value is the level's quantile of that score plus the change), and the
   * largest score the fit gave a value (score-changes.ts). Null for a change in the column's units.
   */
  readonly scores: { readonly level: ScoreTable; readonly bound: number } | null;
}

const MS_PER_DAY = 86_400_000;

/** 10^decimals of a number column (1 for whole numbers, 1/day for dates), or 0 when values are not rounded. */
export function roundingScale(
  model: Extract<ColumnModel, { kind: 'integer' | 'numeric' | 'datetime' }>,
): number {
  if (model.kind === 'datetime') return model.unit === 'date' ? 1 / MS_PER_DAY : 1;
  if (model.kind === 'integer') return 1;
  return model.decimals === null ? 0 : 10 ** model.decimals;
}

/**
 * The rules of a child's `delta:` dimensions. `drawn` lists the child copula's drawn dimensions in
 * draw order; `firstColumnOf` finds a parent layout column by its summary name; `order` is the
 * table's order column (its rule keeps events in order).
 */
export function evolvingRules(
  childName: string,
  order: string | null,
  events: Model,
  drawn: readonly number[],
  layoutModel: Model,
  parentLayout: Model,
  firstColumnOf: (summary: string) => number,
): EvolvingRule[] {
  const dims: readonly CopulaDimension[] = events.copula.dimensions;
  const byName = new Map(events.columns.map((c) => [c.name, c]));
  return drawn.flatMap((dimension, changeDimension): EvolvingRule[] => {
    const d = dims[dimension]!;
    const inScores = d.column.startsWith(SCORE_DELTA);
    if (!(inScores || d.column.startsWith(DELTA)) || d.part !== 'value') return [];
    const name = d.column.slice((inScores ? SCORE_DELTA : DELTA).length);
    const column = layoutModel.columns.findIndex((c) => c.name === name);
    const levelModel = layoutModel.columns[column];
    const change = byName.get(d.column);
    const valueDimension = drawn.findIndex(
      (i) => dims[i]!.column === `event:${name}` && dims[i]!.part === 'value',
    );
    if (!levelModel || !change || valueDimension < 0) return [];
    if (!(levelModel.kind === 'integer' || levelModel.kind === 'numeric' || levelModel.kind === 'datetime'))
      return [];
    if (!(change.kind === 'integer' || change.kind === 'numeric')) return [];
    const previousModel = byName.get(`prev:${name}`);
    const firstColumn = firstColumnOf(`${childName}.first(${name})`);
    const firstModel = parentLayout.columns[firstColumn]!;
    // The level's marginal is fitted on events after the first; first values may lie beyond it.
    const values = [...levelModel.cdf.values, ...('cdf' in firstModel ? firstModel.cdf.values : [])];
    const scale = roundingScale(levelModel);
    const isOrder = name === order;
    const smallestGap = change.cdf.values.find((v) => v > 0) ?? 0;
    return [
      {
        column,
        valueDimension,
        changeDimension,
        firstColumn,
        firstModel,
        previous: makeScoreTable(
          previousModel && 'cdf' in previousModel ? previousModel.cdf : levelModel.cdf,
        ),
        levelInverse: makeInverseCdfTable(levelModel.cdf, name),
        changeInverse: makeInverseCdfTable(change.cdf, d.column),
        min: Math.min(...values),
        max: Math.max(...values),
        scale,
        minGap: isOrder ? Math.max(smallestGap, scale > 0 ? 1 / scale : 0) : 0,
        outputScale: levelModel.kind === 'datetime' && levelModel.unit === 'date' ? 1 / MS_PER_DAY : 1,
        scores: inScores
          ? { level: makeScoreTable(levelModel.cdf), bound: scoreBound(events.fit.rowsUsed) }
          : null,
      },
    ];
  });
}

/**
 * The event's value: its parent's first value for the first event, else the previous value plus the
 * change its score draws; the level its own score draws when neither is known (a parent drawn with
 * events but no first value). An order column (minGap > 0) also leaves room for the `remaining`
 * events after this one, at least minGap apart below its top, so a history stays inside the observed
 * window and strictly in order (a first time and a count drawn from the copula need not fit the
 * window together: a child first seen in the last year with five more years to come); order wins
 * when the window is too short for the history.
 */
export function evolvingValue(
  rule: EvolvingRule,
  first: number,
  previous: number,
  levelScore: number,
  changeScore: number,
  remaining: number,
): number {
  let x: number;
  if (Number.isNaN(previous)) x = first;
  else if (rule.scores !== null) {
    one[0] = previous;
    scoresInto(rule.scores.level, one, 1, one, 0);
    const from = Math.max(-rule.scores.bound, Math.min(rule.scores.bound, one[0]!));
    const change = inverseCdfAt(rule.changeInverse, normalCdf(changeScore));
    x = inverseCdfAt(rule.levelInverse, normalCdf(from + change));
  } else x = previous + Math.max(rule.minGap, inverseCdfAt(rule.changeInverse, normalCdf(changeScore)));
  if (!Number.isFinite(x)) x = inverseCdfAt(rule.levelInverse, normalCdf(levelScore));
  x = Math.min(rule.max - remaining * rule.minGap, Math.max(rule.min, x));
  if (rule.minGap > 0 && !Number.isNaN(previous)) x = Math.max(x, previous + rule.minGap);
  return rule.scale === 0 ? x : roundHalfUp(x * rule.scale) / rule.scale;
}

/** The score the next event conditions on for an evolving value. */
export function evolvingScore(rule: EvolvingRule, x: number): number {
  one[0] = x;
  scoresInto(rule.previous, one, 1, one, 0);
  return one[0]!;
}
const one = new Float64Array(1);

/** Writes a value into a numeric, integer or datetime output column (dates as days). */
export function writeEvolving(rule: EvolvingRule, values: ColumnValues, row: number, x: number): void {
  const out = rule.outputScale === 1 ? x : Math.round(x * rule.outputScale);
  if (values instanceof BigInt64Array) values[row] = BigInt(out);
  else (values as Float64Array | Int32Array)[row] = out;
}
