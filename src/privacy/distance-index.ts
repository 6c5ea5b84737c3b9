/**
 * A search index over encoded reference rows (see distance-encoding.ts): a k-d tree whose nodes
 * keep the tight bounding box of their rows. The box gives a lower bound on the distance from a
 * query to every row inside, which lets the search skip whole subtrees while staying exact.
 *
 * Plain typed arrays only (no classes), so an index built once can be handed to worker threads;
 * with `shared: true` they sit on SharedArrayBuffers and are not copied.
 */
import type { DistanceBlock } from './distance-encoding.js';

export interface DistanceIndex {
  /** Reference rows (of a leaf of identical rows only the first two are searched). */
  readonly rowCount: number;
  readonly columnCount: number;
  /**
   * Row length in `rows` and the node boxes: columnCount rounded up to a multiple of 4, padded with
   * zeros (a padded term is |0 - 0| = 0, which leaves every sum bit-identical) so the kernel can
   * work four columns at a time.
   */
  readonly stride: number;
  /** Reference rows, row-major, in tree order: `rows[i * stride + c]`. */
  readonly rows: Float64Array;
  readonly nodeCount: number;
  /** Row range [start, end) of each node. */
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  /** Children of each node; -1 for a leaf. */
  readonly nodeLeft: Int32Array;
  readonly nodeRight: Int32Array;
  /** Bounding box of each node's rows: `nodeLow[node * stride + c]`. */
  readonly nodeLow: Float64Array;
  readonly nodeHigh: Float64Array;
}

export interface DistanceIndexOptions {
  /** Rows per leaf (default 24). */
  readonly leafSize?: number;
  /** Allocate on SharedArrayBuffers (for worker threads). */
  readonly shared?: boolean;
}

const SAMPLE = 64;

/**
 * Builds the index. O(n·C·log n) time, O(n·C) memory.
 * @example buildDistanceIndex({ rowCount: 2, columns: [new Float64Array([0, 1])] }).nodeCount // 1
 */
export function buildDistanceIndex(
  reference: DistanceBlock,
  options: DistanceIndexOptions = {},
): DistanceIndex {
  const leafSize = Math.max(1, options.leafSize ?? 24);
  const shared = options.shared ?? false;
  const n = reference.rowCount;
  const C = reference.columns.length;
  const S = strideFor(C);
  const cols = reference.columns;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  const capacity = Math.max(1, 2 * Math.ceil(n / Math.max(1, leafSize >> 1)) + 1);
  let nodeStart = new Int32Array(capacity);
  let nodeEnd = new Int32Array(capacity);
  let nodeLeft = new Int32Array(capacity);
  let nodeRight = new Int32Array(capacity);
  let nodeLow = new Float64Array(capacity * S);
  let nodeHigh = new Float64Array(capacity * S);
  let nodeCount = 0;
  const sample = new Float64Array(SAMPLE);

  const grow = () => {
    const size = nodeStart.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(size * S);
      b.set(a);
      return b;
    };
    nodeStart = g32(nodeStart);
    nodeEnd = g32(nodeEnd);
    nodeLeft = g32(nodeLeft);
    nodeRight = g32(nodeRight);
    nodeLow = g64(nodeLow);
    nodeHigh = g64(nodeHigh);
  };

  // Iterative build (explicit stack) so a degenerate split sequence cannot overflow the JS stack.
  const stack: number[] = [];
  const newNode = (start: number, end: number): number => {
    if (nodeCount === nodeStart.length) grow();
    const id = nodeCount++;
    nodeStart[id] = start;
    nodeEnd[id] = end;
    nodeLeft[id] = -1;
    nodeRight[id] = -1;
    stack.push(id);
    return id;
  };
  if (n > 0) newNode(0, n);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const start = nodeStart[id]!;
    const end = nodeEnd[id]!;
    const base = id * S;
    let constant = true;
    for (let c = 0; c < C; c++) {
      const col = cols[c]!;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const x = col[order[i]!]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      nodeLow[base + c] = lo;
      nodeHigh[base + c] = hi;
      if (hi > lo) constant = false;
    }
    const size = end - start;
    if (constant) {
      // Identical rows: two stand for all of them, as the kernel asks for at most the two
      // nearest distances. Keeps a reference full of duplicates from costing a scan per copy.
      nodeEnd[id] = start + Math.min(size, 2);
      continue;
    }
    if (size <= leafSize) continue;

    // Split on the column whose values are most spread out in distance terms: the mean capped
    // deviation from the (sampled) median, i.e. how much a bound on that column can prune.
    const step = size / SAMPLE;
    const m = Math.min(SAMPLE, size);
    let bestColumn = -1;
    let bestSpread = -1;
    let bestMedian = 0;
    for (let c = 0; c < C; c++) {
      if (!(nodeHigh[base + c]! > nodeLow[base + c]!)) continue;
      const col = cols[c]!;
      for (let s = 0; s < m; s++) sample[s] = col[order[start + Math.floor(s * step)]!]!;
      const sorted = sample.subarray(0, m).sort();
      const median = sorted[m >> 1]!;
      let spread = 0;
      for (let s = 0; s < m; s++) {
        const d = Math.abs(sorted[s]! - median);
        spread += Math.min(d, 1);
      }
      if (spread > bestSpread) {
        bestSpread = spread;
        bestColumn = c;
        bestMedian = median;
      }
    }
    const col = cols[bestColumn]!;
    // Rows below the median go left; if none is (the median is the minimum), split at <= median.
    let mid = partition(order, start, end, (row) => col[row]! < bestMedian);
    if (mid === start || mid === end) mid = partition(order, start, end, (row) => col[row]! <= bestMedian);
    if (mid === start || mid === end) mid = start + (size >> 1); // only reachable via sampling: any split is correct
    nodeLeft[id] = newNode(start, mid);
    nodeRight[id] = newNode(mid, end);
  }

  const rows = shared ? new Float64Array(new SharedArrayBuffer(n * S * 8)) : new Float64Array(n * S);
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    for (let c = 0; c < C; c++) rows[i * S + c] = cols[c]![row]!;
  }
  const copy32 = (a: Int32Array) => {
    const b = shared ? new Int32Array(new SharedArrayBuffer(nodeCount * 4)) : new Int32Array(nodeCount);
    b.set(a.subarray(0, nodeCount));
    return b;
  };
  const copy64 = (a: Float64Array) => {
    const b = shared
      ? new Float64Array(new SharedArrayBuffer(nodeCount * S * 8))
      : new Float64Array(nodeCount * S);
    b.set(a.subarray(0, nodeCount * S));
    return b;
  };
  return {
    rowCount: n,
    columnCount: C,
    stride: S,
    rows,
    nodeCount,
    nodeStart: copy32(nodeStart),
    nodeEnd: copy32(nodeEnd),
    nodeLeft: copy32(nodeLeft),
    nodeRight: copy32(nodeRight),
    nodeLow: copy64(nodeLow),
    nodeHigh: copy64(nodeHigh),
  };
}

/** Moves the rows satisfying `left` to the front of [start, end); returns the first other index. */
function partition(order: Int32Array, start: number, end: number, left: (row: number) => boolean): number {
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (left(order[i]!)) i++;
    else {
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
      j--;
    }
  }
  return i;
}

/** The padded row length for `columnCount` columns (a multiple of 4). */
export function strideFor(columnCount: number): number {
  return Math.max(4, (columnCount + 3) & ~3);
}
