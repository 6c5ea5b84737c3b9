/**
 * Per relationship: the Cardinality metrics of the QualityReport and the Relationship Validity
 * metrics of the DiagnosticReport, from the two cardinality distributions.
 */
import { jsonNumber } from '../json-number.js';
import {
  type CardinalityStatistic,
  cardinalityDistribution,
  cardinalityShapeSimilarity,
  cardinalityStatisticSimilarity,
} from './cardinality.js';
import type { PreparedRelational } from './prepare-relational.js';
import type { Relationship } from './relational-tables.js';
import { cardinalityBoundaryAdherence, referentialIntegrity } from './relationship-validity.js';

export interface StatisticSimilarityRow {
  readonly real: number | null;
  readonly synthetic: number | null;
  readonly score: number | null;
}

/** Scores of one relationship; null where SDMetrics gives NaN. */
export interface RelationshipScores {
  readonly parentTable: string;
  readonly parentPrimaryKey: string;
  readonly childTable: string;
  readonly childForeignKey: string;
  readonly realParents: number;
  readonly syntheticParents: number;
  readonly cardinalityShapeSimilarity: number | null;
  readonly cardinalityStatistics: Readonly<Record<CardinalityStatistic, StatisticSimilarityRow>>;
  readonly referentialIntegrity: number | null;
  readonly cardinalityBoundaryAdherence: number | null;
  /** Children per parent, shares of parents, for the plots: counts 0..max, the tail pooled in the last. */
  readonly childrenPerParent: {
    readonly counts: readonly number[];
    readonly real: readonly number[];
    readonly synthetic: readonly number[];
    /** True when the last count stands for itself and everything above it. */
    readonly lastIsTail: boolean;
  };
}

/** Bars of the children-per-parent plot at most (the tail is pooled beyond). */
const MAX_COUNT_BARS = 30;

function shares(distribution: Float64Array, top: number): number[] {
  const out = new Array<number>(top + 1).fill(0);
  for (const v of distribution) out[Math.min(v, top)]! += 1;
  return out.map((c) => (distribution.length === 0 ? 0 : c / distribution.length));
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The cardinality distributions of one relationship on each side. */
export function cardinalityOf(data: PreparedRelational, relationship: Relationship): Float64Array {
  return cardinalityDistribution(
    data.tables.get(relationship.parentTable)!.keys.get(relationship.parentPrimaryKey)!,
    data.tables.get(relationship.childTable)!.keys.get(relationship.childForeignKey)!,
  );
}

/** CardinalityShapeSimilarity, the three CardinalityStatisticSimilarity, ReferentialIntegrity and CardinalityBoundaryAdherence of one relationship. */
export function relationshipScores(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  relationship: Relationship,
): RelationshipScores {
  const realCounts = cardinalityOf(real, relationship);
  const syntheticCounts = cardinalityOf(synthetic, relationship);
  const statistic = (name: CardinalityStatistic): StatisticSimilarityRow => {
    const result = cardinalityStatisticSimilarity(realCounts, syntheticCounts, name);
    return {
      real: jsonNumber(result.real),
      synthetic: jsonNumber(result.synthetic),
      score: jsonNumber(result.score),
    };
  };
  const top = Math.min(MAX_COUNT_BARS, Math.max(maxOf(realCounts), maxOf(syntheticCounts)));
  return {
    ...relationship,
    realParents: realCounts.length,
    syntheticParents: syntheticCounts.length,
    cardinalityShapeSimilarity: jsonNumber(cardinalityShapeSimilarity(realCounts, syntheticCounts)),
    cardinalityStatistics: { mean: statistic('mean'), median: statistic('median'), std: statistic('std') },
    referentialIntegrity: jsonNumber(
      referentialIntegrity(
        real.tables.get(relationship.childTable)!.keys.get(relationship.childForeignKey)!,
        synthetic.tables.get(relationship.parentTable)!.keys.get(relationship.parentPrimaryKey)!,
        synthetic.tables.get(relationship.childTable)!.keys.get(relationship.childForeignKey)!,
      ),
    ),
    cardinalityBoundaryAdherence: jsonNumber(cardinalityBoundaryAdherence(realCounts, syntheticCounts)),
    childrenPerParent: {
      counts: Array.from({ length: top + 1 }, (_, i) => i),
      real: shares(realCounts, top),
      synthetic: shares(syntheticCounts, top),
      lastIsTail: Math.max(maxOf(realCounts), maxOf(syntheticCounts)) > top,
    },
  };
}
