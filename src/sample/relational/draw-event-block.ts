/**
 * The vectorisable part of drawing a block of events (see event-draw-plan.ts): the parent terms of
 * a chunk's parent rows, a block's L · noise with its parent terms added, and the one sequential
 * step, an event's previous-event term. Hand-written typed-array loops: this is the relational
 * sampler's innermost arithmetic (tens of millions of events a run), and dimension-major passes
 * over rows are what V8 compiles to tight machine code.
 */
import { correlateInPlace } from '../correlate.js';
import type { EventDrawPlan } from './event-draw-plan.js';

/** Reused across blocks and chunks (a worker samples one chunk at a time). */
let gathered = new Float64Array(0);
let termScratch = new Float64Array(0);

/**
 * The parent term B_parent · parent of every parent row, for later events at terms[d · 2n + r] and
 * for first events at terms[d · 2n + n + r] (n = parents). `scores` holds the parents' scores
 * source-major (scores[s · n + r]). O(E · S · n). The result is scratch, valid until the next call.
 */
export function parentTerms(plan: EventDrawPlan, scores: Float64Array, parents: number): Float64Array {
  const e = plan.dimensions;
  const stride = 2 * parents;
  if (termScratch.length < e * stride) termScratch = new Float64Array(e * stride);
  const terms = termScratch.subarray(0, e * stride);
  terms.fill(0);
  addWeighted(terms, stride, 0, plan.nextParentWeights, e, plan.sources, scores, parents);
  addWeighted(terms, stride, parents, plan.firstParentWeights, e, plan.sources, scores, parents);
  return terms;
}

/**
 * terms[d · stride + offset + r] += Σ_s weights[s · e + d] · scores[s · n + r], four sources a pass
 * (one read-modify-write of the target per four multiply-adds, as correlate.ts does).
 */
function addWeighted(
  terms: Float64Array,
  stride: number,
  offset: number,
  weights: Float64Array,
  e: number,
  sources: number,
  scores: Float64Array,
  n: number,
): void {
  for (let d = 0; d < e; d++) {
    const base = d * stride + offset;
    let s = 0;
    for (; s + 4 <= sources; s += 4) {
      const w0 = weights[s * e + d]!;
      const w1 = weights[(s + 1) * e + d]!;
      const w2 = weights[(s + 2) * e + d]!;
      const w3 = weights[(s + 3) * e + d]!;
      const f0 = s * n;
      const f1 = f0 + n;
      const f2 = f1 + n;
      const f3 = f2 + n;
      for (let r = 0; r < n; r++)
        terms[base + r]! +=
          w0 * scores[f0 + r]! + w1 * scores[f1 + r]! + w2 * scores[f2 + r]! + w3 * scores[f3 + r]!;
    }
    for (; s < sources; s++) {
      const w = weights[s * e + d]!;
      const from = s * n;
      for (let r = 0; r < n; r++) terms[base + r]! += w * scores[from + r]!;
    }
  }
}

/**
 * Turns a block of independent normals z (E × rows, dimension-major) into each event's scores
 * without its previous-event term: L · noise plus its parent's term, with the first events'
 * own factor and terms. `termAt[j]` is row j's column in `terms` (see {@link parentTerms});
 * `firstRows` lists the block's first events.
 */
export function drawBlockBase(
  plan: EventDrawPlan,
  z: Float64Array,
  rows: number,
  terms: Float64Array,
  termStride: number,
  termAt: Int32Array,
  firstRows: Int32Array,
  firstCount: number,
): void {
  const e = plan.dimensions;
  const separate = plan.distinctFirst && firstCount > 0;
  if (separate) {
    // First events take their own factor: correlated apart, on a gathered copy of their noise.
    if (gathered.length < e * firstCount) gathered = new Float64Array(e * BLOCK_GROWTH * firstCount);
    for (let d = 0; d < e; d++) {
      const to = d * firstCount;
      const from = d * rows;
      for (let f = 0; f < firstCount; f++) gathered[to + f] = z[from + firstRows[f]!]!;
    }
    correlateInPlace(plan.firstFactor, e, gathered, firstCount);
  }
  correlateInPlace(plan.nextFactor, e, z, rows);
  if (separate) {
    for (let d = 0; d < e; d++) {
      const to = d * rows;
      const from = d * firstCount;
      for (let f = 0; f < firstCount; f++) z[to + firstRows[f]!] = gathered[from + f]!;
    }
  }
  for (let d = 0; d < e; d++) {
    const row = d * rows;
    const base = d * termStride;
    for (let j = 0; j < rows; j++) z[row + j]! += terms[base + termAt[j]!]!;
  }
}

/** Spare room for later, larger gathers, so the scratch array is not regrown block after block. */
const BLOCK_GROWTH = 2;

/**
 * Adds B_prev · (the previous event's scores, previous[d · previousStride + previousAt]: the row
 * before in the block, or a saved copy) to event j of the block: four of the event's
 * dimensions at a time, each summed in a local over the previous-event inputs (weights are
 * previous-major, so the four weights of an input are adjacent). Sums kept in locals rather than
 * in an array make this the fastest of the forms measured (an array of E sums: 1.6× the time).
 */
export function addPreviousTerm(
  plan: EventDrawPlan,
  z: Float64Array,
  rows: number,
  j: number,
  previous: Float64Array,
  previousAt: number,
  previousStride: number,
): void {
  const e = plan.dimensions;
  const { previousOf, previousWeights: w } = plan;
  const inputs = previousOf.length;
  let d = 0;
  for (; d + 4 <= e; d += 4) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let p = 0; p < inputs; p++) {
      const v = previous[previousOf[p]! * previousStride + previousAt]!;
      const at = p * e + d;
      a0 += w[at]! * v;
      a1 += w[at + 1]! * v;
      a2 += w[at + 2]! * v;
      a3 += w[at + 3]! * v;
    }
    const row = d * rows + j;
    z[row]! += a0;
    z[row + rows]! += a1;
    z[row + 2 * rows]! += a2;
    z[row + 3 * rows]! += a3;
  }
  for (; d < e; d++) {
    let a = 0;
    for (let p = 0; p < inputs; p++)
      a += w[p * e + d]! * previous[previousOf[p]! * previousStride + previousAt]!;
    z[d * rows + j]! += a;
  }
}
