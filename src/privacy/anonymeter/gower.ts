/**
 * Anonymeter's mixed-type distance and brute-force nearest neighbours (metrics.md §2.2), used by
 * the linkability and inference attacks. Unlike SDMetrics' DCR this is a SUM over columns, with
 * numbers divided by their range over candidates ∪ queries (a zero range counts as 1), labels
 * 0/1, and Anonymeter's missing-value quirks: two missing numbers are 1 apart, one missing number
 * makes the whole distance NaN (sorted after every number).
 *
 * Column order: numeric columns (numeric, integer, datetime) by name, then label columns
 * (categorical, boolean) by name. Anonymeter treats pandas datetime columns as labels; doppel
 * compares them as numbers (epoch ms), which only makes the attacker stronger.
 */
import type { PreparedTable } from '../../schema/prepare-table.js';
import { alignedColumns, isComparableKind, isNumericKind } from '../table-columns.js';

/** Encoded rows, row-major: the first `numericCount` values are scaled numbers, the rest label codes. */
export interface GowerRows {
  readonly rowCount: number;
  readonly columnCount: number;
  readonly numericCount: number;
  readonly values: Float64Array;
}

/**
 * Anonymeter's `gower_distance` of two encoded rows; columns from `catColsIndex` on are labels.
 * @example gowerDistance([1, 0, 1, 0], [1, 1, 0, 1], 0) // 3
 */
export function gowerDistance(r0: ArrayLike<number>, r1: ArrayLike<number>, catColsIndex: number): number {
  let dist = 0.0;
  for (let i = 0; i < r0.length; i++) {
    const a = r0[i]!;
    const b = r1[i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) dist += 1;
    else if (i < catColsIndex) dist += Math.abs(a - b);
    else if (a !== b) dist += 1;
  }
  return dist;
}

/**
 * Encodes the named columns of candidates (the synthetic rows) and queries (the attack targets)
 * together: numeric ranges and label codes come from both.
 * @throws DoppelError `schema-mismatch` for a missing column or kinds that disagree.
 */
export function encodeGower(
  candidates: PreparedTable,
  queries: PreparedTable,
  columns: readonly string[],
): { candidates: GowerRows; queries: GowerRows; columns: string[] } {
  const pairs = alignedColumns(
    [
      { table: candidates, role: 'synthetic data' },
      { table: queries, role: 'target data' },
    ],
    columns,
  ).filter(([c]) => isComparableKind(c!.spec.kind));
  const byName = (a: (typeof pairs)[number], b: (typeof pairs)[number]) =>
    a[0]!.spec.name < b[0]!.spec.name ? -1 : a[0]!.spec.name > b[0]!.spec.name ? 1 : 0;
  const numeric = pairs.filter(([c]) => isNumericKind(c!.spec.kind)).sort(byName);
  const labels = pairs.filter(([c]) => !isNumericKind(c!.spec.kind)).sort(byName);
  const ordered = [...numeric, ...labels];
  const C = ordered.length;
  const out = [candidates.rowCount, queries.rowCount].map((n) => new Float64Array(n * C));
  ordered.forEach((pair, c) => {
    if (c < numeric.length) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const column of pair) {
        if (column!.type !== 'number') continue;
        for (const x of column!.values) {
          if (x < min) min = x;
          if (x > max) max = x;
        }
      }
      let range = max - min; // NaN (-Inf - +Inf) when everything is missing, as pandas
      if (range === 0) range = 1;
      pair.forEach((column, side) => {
        if (column!.type !== 'number') return;
        const values = column!.values;
        for (let i = 0; i < values.length; i++) out[side]![i * C + c] = values[i]! / range;
      });
    } else {
      // One code per distinct label over both tables; a missing label is a label of its own.
      const codes = new Map<string | null, number>();
      pair.forEach((column, side) => {
        const values = column!.values as readonly (string | null | number)[];
        for (let i = 0; i < values.length; i++) {
          const v = (values[i] ?? null) as string | null;
          let code = codes.get(v);
          if (code === undefined) {
            code = codes.size;
            codes.set(v, code);
          }
          out[side]![i * C + c] = code;
        }
      });
    }
  });
  const rows = (n: number, values: Float64Array): GowerRows => ({
    rowCount: n,
    columnCount: C,
    numericCount: numeric.length,
    values,
  });
  return {
    candidates: rows(candidates.rowCount, out[0]!),
    queries: rows(queries.rowCount, out[1]!),
    columns: ordered.map(([c]) => c!.spec.name),
  };
}

/**
 * The k nearest candidates of each query by {@link gowerDistance}, nearest first: `indices[q * k + j]`.
 * Ties go to the lower candidate index (Anonymeter's numba quicksort leaves their order
 * unspecified); NaN distances come last. k is capped at the candidate count. O(q·n·C).
 * @example nearestNeighbors(queries, candidates, 1).indices // Int32Array [3, 0, ...]
 */
export function nearestNeighbors(
  queries: GowerRows,
  candidates: GowerRows,
  k: number,
): { indices: Int32Array; distances: Float64Array; k: number } {
  const kk = Math.min(k, candidates.rowCount);
  const C = queries.columnCount;
  const nc = queries.numericCount;
  const indices = new Int32Array(queries.rowCount * kk);
  const distances = new Float64Array(queries.rowCount * kk);
  const bestIndex = new Int32Array(kk);
  const bestDistance = new Float64Array(kk);
  const q = queries.values;
  const v = candidates.values;
  for (let i = 0; i < queries.rowCount; i++) {
    let filled = 0;
    const qo = i * C;
    for (let j = 0; j < candidates.rowCount; j++) {
      const co = j * C;
      let d = 0;
      for (let c = 0; c < C; c++) {
        const a = q[qo + c]!;
        const b = v[co + c]!;
        if (Number.isNaN(a) && Number.isNaN(b)) d += 1;
        else if (c < nc) d += Math.abs(a - b);
        else if (a !== b) d += 1;
      }
      // NaN sorts after everything: compare as +Infinity, and keep index order among NaNs.
      const key = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
      if (filled === kk && !(key < sortKey(bestDistance[kk - 1]!))) continue;
      let p = filled < kk ? filled++ : kk - 1;
      while (p > 0 && key < sortKey(bestDistance[p - 1]!)) {
        bestDistance[p] = bestDistance[p - 1]!;
        bestIndex[p] = bestIndex[p - 1]!;
        p--;
      }
      bestDistance[p] = d;
      bestIndex[p] = j;
    }
    indices.set(bestIndex.subarray(0, filled), i * kk);
    distances.set(bestDistance.subarray(0, filled), i * kk);
  }
  return { indices, distances, k: kk };
}

function sortKey(d: number): number {
  return Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
}

/** Every candidate at the smallest distance of each query: `indices[offsets[q] .. offsets[q + 1])`. */
export interface NearestTies {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/**
 * All nearest candidates of each query, ties included: the candidates at exactly the smallest
 * {@link gowerDistance} (NaN distances only when every distance is NaN). The tie rule of doppel's
 * attacks: a guess drawn from the nearest rows is scored by its expected success over a uniform draw
 * among the tied rows, so the figure never depends on the order of the synthetic rows (Anonymeter
 * takes whichever tied row its sort leaves first). O(q·n·C) time, O(n + ties) memory.
 * @example nearestTies(queries, candidates).indices // Int32Array [3, 7, 0, ...]
 */
export function nearestTies(queries: GowerRows, candidates: GowerRows): NearestTies {
  const C = queries.columnCount;
  const nc = queries.numericCount;
  const n = candidates.rowCount;
  const q = queries.values;
  const v = candidates.values;
  const distance = new Float64Array(n);
  const offsets = new Int32Array(queries.rowCount + 1);
  let indices = new Int32Array(Math.max(16, queries.rowCount));
  let used = 0;
  for (let i = 0; i < queries.rowCount; i++) {
    const qo = i * C;
    let min = Number.POSITIVE_INFINITY;
    // Same arithmetic as nearestNeighbors, so both agree on which distances are equal.
    for (let j = 0; j < n; j++) {
      const co = j * C;
      let d = 0;
      for (let c = 0; c < C; c++) {
        const a = q[qo + c]!;
        const b = v[co + c]!;
        if (Number.isNaN(a) && Number.isNaN(b)) d += 1;
        else if (c < nc) d += Math.abs(a - b);
        else if (a !== b) d += 1;
      }
      const key = sortKey(d);
      distance[j] = key;
      if (key < min) min = key;
    }
    for (let j = 0; j < n; j++) {
      if (distance[j] !== min) continue;
      if (used === indices.length) {
        const grown = new Int32Array(indices.length * 2);
        grown.set(indices);
        indices = grown;
      }
      indices[used++] = j;
    }
    offsets[i + 1] = used;
  }
  return { offsets, indices: indices.slice(0, used) };
}
