/**
 * Integer codes for a categorical column, shared by its real and synthetic sides, so every
 * categorical metric counts in typed arrays instead of hashing strings per pair.
 */

/** A label column pair as codes: 0 .. categories−1 for values, `categories` itself for missing. */
export interface LabelCodes {
  readonly real: Int32Array;
  readonly synthetic: Int32Array;
  /** Distinct non-missing values over both sides; the missing code equals this number. */
  readonly categories: number;
  /** Codes below this were seen in the real data (codes are given in order of first appearance). */
  readonly realCategories: number;
}

function assign<T>(values: ArrayLike<T>, isMissing: (v: T) => boolean, map: Map<T, number>): Int32Array {
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (isMissing(v)) {
      codes[i] = -1;
      continue;
    }
    let code = map.get(v);
    if (code === undefined) {
      code = map.size;
      map.set(v, code);
    }
    codes[i] = code;
  }
  return codes;
}

function codesFrom<T>(real: ArrayLike<T>, synthetic: ArrayLike<T>, isMissing: (v: T) => boolean): LabelCodes {
  // One Map for both sides, real first: the code order is Python's Counter order (first appearance
  // in the real data, then values only the synthetic data has), which TVComplement sums in.
  const map = new Map<T, number>();
  const realCodes = assign(real, isMissing, map);
  const realCategories = map.size;
  const syntheticCodes = assign(synthetic, isMissing, map);
  const categories = map.size;
  for (const codes of [realCodes, syntheticCodes]) {
    for (let i = 0; i < codes.length; i++) if (codes[i] === -1) codes[i] = categories;
  }
  return { real: realCodes, synthetic: syntheticCodes, categories, realCategories };
}

/**
 * Codes labels (null = missing) in order of first appearance, real data first. O(n) with one Map.
 * @example codeLabels(['a', null, 'b'], ['b', 'c']) // real [0, 3, 1], synthetic [1, 2], categories 3
 */
export function codeLabels(
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
): LabelCodes {
  return codesFrom(real, synthetic, (v) => v === null);
}

/** Codes numbers treated as categories (NaN = missing), e.g. a discrete numeric column. */
export function codeNumbers(real: Float64Array, synthetic: Float64Array): LabelCodes {
  return codesFrom(real, synthetic, (v) => Number.isNaN(v));
}
