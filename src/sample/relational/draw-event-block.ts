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
let sums = new Float64Array(0);
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
  for (const [weights, offset] of [
    [plan.nextParentWeights, 0],
    [plan.firstParentWeights, parents],
  ] as const) {
    for (let d = 0; d < e; d++) {
      const base = d * stride + offset;
      for (let s = 0; s < plan.sources; s++) {
        const w = weights[s * e + d]!;
        if (w === 0) continue;
        const from = s * parents;
        for (let r = 0; r < parents; r++) terms[base + r]! += w * scores[from + r]!;
      }
    }
  }
  return terms;
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
 * Adds B_prev · (the previous event's scores) to event j of the block. The weights are
 * previous-major, so each input is one unit-stride pass over the E sums, not E dependent chains.
 */
export function addPreviousTerm(
  plan: EventDrawPlan,
  z: Float64Array,
  rows: number,
  j: number,
  previousScores: Float64Array,
): void {
  const e = plan.dimensions;
  const { previousOf, previousWeights } = plan;
  if (sums.length < e) sums = new Float64Array(e);
  const acc = sums;
  for (let d = 0; d < e; d++) acc[d] = 0;
  for (let p = 0; p < previousOf.length; p++) {
    const v = previousScores[previousOf[p]!]!;
    const base = p * e;
    for (let d = 0; d < e; d++) acc[d]! += previousWeights[base + d]! * v;
  }
  for (let d = 0; d < e; d++) z[d * rows + j]! += acc[d]!;
}
