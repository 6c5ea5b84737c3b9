/**
 * The data-independent grid on which a private fit measures numeric, integer and datetime columns.
 *
 * Values are first put on an integer lattice of **units** (a value's last stored digit: 1 for
 * integers, 10^-d for numbers kept to d decimals, a day or a millisecond for datetimes), counted
 * from a public **origin** (0, or 2000-01-01 for datetimes). The lattice is then cut into
 * **magnitude buckets**: {0}, ±[2^j, 2^(j+1)) units for j = 0 … 52. Neither the grid nor any edge
 * derived from it depends on the data, so no real value (in particular no extreme one) can enter a
 * model through an edge.
 *
 * Edges between units sit at the rounding boundary (b − ½)·step, lowered by a hair
 * ({@link EDGE_OFFSET} of a step), so a bin [b₀, b₁) of units is the value interval that rounds to
 * its units, as the sampler rounds (integers, decimals, days), up to that hair: at most 2⁻¹⁶ of a
 * unit's mass rounds to its neighbour. The hair takes every knot off every decimal lattice, so no
 * knot of a private model can equal a value recorded in any column (a half-unit edge such as 23.5
 * would equal a recorded 23.50 of another column, which is harmless but makes "the model holds no
 * recorded value" unverifiable).
 */

/** The top magnitude: buckets reach 2^53 units, beyond which doubles stop being integers. */
export const TOP_EXPONENT = 52;
/** {0}, then 53 buckets on each side. */
export const BUCKET_COUNT = 2 * (TOP_EXPONENT + 1) + 1;
/** Index of the bucket {0}; negative buckets lie below it, positive above, in value order. */
export const ZERO_BUCKET = TOP_EXPONENT + 1;
/** Datetimes are counted from 2000-01-01T00:00:00Z. */
export const DATETIME_ORIGIN_MS = Date.UTC(2000, 0, 1);
const MS_PER_DAY = 86_400_000;
/** How far below the rounding boundary an edge sits, in steps (2⁻⁸ ms for timestamps, see above). */
export const EDGE_OFFSET = 2 ** -16;
/** Timestamps near 2^40 ms keep only about 2⁻¹² ms of precision, so their hair is coarser. */
const TIMESTAMP_EDGE_OFFSET_MS = 2 ** -8;

/** How a column's values map to units and back. */
export interface UnitLattice {
  /** The lattice unit of x, relative to the origin (rounded to the nearest unit). */
  unitOf(x: number): number;
  /** The value of the edge between relative units b − 1 and b: (origin + b − ½ − hair)·step. */
  edgeValue(b: number): number;
}

/**
 * The lattice of a column kind: integers (step 1), numbers kept to `decimals` decimals (step
 * 10^-decimals), dates (step one day) and timestamps (step one millisecond), the last two counted
 * from {@link DATETIME_ORIGIN_MS}.
 * @example latticeFor({ kind: 'integer' }).edgeValue(24) // 23.499984741210938 (23.5 − 2⁻¹⁶)
 * @example latticeFor({ kind: 'numeric', decimals: 2 }).edgeValue(1600) // 15.99499984741211
 */
export function latticeFor(
  column:
    | { kind: 'integer' }
    | { kind: 'numeric'; decimals: number }
    | { kind: 'datetime'; unit: 'date' | 'timestamp' },
): UnitLattice {
  switch (column.kind) {
    case 'integer':
      return { unitOf: (x) => Math.round(x), edgeValue: (b) => b - 0.5 - EDGE_OFFSET };
    case 'numeric': {
      const scale = 10 ** column.decimals;
      return {
        unitOf: (x) => Math.round(x * scale),
        edgeValue: (b) => (2 * b - 1 - 2 * EDGE_OFFSET) / (2 * scale),
      };
    }
    case 'datetime': {
      if (column.unit === 'date') {
        const origin = DATETIME_ORIGIN_MS / MS_PER_DAY;
        return {
          unitOf: (x) => Math.round(x / MS_PER_DAY) - origin,
          edgeValue: (b) => (2 * (origin + b) - 1 - 2 * EDGE_OFFSET) * (MS_PER_DAY / 2),
        };
      }
      return {
        unitOf: (x) => Math.round(x) - DATETIME_ORIGIN_MS,
        edgeValue: (b) => DATETIME_ORIGIN_MS + b - 0.5 - TIMESTAMP_EDGE_OFFSET_MS,
      };
    }
  }
}

/**
 * The bucket of relative unit r, as an index in 0 … BUCKET_COUNT − 1 ascending by value; units
 * beyond ±2^53 fall in the outermost buckets.
 * @example bucketIndex(0) // ZERO_BUCKET
 * @example bucketIndex(5) - ZERO_BUCKET // 3 (the bucket [4, 8))
 */
export function bucketIndex(r: number): number {
  if (r === 0) return ZERO_BUCKET;
  const magnitude = Math.abs(r);
  const j = Math.min(TOP_EXPONENT, floorLog2(magnitude));
  return r > 0 ? ZERO_BUCKET + 1 + j : ZERO_BUCKET - 1 - j;
}

/**
 * The relative units [low, high) of a bucket: {0} is [0, 1), positive j is [2^j, 2^(j+1)), negative
 * j holds −2^(j+1) + 1 … −2^j, i.e. [−2^(j+1) + 1, −2^j + 1).
 */
export function bucketRange(index: number): readonly [number, number] {
  if (index === ZERO_BUCKET) return [0, 1];
  if (index > ZERO_BUCKET) {
    const j = index - ZERO_BUCKET - 1;
    return [2 ** j, 2 ** (j + 1)];
  }
  const j = ZERO_BUCKET - 1 - index;
  return [-(2 ** (j + 1)) + 1, -(2 ** j) + 1];
}

/** ⌊log₂ m⌋ for m ≥ 1, corrected where Math.log2 rounds across a power of two. */
function floorLog2(m: number): number {
  let j = Math.floor(Math.log2(m));
  if (2 ** j > m) j--;
  else if (2 ** (j + 1) <= m) j++;
  return j;
}

/**
 * Splits [low, high) into `parts` bins of whole units, as even as the lattice allows; returns the
 * parts + 1 edges (fewer bins when the range has fewer units).
 * @example splitRange(4, 8, 2) // [4, 6, 8]
 */
export function splitRange(low: number, high: number, parts: number): number[] {
  const count = Math.max(1, Math.min(parts, high - low));
  const edges = [low];
  for (let i = 1; i < count; i++) edges.push(low + Math.round((i * (high - low)) / count));
  edges.push(high);
  return edges;
}

/**
 * The bin of relative unit r among `edges` (ascending): the i with edges[i] ≤ r < edges[i + 1];
 * units outside [edges[0], edges[last]) are clamped into the first or last bin.
 */
export function binOf(edges: readonly number[], r: number): number {
  const last = edges.length - 2;
  if (r < edges[1]!) return 0;
  if (r >= edges[last]!) return last;
  let low = 1;
  let high = last;
  // Invariant: edges[low] ≤ r < edges[high + 1].
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (edges[mid]! <= r) low = mid;
    else high = mid - 1;
  }
  return low;
}
