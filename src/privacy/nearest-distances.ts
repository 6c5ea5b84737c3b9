/**
 * The DCR kernel: for each query row, the smallest (and optionally second smallest) mean distance
 * to the reference rows of a {@link DistanceIndex}. Exact: a subtree is skipped only when the lower
 * bound from its bounding box already reaches the current k-th best, and a row's partial sum is
 * abandoned only when it has reached it. Both bounds are sums of the same non-negative terms in
 * the same order as the full distance, and IEEE addition and subtraction are monotone, so a bound
 * never exceeds the distance it bounds, even in floating point.
 *
 * Hand-written because it is the hot loop of privacy validation (100k × 100k rows × 20 columns is
 * 2e11 column terms by brute force); no kept library does exact mixed-type nearest neighbours.
 * Row terms use Math.abs / Math.min (branch-free machine code: a data-dependent branch there costs
 * a misprediction on every other term) and are taken four at a time, checking the cut-off once per
 * four. The box bound does branch: most query values fall inside a box, so most columns add
 * nothing, and checking the cut-off per column lets it stop early (measured faster both ways).
 *
 * Speed (2-core EPYC VM, one thread): 100k × 100k telco-like rows (17 labels, 3 numbers) ≈ 2.5 s;
 * the same columns with independent marginals ≈ 15 s. The worst case is many independent
 * continuous columns, where no exact index can prune (20 uniform columns: ≈ 4.3 s per 10k × 10k,
 * i.e. brute force with early exit).
 */
import type { DistanceBlock } from './distance-encoding.js';
import type { DistanceIndex } from './distance-index.js';

/**
 * Mean distance (SDMetrics DCR, metrics.md §1.7) from each query row in [start, end) to its nearest
 * reference row. Returns one value per row.
 * @example minDistances(query, buildDistanceIndex(reference)) // Float64Array of DCR values
 */
export function minDistances(
  query: DistanceBlock,
  index: DistanceIndex,
  start = 0,
  end = query.rowCount,
): Float64Array {
  return nearestDistances(query, index, 1, start, end);
}

/**
 * The `k` (1 or 2) smallest mean distances from each query row in [start, end) to the reference rows,
 * ascending: `out[(i - start) * k + j]`. Infinity when the reference has fewer than k rows.
 * Worst case O(n·m·C); on real data the tree skips most of the reference.
 */
export function nearestDistances(
  query: DistanceBlock,
  index: DistanceIndex,
  k: 1 | 2,
  start = 0,
  end = query.rowCount,
): Float64Array {
  const C = index.columnCount;
  const S = index.stride;
  if (query.columns.length !== C) throw new RangeError('query and index have different column counts');
  const out = new Float64Array(Math.max(0, end - start) * k);
  const q = new Float64Array(S);
  let stackNode = new Int32Array(64);
  let stackBound = new Float64Array(64);
  const { rows, nodeStart, nodeEnd, nodeLeft, nodeRight, nodeLow, nodeHigh } = index;
  const cols = query.columns;
  const hasRows = index.nodeCount > 0;

  for (let i = start; i < end; i++) {
    for (let c = 0; c < C; c++) q[c] = cols[c]![i]!;
    let best1 = Number.POSITIVE_INFINITY;
    let best2 = Number.POSITIVE_INFINITY;
    let sp = 0;
    if (hasRows) {
      stackNode[0] = 0;
      stackBound[0] = 0;
      sp = 1;
    }
    while (sp > 0) {
      sp--;
      const node = stackNode[sp]!;
      let limit = k === 1 ? best1 : best2;
      if (stackBound[sp]! >= limit) continue;
      const left = nodeLeft[node]!;
      if (left < 0) {
        const rEnd = nodeEnd[node]!;
        for (let r = nodeStart[node]!; r < rEnd; r++) {
          const o = r * S;
          let s = 0;
          for (let c = 0; c < S; c += 4) {
            s += Math.min(Math.abs(q[c]! - rows[o + c]!), 1);
            s += Math.min(Math.abs(q[c + 1]! - rows[o + c + 1]!), 1);
            s += Math.min(Math.abs(q[c + 2]! - rows[o + c + 2]!), 1);
            s += Math.min(Math.abs(q[c + 3]! - rows[o + c + 3]!), 1);
            if (s >= limit) break;
          }
          if (s < limit) {
            if (k === 1 || s < best1) {
              best2 = best1;
              best1 = s;
            } else best2 = s;
            limit = k === 1 ? best1 : best2;
          }
        }
        continue;
      }
      const right = nodeRight[node]!;
      const boundLeft = boxBound(q, nodeLow, nodeHigh, left * S, S, limit);
      const boundRight = boxBound(q, nodeLow, nodeHigh, right * S, S, limit);
      if (sp + 2 > stackNode.length) {
        const grownNode = new Int32Array(stackNode.length * 2);
        grownNode.set(stackNode);
        stackNode = grownNode;
        const grownBound = new Float64Array(stackBound.length * 2);
        grownBound.set(stackBound);
        stackBound = grownBound;
      }
      // Push the farther child first so the nearer one is searched first and tightens the limit.
      const nearFirst = boundLeft <= boundRight;
      const far = nearFirst ? right : left;
      const farBound = nearFirst ? boundRight : boundLeft;
      const near = nearFirst ? left : right;
      const nearBound = nearFirst ? boundLeft : boundRight;
      if (farBound < limit) {
        stackNode[sp] = far;
        stackBound[sp++] = farBound;
      }
      if (nearBound < limit) {
        stackNode[sp] = near;
        stackBound[sp++] = nearBound;
      }
    }
    const o = (i - start) * k;
    out[o] = best1 / C;
    if (k === 2) out[o + 1] = best2 / C;
  }
  return out;
}

/**
 * Lower bound of the distance sum from q to any row inside a node's box (the gap to the box per
 * column, capped at 1, in the kernel's column order); stops once it reaches `limit`.
 */
function boxBound(
  q: Float64Array,
  low: Float64Array,
  high: Float64Array,
  base: number,
  S: number,
  limit: number,
): number {
  let s = 0;
  for (let c = 0; c < S; c++) {
    const x = q[c]!;
    const lo = low[base + c]!;
    if (x < lo) {
      s += Math.min(lo - x, 1);
      if (s >= limit) return s;
    } else {
      const hi = high[base + c]!;
      if (x > hi) {
        s += Math.min(x - hi, 1);
        if (s >= limit) return s;
      }
    }
  }
  return s;
}
