import { describe, expect, it } from 'vitest';
import {
  addPreviousTerm,
  drawBlockBase,
  parentTerms,
} from '../../../src/sample/relational/draw-event-block.js';
import { planEventDraws } from '../../../src/sample/relational/event-draw-plan.js';
import type { Conditional } from '../../../src/sample/relational/prepare-relational-sampler.js';
import { makeRandom } from '../../../src/stats/random.js';

/** A conditional with random weights: E drawn dimensions given `previous` + `sources` known ones. */
function randomConditional(seed: number, e: number, previous: number, sources: number): Conditional {
  const random = makeRandom(seed);
  const known = previous + sources;
  const l = new Float64Array(e * e);
  for (let d = 0; d < e; d++) for (let i = 0; i <= d; i++) l[d * e + i] = random.nextDouble() - 0.5;
  return {
    known,
    b: Float64Array.from({ length: e * known }, () => random.nextDouble() - 0.5),
    l,
    previousOf: Int32Array.from({ length: previous }, () => Math.floor(random.nextDouble() * e)),
  };
}

/** z = B · [previous event's scores picked by previousOf, parent scores] + L · noise, event by event. */
function direct(cond: Conditional, e: number, known: number[], noise: number[]): number[] {
  return Array.from({ length: e }, (_, d) => {
    let sum = 0;
    for (let i = 0; i < cond.known; i++) sum += cond.b[d * cond.known + i]! * known[i]!;
    for (let i = 0; i <= d; i++) sum += cond.l[d * e + i]! * noise[i]!;
    return sum;
  });
}

describe('drawing a block of events (parent terms per parent, L · noise per block, previous term per event)', () => {
  it('equals the conditional draw computed event by event, first events by their own conditional', () => {
    const e = 7;
    const previous = 5;
    const sources = 6;
    const first = randomConditional(1, e, 0, sources);
    const next = randomConditional(2, e, previous, sources);
    const plan = planEventDraws(first, next, e);
    const parents = 9;
    const random = makeRandom(3);
    const scores = Float64Array.from({ length: sources * parents }, () => random.nextDouble() * 4 - 2);
    // Histories of 0-6 events per parent, in output order, across one block.
    const parentOf: number[] = [];
    const position: number[] = [];
    for (let r = 0; r < parents; r++) {
      const count = r % 3 === 2 ? 0 : 1 + ((r * 5) % 6);
      for (let t = 0; t < count; t++) {
        parentOf.push(r);
        position.push(t);
      }
    }
    const rows = parentOf.length;
    const noise = Float64Array.from({ length: e * rows }, () => random.nextDouble() * 2 - 1);
    const z = noise.slice();
    const terms = parentTerms(plan, scores, parents);
    const termAt = Int32Array.from(parentOf, (r, j) => (position[j] === 0 ? parents + r : r));
    const firstRows = Int32Array.from(position.flatMap((t, j) => (t === 0 ? [j] : [])));
    drawBlockBase(plan, z, rows, terms, 2 * parents, termAt, firstRows, firstRows.length);
    for (let j = 0; j < rows; j++) if (position[j]! > 0) addPreviousTerm(plan, z, rows, j, z, j - 1, rows);

    for (let j = 0; j < rows; j++) {
      const r = parentOf[j]!;
      const parent = Array.from({ length: sources }, (_, s) => scores[s * parents + r]!);
      const own = Array.from({ length: e }, (_, d) => noise[d * rows + j]!);
      const expected =
        position[j] === 0
          ? direct(first, e, parent, own)
          : direct(next, e, [...Array.from(next.previousOf, (d) => z[d * rows + j - 1]!), ...parent], own);
      for (let d = 0; d < e; d++) expect(z[d * rows + j]).toBeCloseTo(expected[d]!, 12);
    }
  });
});
