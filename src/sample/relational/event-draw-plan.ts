/**
 * The conditional draw of an event's scores, z = B_prev · previous + B_parent · parent + L · noise,
 * rearranged once per model for the block loop of sample-relational-chunk.ts:
 * - the parent term is the same for all of a customer's events, so it is computed once per parent
 *   row (for the first event's conditional and for the later events') rather than once per event;
 * - L · noise does not depend on the previous event, so a whole block of it is one dimension-major
 *   pass (correlateInPlace) instead of a per-event loop over strided noise;
 * - only the previous-event term stays sequential, with its weights stored previous-major so the
 *   per-event update is a unit-stride pass over the event's dimensions.
 * On the margarine model this leaves 11 × 12 multiply-adds per event in the sequential loop,
 * where the per-event form had 31 × 12 + 78.
 */
import type { Conditional } from './prepare-relational-sampler.js';

export interface EventDrawPlan {
  /** Scores drawn per event (E). */
  readonly dimensions: number;
  /** Parent sources (S) each conditional reads after its previous-event part. */
  readonly sources: number;
  /** Whether the first event has its own conditional (the model conditions later ones on the previous event). */
  readonly distinctFirst: boolean;
  /** Later events' previous-event inputs: which of the previous event's E scores each is (length P). */
  readonly previousOf: Int32Array;
  /** B_prev of later events, P × E, previous-major: weight of input p on dimension d at p · E + d. */
  readonly previousWeights: Float64Array;
  /** B_parent of later events and of first events, each S × E, source-major. */
  readonly nextParentWeights: Float64Array;
  readonly firstParentWeights: Float64Array;
  /** Lower Cholesky factors of the conditional correlations, E × E row-major. */
  readonly nextFactor: Float64Array;
  readonly firstFactor: Float64Array;
}

/** B's columns from `from` on, transposed to (known − from) × E. */
function weightsFrom(cond: Conditional, e: number, from: number): Float64Array {
  const k = cond.known;
  const rows = k - from;
  const out = new Float64Array(rows * e);
  for (let p = 0; p < rows; p++) for (let d = 0; d < e; d++) out[p * e + d] = cond.b[d * k + from + p]!;
  return out;
}

/** Rearranges a child's two conditionals (see the module comment). O(E · known). */
export function planEventDraws(first: Conditional, next: Conditional, dimensions: number): EventDrawPlan {
  const e = dimensions;
  const previous = next.previousOf.length;
  const sources = next.known - previous;
  if (first.known - first.previousOf.length !== sources)
    throw new Error('relational sampler: first and later events condition on different parent columns');
  return {
    dimensions: e,
    sources,
    distinctFirst: first !== next,
    previousOf: next.previousOf,
    previousWeights: weightsFrom(next, e, 0).subarray(0, previous * e),
    nextParentWeights: weightsFrom(next, e, previous),
    firstParentWeights: weightsFrom(first, e, first.previousOf.length),
    nextFactor: next.l,
    firstFactor: first.l,
  };
}
