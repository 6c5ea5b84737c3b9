/**
 * SDMetrics' Intertable Trends property (metrics.md §3.4; `reports/multi_table/_properties/
 * inter_table_trends.py`): for each relationship, the child table inner-joined with its parent, and
 * every (parent column, child column) pair scored as the single-table Column Pair Trends scores a
 * pair (same metrics, same own-edge binning of continuous columns, same thresholds).
 */
import type { RandomSource } from '../../stats/random.js';
import { type PairTrend, pairTrend, type QualityThresholds } from '../pair-trends.js';
import { pairSubsample, qualityColumn, subsampledCodes } from '../quality-columns.js';
import { type PairTrendRow, pairRow } from '../quality-report.js';
import { gatherColumn, type PreparedRelational } from './prepare-relational.js';
import type { Relationship } from './relational-tables.js';

export interface IntertableTrendRow extends PairTrendRow {
  readonly parentTable: string;
  readonly childTable: string;
  readonly foreignKey: string;
}

export interface IntertableOptions {
  readonly thresholds: QualityThresholds;
  /** Contingency pairs use at most this many joined rows per side (SDMetrics 50 000; null = all). */
  readonly subsampleRows: number | null;
  readonly random: RandomSource;
}

/**
 * Row pairs (child row, parent row) of `child ⋈ parent` on fk = pk, in child order: pandas' inner
 * merge, so a child without a parent drops out, a childless parent never appears, and a parent
 * appears once per child. O(p + c).
 */
export function joinRows(
  parentKeys: readonly (string | null)[],
  childForeignKeys: readonly (string | null)[],
): { readonly child: Int32Array; readonly parent: Int32Array } {
  const parentRows = new Map<string, number[]>();
  parentKeys.forEach((key, row) => {
    if (key === null) return;
    const rows = parentRows.get(key);
    if (rows) rows.push(row);
    else parentRows.set(key, [row]);
  });
  const child: number[] = [];
  const parent: number[] = [];
  childForeignKeys.forEach((key, row) => {
    const matches = key === null ? undefined : parentRows.get(key);
    if (!matches) return;
    for (const p of matches) {
      child.push(row);
      parent.push(p);
    }
  });
  return { child: Int32Array.from(child), parent: Int32Array.from(parent) };
}

function joined(data: PreparedRelational, relationship: Relationship) {
  const parent = data.tables.get(relationship.parentTable)!;
  const child = data.tables.get(relationship.childTable)!;
  const rows = joinRows(
    parent.keys.get(relationship.parentPrimaryKey)!,
    child.keys.get(relationship.childForeignKey)!,
  );
  return {
    rowCount: rows.child.length,
    parent: parent.columns.map((column) => gatherColumn(column, rows.parent)),
    child: child.columns.map((column) => gatherColumn(column, rows.child)),
  };
}

/**
 * The Intertable Trends detail rows of one relationship, with `score` as computed with every pair
 * counting and `meetsThreshold` telling whether it counts under the thresholds. O(j + pairs ×
 * (j_s + cells)) for j joined rows, j_s subsampled.
 */
export function intertableTrends(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  relationship: Relationship,
  options: IntertableOptions,
): { readonly rows: IntertableTrendRow[]; readonly pairs: PairTrend[] } {
  const r = joined(real, relationship);
  const s = joined(synthetic, relationship);
  const parentColumns = r.parent.map((column, i) => qualityColumn(column, s.parent[i]!));
  const childColumns = r.child.map((column, i) => qualityColumn(column, s.child[i]!));
  const subsample = pairSubsample(r.rowCount, s.rowCount, options.subsampleRows, options.random);
  const parentCodes = parentColumns.map((column) => subsampledCodes(column.discrete, subsample));
  const childCodes = childColumns.map((column) => subsampledCodes(column.discrete, subsample));
  const rows: IntertableTrendRow[] = [];
  const pairs: PairTrend[] = [];
  parentColumns.forEach((a, i) => {
    childColumns.forEach((b, j) => {
      const pair = pairTrend(a, b, parentCodes[i]!, childCodes[j]!);
      pairs.push(pair);
      rows.push({
        parentTable: relationship.parentTable,
        childTable: relationship.childTable,
        foreignKey: relationship.childForeignKey,
        ...pairRow(a.name, b.name, pair, options.thresholds),
      });
    });
  });
  return { rows, pairs };
}
