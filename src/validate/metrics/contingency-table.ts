/**
 * Joint counts of two coded columns, the core of ContingencySimilarity and Cramér's V. Counting into
 * a typed array indexed by `a * levelsB + b` is one pass with no per-row allocation; pairs of
 * high-cardinality columns, whose full grid would not fit, fall back to a Map of the cells present.
 */

/** Integer codes of one column: categories, or bins of a continuous column. */
export type Codes = Int32Array | Uint16Array;

/** One column of a pair, both sides coded in one code space of `levels` values (missing included). */
export interface CodedColumn {
  readonly real: Codes;
  readonly synthetic: Codes;
  readonly levels: number;
}

/** Counts of the cells (a, b) present on either side; `cells[k]` is `a * levelsB + b`. */
export interface ContingencyTable {
  readonly levelsA: number;
  readonly levelsB: number;
  readonly cells: Float64Array;
  readonly real: Float64Array;
  readonly synthetic: Float64Array;
  readonly realRows: number;
  readonly syntheticRows: number;
}

/** Largest grid counted densely: 4M cells (two 16 MB count arrays at most). */
const DENSE_LIMIT = 1 << 22;

function denseCounts(a: Codes, b: Codes, levelsB: number, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < a.length; i++) counts[a[i]! * levelsB + b[i]!]!++;
  return counts;
}

function sparseCounts(a: Codes, b: Codes, levelsB: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const cell = a[i]! * levelsB + b[i]!;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

/**
 * Counts each (a, b) cell of the real and of the synthetic rows. O(n + m + levelsA·levelsB) when the
 * grid is small, O(n + m) with a Map otherwise. Missing values are ordinary codes (pandas
 * `groupby(dropna=False)` keeps NaN as a group).
 */
export function contingencyTable(a: CodedColumn, b: CodedColumn): ContingencyTable {
  const levelsA = a.levels;
  const levelsB = b.levels;
  const size = levelsA * levelsB;
  if (size <= DENSE_LIMIT) {
    const real = denseCounts(a.real, b.real, levelsB, size);
    const synthetic = denseCounts(a.synthetic, b.synthetic, levelsB, size);
    let present = 0;
    for (let k = 0; k < size; k++) if (real[k]! > 0 || synthetic[k]! > 0) present++;
    const cells = new Float64Array(present);
    const realOut = new Float64Array(present);
    const syntheticOut = new Float64Array(present);
    let j = 0;
    for (let k = 0; k < size; k++) {
      if (real[k]! > 0 || synthetic[k]! > 0) {
        cells[j] = k;
        realOut[j] = real[k]!;
        syntheticOut[j++] = synthetic[k]!;
      }
    }
    return {
      levelsA,
      levelsB,
      cells,
      real: realOut,
      synthetic: syntheticOut,
      realRows: a.real.length,
      syntheticRows: a.synthetic.length,
    };
  }
  const real = sparseCounts(a.real, b.real, levelsB);
  const synthetic = sparseCounts(a.synthetic, b.synthetic, levelsB);
  const keys = new Set([...real.keys(), ...synthetic.keys()]);
  const cells = Float64Array.from(keys).sort();
  return {
    levelsA,
    levelsB,
    cells,
    real: cells.map((k) => real.get(k) ?? 0),
    synthetic: cells.map((k) => synthetic.get(k) ?? 0),
    realRows: a.real.length,
    syntheticRows: a.synthetic.length,
  };
}
