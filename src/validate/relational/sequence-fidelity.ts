/**
 * Sequence fidelity of one parent → child relationship (metrics.md §3.7): events per parent, the
 * gaps between consecutive events where the order column is a number or a time, and how each
 * column's value carries from one event to the next.
 */
import { jsonNumber } from '../json-number.js';
import { ksComplement } from '../metrics/ks-complement.js';
import { nanMean } from '../metrics/pairwise-sum.js';
import { type CoherenceRow, columnCoherence } from './coherence.js';
import { consecutivePairs, type EventHistories, historiesOf } from './event-histories.js';
import type { PreparedRelational } from './prepare-relational.js';
import type { Relationship } from './relational-tables.js';
import { cardinalityOf } from './relationship-scores.js';

export interface CountSummary {
  readonly mean: number | null;
  readonly median: number | null;
  readonly max: number | null;
  /** Share of parents with no event. */
  readonly zeroShare: number | null;
}

export interface SequenceFidelity {
  readonly parentTable: string;
  readonly childTable: string;
  readonly foreignKey: string;
  /** The order column, or null for the file's order within a parent. */
  readonly orderColumn: string | null;
  readonly eventsPerParent: {
    readonly real: CountSummary;
    readonly synthetic: CountSummary;
    /** KSComplement of the counts (mostlyai-qa scores sequence length as one more column). */
    readonly score: number | null;
  };
  /**
   * Gaps between consecutive events in the order column's unit (days for dates and times); null
   * when events follow the file's order or the order column is not a number or time.
   */
  readonly gaps: {
    readonly unit: 'days' | 'order units';
    readonly realMedian: number | null;
    readonly syntheticMedian: number | null;
    readonly score: number | null;
  } | null;
  readonly coherence: readonly CoherenceRow[];
  /** Mean of the coherence scores (NaN skipped). */
  readonly coherenceScore: number | null;
}

function medianOf(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Mean, median, max and the share of zeros of a count distribution. */
export function countSummary(counts: Float64Array): CountSummary {
  let max = Number.NaN;
  let zeros = 0;
  for (const c of counts) {
    if (!(c <= max)) max = c;
    if (c === 0) zeros++;
  }
  return {
    mean: jsonNumber(nanMean(counts)),
    median: jsonNumber(medianOf(counts)),
    max: jsonNumber(max),
    zeroShare: counts.length === 0 ? null : zeros / counts.length,
  };
}

const DAY_MS = 86_400_000;

/** Differences between consecutive order values within each history, in `scale` units. */
export function gapsOf(histories: EventHistories, scale: number): Float64Array {
  const { offsets, order } = histories;
  if (!order) return new Float64Array(0);
  const gaps: number[] = [];
  for (let p = 0; p + 1 < offsets.length; p++) {
    for (let k = offsets[p]!; k + 1 < offsets[p + 1]!; k++) {
      const gap = order[k + 1]! - order[k]!;
      if (Number.isFinite(gap)) gaps.push(gap / scale);
    }
  }
  return Float64Array.from(gaps);
}

/** Sequence fidelity of one relationship. O(c log c) per side. */
export function sequenceFidelity(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  relationship: Relationship,
): SequenceFidelity {
  const realCounts = cardinalityOf(real, relationship);
  const syntheticCounts = cardinalityOf(synthetic, relationship);
  const realHistories = historiesOf(real, relationship);
  const syntheticHistories = historiesOf(synthetic, relationship);
  const orderColumn = real.source.sequenceOrder.get(relationship.childTable) ?? null;
  const childReal = real.tables.get(relationship.childTable)!;
  const childSynthetic = synthetic.tables.get(relationship.childTable)!;
  const orderSpec = childReal.prepared.columns.find((c) => c.spec.name === orderColumn)?.spec;
  let gaps: SequenceFidelity['gaps'] = null;
  if (realHistories.order && syntheticHistories.order) {
    const isTime = orderSpec?.kind === 'datetime';
    const scale = isTime ? DAY_MS : 1;
    const realGaps = gapsOf(realHistories, scale);
    const syntheticGaps = gapsOf(syntheticHistories, scale);
    gaps = {
      unit: isTime ? 'days' : 'order units',
      realMedian: jsonNumber(medianOf(realGaps)),
      syntheticMedian: jsonNumber(medianOf(syntheticGaps)),
      score: jsonNumber(ksComplement(realGaps, syntheticGaps)),
    };
  }
  const realPairs = consecutivePairs(realHistories);
  const syntheticPairs = consecutivePairs(syntheticHistories);
  const coherence = childReal.columns
    .filter((column) => column.name !== orderColumn)
    .map((column, i) =>
      columnCoherence(
        column,
        childSynthetic.columns.filter((c) => c.name !== orderColumn)[i]!,
        realPairs,
        syntheticPairs,
      ),
    );
  return {
    parentTable: relationship.parentTable,
    childTable: relationship.childTable,
    foreignKey: relationship.childForeignKey,
    orderColumn,
    eventsPerParent: {
      real: countSummary(realCounts),
      synthetic: countSummary(syntheticCounts),
      score: jsonNumber(ksComplement(realCounts, syntheticCounts)),
    },
    gaps,
    coherence,
    coherenceScore: jsonNumber(nanMean(coherence.map((row) => row.score ?? Number.NaN))),
  };
}
