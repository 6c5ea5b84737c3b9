/**
 * Segment fidelity (fairness): is the synthetic data as faithful for every group of customers as
 * for the table as a whole? For each column the schema marks `sensitive` or `segment`, each group's
 * share of the rows in real and synthetic data, and the Column Shapes score computed inside the
 * group, against what the whole table scores on random rows of the same size.
 */
import type { ColumnSpec } from '../schema/dataset-schema.js';
import type { RandomSource } from '../stats/random.js';
import { jsonNumber } from './json-number.js';
import type { MetricColumn } from './metric-column.js';
import { type GroupDefinition, segmentGrouping } from './segment-groups.js';
import { sampleRowIndices } from './subsample.js';
import { makeSubsetShapeScorer, type SubsetShapeScorer } from './subset-shapes.js';

/**
 * When a group counts as "clearly below" the whole table. A group's score is compared with the
 * whole table's scored on random rows of the group's own size (a small sample scores lower by
 * chance alone, so the raw whole-table score would flag every small group), and it is flagged when
 * it falls short of that expectation by more than `minGap` and by more than `noiseFactor` standard
 * deviations of the expectation over `draws` random draws.
 */
export interface SegmentRule {
  /** Groups with fewer real rows are reported but not scored (too few to judge). */
  readonly minRealRows: number;
  readonly minGap: number;
  readonly noiseFactor: number;
  readonly draws: number;
  /** Each group, and each random draw, is scored on at most this many rows per side. */
  readonly rowsPerSide: number;
}

export const DEFAULT_SEGMENT_RULE: SegmentRule = {
  minRealRows: 30,
  minGap: 0.05,
  noiseFactor: 3,
  draws: 4,
  rowsPerSide: 5_000,
};

export interface SegmentGroup extends GroupDefinition {
  readonly realRows: number;
  readonly syntheticRows: number;
  /** Share of all rows of each table (missing values included). */
  readonly realShare: number;
  readonly syntheticShare: number;
  /** Column Shapes inside the group, over the other quality columns; null when not scored. */
  readonly columnShapes: number | null;
  /** The whole table's Column Shapes on random rows of the group's size (mean over the draws). */
  readonly expected: number | null;
  /** How far below `expected` a score may fall before it is flagged: max(minGap, noiseFactor · sd). */
  readonly tolerance: number | null;
  /** The group's lowest-scoring column and its score. */
  readonly weakestColumn: string | null;
  readonly weakestScore: number | null;
  readonly flagged: boolean;
  /** Why a group is not scored, or flagged without a score. */
  readonly note?: 'too-few-real-rows' | 'no-synthetic-rows';
}

export interface SegmentColumn {
  readonly column: string;
  readonly roles: readonly ('sensitive' | 'segment')[];
  readonly groups: readonly SegmentGroup[];
}

export interface SegmentReport {
  readonly rule: SegmentRule;
  readonly columns: readonly SegmentColumn[];
  /** Groups flagged over all segment columns. */
  readonly flagged: number;
}

export interface SegmentOptions {
  readonly minCount: number;
  readonly random: RandomSource;
  readonly rule?: Partial<SegmentRule>;
}

function rowsOf(groups: Int32Array, group: number): Int32Array {
  let count = 0;
  for (let i = 0; i < groups.length; i++) if (groups[i] === group) count++;
  const rows = new Int32Array(count);
  let j = 0;
  for (let i = 0; i < groups.length; i++) if (groups[i] === group) rows[j++] = i;
  return rows;
}

function subsample(rows: Int32Array, k: number, random: RandomSource): Int32Array {
  if (rows.length <= k) return rows;
  return Int32Array.from(sampleRowIndices(rows.length, k, random), (i) => rows[i]!);
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const variance =
    present.length < 2 ? 0 : present.reduce((a, b) => a + (b - mean) ** 2, 0) / (present.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

function weakest(
  scorer: SubsetShapeScorer,
  scores: Float64Array,
): { column: string | null; score: number | null } {
  let best = -1;
  for (let c = 0; c < scores.length; c++) {
    if (!Number.isNaN(scores[c]!) && (best < 0 || scores[c]! < scores[best]!)) best = c;
  }
  return best < 0 ? { column: null, score: null } : { column: scorer.columns[best]!, score: scores[best]! };
}

function scoreGroup(
  scorer: SubsetShapeScorer,
  column: string,
  realRows: Int32Array,
  syntheticRows: Int32Array,
  sizes: { real: number; synthetic: number },
  rule: SegmentRule,
  random: RandomSource,
): Pick<
  SegmentGroup,
  'columnShapes' | 'expected' | 'tolerance' | 'weakestColumn' | 'weakestScore' | 'flagged' | 'note'
> {
  const unscored = {
    columnShapes: null,
    expected: null,
    tolerance: null,
    weakestColumn: null,
    weakestScore: null,
  };
  if (realRows.length < rule.minRealRows) return { ...unscored, flagged: false, note: 'too-few-real-rows' };
  if (syntheticRows.length === 0) return { ...unscored, flagged: true, note: 'no-synthetic-rows' };
  const realSample = subsample(realRows, rule.rowsPerSide, random);
  const syntheticSample = subsample(syntheticRows, rule.rowsPerSide, random);
  const group = scorer.score(realSample, syntheticSample, column);
  const draws: number[] = [];
  for (let d = 0; d < rule.draws; d++) {
    const realDraw = sampleRowIndices(sizes.real, realSample.length, random);
    const syntheticDraw = sampleRowIndices(sizes.synthetic, syntheticSample.length, random);
    draws.push(scorer.score(realDraw, syntheticDraw, column).mean);
  }
  const expected = meanAndSd(draws);
  const tolerance = Math.max(rule.minGap, rule.noiseFactor * (Number.isNaN(expected.sd) ? 0 : expected.sd));
  const low = weakest(scorer, group.columns);
  return {
    columnShapes: jsonNumber(group.mean),
    expected: jsonNumber(expected.mean),
    tolerance,
    weakestColumn: low.column,
    weakestScore: low.score,
    flagged:
      !Number.isNaN(group.mean) && !Number.isNaN(expected.mean) && group.mean < expected.mean - tolerance,
  };
}

/**
 * The segment report: for each quality column whose spec is `sensitive` or `segment`, each group
 * (see {@link segmentGrouping}) with its real and synthetic shares and its Column Shapes score
 * (KSComplement / TVComplement of every other quality column, inside the group), flagged when it
 * falls clearly below the whole table's score at the same sample size ({@link SegmentRule}). Groups
 * and draws are scored on seeded subsamples of at most `rowsPerSide` rows per side, which keeps a
 * million synthetic rows cheap. O(segments · groups · draws · columns · r log r), r = rowsPerSide.
 */
export function segmentReport(
  specs: readonly ColumnSpec[],
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
  options: SegmentOptions,
): SegmentReport {
  const rule = { ...DEFAULT_SEGMENT_RULE, ...options.rule };
  const bySpec = new Map(specs.map((spec) => [spec.name, spec]));
  const segmentColumns = real
    .map((column, i) => ({ column, i, spec: bySpec.get(column.name) }))
    .filter(({ column, spec }) => column.sdtype !== 'id' && (spec?.sensitive || spec?.segment));
  if (segmentColumns.length === 0) return { rule, columns: [], flagged: 0 };

  const scorer = makeSubsetShapeScorer(real, synthetic);
  const sizes = { real: real[0]?.values.length ?? 0, synthetic: synthetic[0]?.values.length ?? 0 };
  const columns = segmentColumns.map(({ column, i, spec }): SegmentColumn => {
    const grouping = segmentGrouping(column, synthetic[i]!, options.minCount);
    const groups: SegmentGroup[] = [];
    grouping.groups.forEach((definition, g) => {
      const realRows = rowsOf(grouping.real, g);
      const syntheticRows = rowsOf(grouping.synthetic, g);
      if (realRows.length === 0 && syntheticRows.length === 0) return;
      groups.push({
        ...definition,
        realRows: realRows.length,
        syntheticRows: syntheticRows.length,
        realShare: sizes.real === 0 ? 0 : realRows.length / sizes.real,
        syntheticShare: sizes.synthetic === 0 ? 0 : syntheticRows.length / sizes.synthetic,
        ...scoreGroup(scorer, column.name, realRows, syntheticRows, sizes, rule, options.random),
      });
    });
    const roles: ('sensitive' | 'segment')[] = [];
    if (spec?.sensitive) roles.push('sensitive');
    if (spec?.segment) roles.push('segment');
    return { column: column.name, roles, groups };
  });
  return {
    rule,
    columns,
    flagged: columns.reduce((sum, column) => sum + column.groups.filter((group) => group.flagged).length, 0),
  };
}
