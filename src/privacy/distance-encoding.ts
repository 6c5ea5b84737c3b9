/**
 * Encodes prepared columns for the DCR distance kernel (metrics.md §1.7) so that every column's
 * distance is the same arithmetic, d_c(x, y) = min(|x' - y'|, 1), with no per-column branch in the
 * hot loop:
 *
 * - numeric / integer / datetime with range r > 0 (range of the REFERENCE, NaN skipped):
 *   x' = (x - anchor) / r. Query values are clamped to [lo - 2, hi + 2] (lo, hi: the encoded
 *   reference extremes); that changes no distance (beyond that band every distance is capped at 1)
 *   and keeps the missing-value sentinel hi + 8 at least 1 away from every present value.
 * - numeric with r = 0 (SDMetrics: 1 if |x - y| > 0 else 0): the single reference value v encodes as 0,
 *   any other present value as 4.
 * - categorical / boolean: label k becomes 4k (k >= 1), from one code map shared by both sides.
 * - missing: one sentinel per column on both sides, so both-missing gives 0 and one-missing gives 1.
 *
 * Pre-scaling computes |(x - a)/r - (y - a)/r| instead of SDMetrics' |x - y|/r: the two differ by a
 * few ulps (relative to |x - a|/r), well inside the 1e-9 agreement the tests demand. Two
 * references encoded with the same anchor and equal ranges give bit-identical terms, so ties
 * between DCR-to-train and DCR-to-holdout survive (DCROverfittingProtection counts strict `<`).
 *
 * Column order: label columns first (their terms are exactly 0 or 1, so their partial sums are
 * exact integers and early exit loses nothing), most often mismatching first; then numeric
 * columns in the order given, which fixes the floating-point summation order independently of
 * the data.
 */
import { DoppelError } from '../errors.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';
import { alignedColumns, isComparableKind, isNumericKind } from './table-columns.js';

/** Rows of encoded values, column-major: `columns[c][i]` is row i's value in column c. */
export interface DistanceBlock {
  readonly rowCount: number;
  readonly columns: readonly Float64Array[];
}

export interface DistanceEncoding {
  /** Column names in kernel order (label columns first). */
  readonly columnNames: readonly string[];
  readonly query: DistanceBlock;
  readonly reference: DistanceBlock;
}

export interface DistanceEncodingOptions {
  /**
   * Per numeric column, the value subtracted before scaling (default: the reference minimum).
   * Give two encodings the same anchors to make their per-column terms bit-comparable.
   */
  readonly anchors?: Readonly<Record<string, number>>;
  /**
   * Per numeric column, the range to scale by instead of the reference's own (see
   * {@link commonScales}): distances to two references then differ only in which rows are searched.
   */
  readonly ranges?: Readonly<Record<string, number>>;
  /** Allocate the arrays on SharedArrayBuffers, so worker threads read them without a copy. */
  readonly shared?: boolean;
}

const LABEL_SPACING = 4;
const NAN_OFFSET = 8;
const CLAMP_MARGIN = 2;

function allocate(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
}

function extent(values: Float64Array): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

function encodeNumeric(
  query: Float64Array,
  reference: Float64Array,
  anchor: number | undefined,
  givenRange: number | undefined,
  shared: boolean,
): [Float64Array, Float64Array] {
  const q = allocate(query.length, shared);
  const r = allocate(reference.length, shared);
  const { min, max } = extent(reference);
  if (min > max) {
    // Every reference value is missing: a present query value is 1 away, a missing one 0.
    r.fill(NAN_OFFSET);
    for (let i = 0; i < query.length; i++) q[i] = Number.isNaN(query[i]!) ? NAN_OFFSET : 0;
    return [q, r];
  }
  // Halves throughout: x/2 and a/2 are exact, so (x/2 − a/2)/(range/2) is (x − a)/range to the bit,
  // yet cannot overflow for values near ±1.8e308 (whose plain differences are ±Infinity, and
  // Infinity/Infinity NaN).
  const range = givenRange !== undefined && givenRange > 0 ? givenRange / 2 : max / 2 - min / 2;
  if (range === 0) {
    for (let i = 0; i < reference.length; i++) r[i] = Number.isNaN(reference[i]!) ? NAN_OFFSET : 0;
    for (let i = 0; i < query.length; i++) {
      const x = query[i]!;
      q[i] = Number.isNaN(x) ? NAN_OFFSET : x === min ? 0 : LABEL_SPACING;
    }
    return [q, r];
  }
  const a = (anchor ?? min) / 2;
  const lo = (min / 2 - a) / range;
  const hi = (max / 2 - a) / range;
  const missing = hi + NAN_OFFSET;
  for (let i = 0; i < reference.length; i++) {
    const x = reference[i]!;
    r[i] = Number.isNaN(x) ? missing : (x / 2 - a) / range;
  }
  const floor = lo - CLAMP_MARGIN;
  const ceiling = hi + CLAMP_MARGIN;
  for (let i = 0; i < query.length; i++) {
    const x = query[i]!;
    if (Number.isNaN(x)) {
      q[i] = missing;
      continue;
    }
    const y = (x / 2 - a) / range;
    q[i] = Math.min(Math.max(y, floor), ceiling);
  }
  return [q, r];
}

function encodeLabels(
  query: readonly (string | null)[],
  reference: readonly (string | null)[],
  shared: boolean,
): { query: Float64Array; reference: Float64Array; mismatch: number } {
  const codes = new Map<string, number>();
  const counts: number[] = [0];
  const code = (label: string | null): number => {
    if (label === null) return 0;
    let k = codes.get(label);
    if (k === undefined) {
      k = codes.size + 1;
      codes.set(label, k);
      counts.push(0);
    }
    return k;
  };
  const r = allocate(reference.length, shared);
  for (let i = 0; i < reference.length; i++) {
    const k = code(reference[i] ?? null);
    counts[k]!++;
    r[i] = k * LABEL_SPACING;
  }
  const q = allocate(query.length, shared);
  for (let i = 0; i < query.length; i++) q[i] = code(query[i] ?? null) * LABEL_SPACING;
  // Chance that two random reference rows differ: columns that often differ go first, so that
  // the kernel's partial sums pass the best distance sooner.
  let same = 0;
  const n = reference.length;
  for (const c of counts) same += n > 0 ? (c / n) * (c / n) : 0;
  return { query: q, reference: r, mismatch: 1 - same };
}

/**
 * Encodes the named columns of a query and a reference table for {@link nearestDistances}.
 * Identifier and personal columns are skipped (SDMetrics ignores id and pii sdtypes).
 * @throws DoppelError `schema-mismatch` for a missing column or kinds that disagree, `usage` when no
 *   comparable column is left.
 */
export function encodeForDistance(
  query: PreparedTable,
  reference: PreparedTable,
  columns: readonly string[],
  options: DistanceEncodingOptions = {},
): DistanceEncoding {
  const shared = options.shared ?? false;
  const pairs = alignedColumns(
    [
      { table: query, role: 'query data' },
      { table: reference, role: 'reference data' },
    ],
    columns,
  ).filter(([q]) => isComparableKind(q!.spec.kind));
  if (pairs.length === 0) {
    throw new DoppelError(
      'usage',
      'no numeric, integer, datetime, categorical or boolean column to measure distances on',
    );
  }
  const labels: { name: string; q: Float64Array; r: Float64Array; mismatch: number }[] = [];
  const numbers: { name: string; q: Float64Array; r: Float64Array }[] = [];
  for (const [qc, rc] of pairs as [PreparedColumn, PreparedColumn][]) {
    const name = qc.spec.name;
    if (isNumericKind(qc.spec.kind)) {
      if (qc.type !== 'number' || rc.type !== 'number') throw kindError(name);
      const [q, r] = encodeNumeric(
        qc.values,
        rc.values,
        ownNumber(options.anchors, name),
        ownNumber(options.ranges, name),
        shared,
      );
      numbers.push({ name, q, r });
    } else {
      if (qc.type !== 'label' || rc.type !== 'label') throw kindError(name);
      const encoded = encodeLabels(qc.values, rc.values, shared);
      labels.push({ name, q: encoded.query, r: encoded.reference, mismatch: encoded.mismatch });
    }
  }
  labels.sort((a, b) => b.mismatch - a.mismatch);
  const ordered = [...labels, ...numbers];
  return {
    columnNames: ordered.map((c) => c.name),
    query: { rowCount: query.rowCount, columns: ordered.map((c) => c.q) },
    reference: { rowCount: reference.rowCount, columns: ordered.map((c) => c.r) },
  };
}

/**
 * A record's own entry for a column: the records may have crossed a thread (structured clone gives
 * them Object.prototype back), and a column named `constructor` must not read Object's.
 */
function ownNumber(record: Readonly<Record<string, number>> | undefined, name: string): number | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

function kindError(name: string): DoppelError {
  return new DoppelError('schema-mismatch', `column "${name}" is not prepared as its kind requires`, [
    { path: [name], message: 'numbers expected for numeric kinds, labels for categorical and boolean' },
  ]);
}

/** Per numeric column, the smallest present value over several tables: a shared anchor. */
export function commonAnchors(
  tables: readonly PreparedTable[],
  columns: readonly string[],
): Record<string, number> {
  return commonScales(tables, columns).anchors;
}

/**
 * Per numeric column, the pooled extent of several tables: the smallest present value (a shared
 * anchor) and max − min over all of them (a shared range; columns with zero pooled range left out).
 */
export function commonScales(
  tables: readonly PreparedTable[],
  columns: readonly string[],
): { anchors: Record<string, number>; ranges: Record<string, number> } {
  // Keyed by column name: null-prototype records, so `__proto__` is a column like any other.
  const anchors: Record<string, number> = Object.create(null);
  const ranges: Record<string, number> = Object.create(null);
  for (const name of columns) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const table of tables) {
      const column = table.columns.find((c) => c.spec.name === name);
      if (column?.type !== 'number' || !isNumericKind(column.spec.kind)) continue;
      const e = extent(column.values);
      if (e.min < min) min = e.min;
      if (e.max > max) max = e.max;
    }
    if (!Number.isFinite(min)) continue;
    anchors[name] = min;
    // At most Number.MAX_VALUE: the span of values near ±1.8e308 overflows (halved where it is used).
    if (max > min) ranges[name] = Math.min(max - min, Number.MAX_VALUE);
  }
  return { anchors, ranges };
}
