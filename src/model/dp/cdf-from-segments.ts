import type { PiecewiseCdf } from '../model-format.js';
import { isotonicIncreasing } from './isotonic.js';
import type { UnitLattice } from './magnitude-grid.js';

/** A stretch [low, high) of relative lattice units and the noisy number of rows in it. */
export interface Segment {
  readonly low: number;
  readonly high: number;
  readonly mass: number;
}

/**
 * Post-processing of released counts into a piecewise CDF: bins (`segments`, ascending and
 * contiguous) and point masses (`atoms`, unit → noisy count). A bin's count is spread evenly over
 * its units that are not point masses (dropped if it has none); each point mass is the one-unit
 * segment [a, a + 1); gaps left between them hold no mass. The noisy cumulative counts are made
 * non-decreasing by isotonic regression, clipped at 0 and divided by the last, which avoids the
 * upward bias of clipping each noisy bin at 0. Knots sit at the segments' edges, half a unit off
 * the lattice; interior knots of flat stretches are dropped.
 * O(segments + atoms log atoms).
 * @returns the CDF, and the (isotonic) total count of present values it was normalised by.
 */
export function cdfFromSegments(
  segments: readonly Segment[],
  atoms: ReadonlyMap<number, number>,
  lattice: UnitLattice,
): { cdf: PiecewiseCdf; presentTotal: number } {
  const atomUnits = [...atoms.keys()].sort((a, b) => a - b);
  const pieces: Segment[] = atomUnits.map((a) => ({ low: a, high: a + 1, mass: atoms.get(a)! }));
  let next = 0;
  for (const segment of segments) {
    while (next < atomUnits.length && atomUnits[next]! < segment.low) next++;
    const inside: number[] = [];
    while (next < atomUnits.length && atomUnits[next]! < segment.high) inside.push(atomUnits[next++]!);
    const freeUnits = segment.high - segment.low - inside.length;
    if (freeUnits <= 0) continue;
    let start = segment.low;
    for (const a of [...inside, segment.high]) {
      if (a > start) pieces.push({ low: start, high: a, mass: (segment.mass * (a - start)) / freeUnits });
      start = a + 1;
    }
  }
  pieces.sort((p, q) => p.low - q.low);
  const contiguous: Segment[] = [];
  for (const piece of pieces) {
    const previous = contiguous[contiguous.length - 1];
    if (previous !== undefined && piece.low > previous.high) {
      contiguous.push({ low: previous.high, high: piece.low, mass: 0 });
    }
    contiguous.push(piece);
  }

  const running: number[] = [];
  let sum = 0;
  for (const piece of contiguous) {
    sum += piece.mass;
    running.push(sum);
  }
  const monotone = isotonicIncreasing(running).map((c) => Math.max(0, c));
  const total = monotone[monotone.length - 1]!;
  const count = contiguous.length;
  const cumulative = [0, ...monotone.map((c, i) => (total > 0 ? c / total : (i + 1) / count))];
  cumulative[count] = 1;
  const values = [lattice.edgeValue(contiguous[0]!.low), ...contiguous.map((p) => lattice.edgeValue(p.high))];
  return { cdf: dropFlatInteriorKnots(values, cumulative), presentTotal: total };
}

function dropFlatInteriorKnots(values: number[], cumulative: number[]): PiecewiseCdf {
  const outValues = [values[0]!];
  const outCumulative = [cumulative[0]!];
  for (let i = 1; i < values.length; i++) {
    const level = cumulative[i]!;
    const isLast = i === values.length - 1;
    if (!isLast && level === outCumulative[outCumulative.length - 1] && level === cumulative[i + 1]) continue;
    outValues.push(values[i]!);
    outCumulative.push(level);
  }
  return { values: outValues, cumulative: outCumulative };
}
