import type { LabelCodes } from './label-codes.js';

/**
 * CategoryAdherence on coded labels; see {@link categoryAdherence}.
 */
export function categoryAdherenceCoded(codes: LabelCodes): number {
  const missing = codes.categories;
  let realHasMissing = false;
  for (const c of codes.real) {
    if (c === missing) {
      realHasMissing = true;
      break;
    }
  }
  if (codes.synthetic.length === 0) return Number.NaN;
  let valid = 0;
  for (const c of codes.synthetic) {
    // Codes below realCategories were seen in the real data (codes are assigned real side first).
    if (c < codes.realCategories || (c === missing && realHasMissing)) valid++;
  }
  return valid / codes.synthetic.length;
}

/**
 * CategoryAdherence (SDMetrics, metrics.md §1.6): the share of synthetic values that are categories
 * of the real column; a missing synthetic value counts as valid exactly when the real column has a
 * missing value too. O(n + m).
 * @returns a score in [0, 1]; NaN for an empty synthetic column.
 * @example categoryAdherence(['a', 'b'], ['a', 'c', null]) // 0.3333333333333333
 */
export function categoryAdherence(
  real: readonly (string | null)[],
  synthetic: readonly (string | null)[],
): number {
  const seen = new Set(real);
  if (synthetic.length === 0) return Number.NaN;
  let valid = 0;
  for (const v of synthetic) if (seen.has(v)) valid++;
  return valid / synthetic.length;
}
