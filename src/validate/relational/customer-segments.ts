/**
 * Segment fidelity over customer groups: for each group of customers (by a categorical or boolean
 * column of the customers table), are their histories as long and as persistent in the synthetic
 * data as in the real data? A model that keeps the overall counts but gives every group the same
 * habits fails here.
 */
import { jsonNumber } from '../json-number.js';
import type { QualityMetricColumn } from '../metric-column.js';
import { ksComplement } from '../metrics/ks-complement.js';
import { nanMean } from '../metrics/pairwise-sum.js';
import { sameValueShare } from './coherence.js';
import { consecutivePairs, type EventHistories, historiesOf } from './event-histories.js';
import { gatherColumn, type PreparedRelational } from './prepare-relational.js';
import type { Relationship } from './relational-tables.js';

export interface SegmentHistoryRow {
  readonly childTable: string;
  readonly realCustomers: number;
  readonly syntheticCustomers: number;
  readonly realMeanEvents: number | null;
  readonly syntheticMeanEvents: number | null;
  /** KSComplement of events per customer inside the group. */
  readonly eventsScore: number | null;
  /** Same-value share of consecutive events per categorical event column, real and synthetic. */
  readonly persistence: readonly {
    readonly column: string;
    readonly real: number | null;
    readonly synthetic: number | null;
  }[];
  /**
   * The synthetic group has no customer, or its event counts differ from the real group's beyond
   * the two-sample KS test's 5% critical value (1.358·√((n+m)/(n·m))): more than small groups
   * differ by chance.
   */
  readonly flagged: boolean;
}

export interface SegmentGroupRow {
  readonly value: string;
  readonly realShare: number;
  readonly syntheticShare: number;
  readonly histories: readonly SegmentHistoryRow[];
}

export interface CustomerSegment {
  readonly column: string;
  readonly groups: readonly SegmentGroupRow[];
}

export interface CustomerSegmentOptions {
  /** Groups with fewer real customers are not scored (default 20). */
  readonly minRealCustomers?: number;
  /** Groups per column at most, the largest first (default 12). */
  readonly maxGroups?: number;
}

/** c(α) of the two-sample KS test at α = 0.05. */
const KS_C_ALPHA = 1.358;

function groupLabels(data: PreparedRelational, root: string, column: string): readonly (string | null)[] {
  const found = data.tables.get(root)!.columns.find((c) => c.name === column)!;
  return found.values as readonly (string | null)[];
}

function rowsWith(labels: readonly (string | null)[], value: string): Int32Array {
  const rows: number[] = [];
  labels.forEach((label, row) => {
    if (label === value) rows.push(row);
  });
  return Int32Array.from(rows);
}

/** The histories of the given customers only (offsets rebuilt over them). */
function restrict(histories: EventHistories, customers: Int32Array): EventHistories {
  const offsets = new Int32Array(customers.length + 1);
  const rows: number[] = [];
  customers.forEach((p, i) => {
    for (let k = histories.offsets[p]!; k < histories.offsets[p + 1]!; k++) rows.push(histories.rows[k]!);
    offsets[i + 1] = rows.length;
  });
  return { rows: Int32Array.from(rows), offsets, order: null };
}

function counts(histories: EventHistories): Float64Array {
  const out = new Float64Array(histories.offsets.length - 1);
  for (let p = 0; p < out.length; p++) out[p] = histories.offsets[p + 1]! - histories.offsets[p]!;
  return out;
}

function historyRow(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  relationship: Relationship,
  realCustomers: Int32Array,
  syntheticCustomers: Int32Array,
): SegmentHistoryRow {
  const realHistories = restrict(historiesOf(real, relationship), realCustomers);
  const syntheticHistories = restrict(historiesOf(synthetic, relationship), syntheticCustomers);
  const realCounts = counts(realHistories);
  const syntheticCounts = counts(syntheticHistories);
  const score = ksComplement(realCounts, syntheticCounts);
  const n = realCounts.length;
  const m = syntheticCounts.length;
  const critical = m === 0 ? 0 : KS_C_ALPHA * Math.sqrt((n + m) / (n * m));
  const realPairs = consecutivePairs(realHistories);
  const syntheticPairs = consecutivePairs(syntheticHistories);
  const realChild = real.tables.get(relationship.childTable)!;
  const syntheticChild = synthetic.tables.get(relationship.childTable)!;
  const persistence = realChild.columns.flatMap((column, i) => {
    if (column.sdtype !== 'categorical' && column.sdtype !== 'boolean') return [];
    const other = syntheticChild.columns[i]!;
    const share = (c: QualityMetricColumn, pairs: typeof realPairs) =>
      jsonNumber(
        sameValueShare(
          gatherColumn(c, pairs.from).values as readonly (string | null)[],
          gatherColumn(c, pairs.to).values as readonly (string | null)[],
        ),
      );
    return [{ column: column.name, real: share(column, realPairs), synthetic: share(other, syntheticPairs) }];
  });
  return {
    childTable: relationship.childTable,
    realCustomers: n,
    syntheticCustomers: m,
    realMeanEvents: jsonNumber(nanMean(realCounts)),
    syntheticMeanEvents: jsonNumber(nanMean(syntheticCounts)),
    eventsScore: jsonNumber(score),
    persistence,
    flagged: m === 0 || 1 - score > critical,
  };
}

/**
 * Segment fidelity for the customers table `root`: its columns marked `segment` or `sensitive`, or,
 * when none is marked, every categorical and boolean column. O(columns × groups × events).
 */
export function customerSegments(
  real: PreparedRelational,
  synthetic: PreparedRelational,
  root: string,
  options: CustomerSegmentOptions = {},
): CustomerSegment[] {
  const minReal = options.minRealCustomers ?? 20;
  const maxGroups = options.maxGroups ?? 12;
  const rootTable = real.tables.get(root)!;
  const specs = new Map(rootTable.prepared.columns.map((c) => [c.spec.name, c.spec]));
  const discrete = rootTable.columns.filter((c) => c.sdtype === 'categorical' || c.sdtype === 'boolean');
  const marked = discrete.filter((c) => specs.get(c.name)?.segment || specs.get(c.name)?.sensitive);
  const chosen = marked.length > 0 ? marked : discrete;
  const relationships = real.source.relationships.filter((r) => r.parentTable === root);
  return chosen.map((column) => {
    const realLabels = groupLabels(real, root, column.name);
    const syntheticLabels = groupLabels(synthetic, root, column.name);
    const sizes = new Map<string, number>();
    for (const label of realLabels) if (label !== null) sizes.set(label, (sizes.get(label) ?? 0) + 1);
    const values = [...sizes]
      .filter(([, n]) => n >= minReal)
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxGroups)
      .map(([value]) => value);
    const groups = values.map((value): SegmentGroupRow => {
      const realCustomers = rowsWith(realLabels, value);
      const syntheticCustomers = rowsWith(syntheticLabels, value);
      return {
        value,
        realShare: realCustomers.length / Math.max(1, realLabels.length),
        syntheticShare: syntheticCustomers.length / Math.max(1, syntheticLabels.length),
        histories: relationships.map((r) =>
          historyRow(real, synthetic, r, realCustomers, syntheticCustomers),
        ),
      };
    });
    return { column: column.name, groups };
  });
}
