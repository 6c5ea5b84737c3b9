/**
 * KeyUniqueness (SDMetrics, metrics.md §1.6) of a key column: 1 − the share of synthetic rows whose
 * key is missing or repeats an earlier row's key (pandas `duplicated(keep='first')`). The real
 * column does not enter the score. O(m).
 * @returns a score in [0, 1]; NaN for an empty synthetic column.
 * @example keyUniqueness(['1', '2', '2', null]) // 0.5
 */
export function keyUniqueness(synthetic: readonly (string | null)[]): number {
  if (synthetic.length === 0) return Number.NaN;
  const seen = new Set<string>();
  let bad = 0;
  for (const key of synthetic) {
    if (key === null || seen.has(key)) bad++;
    else seen.add(key);
  }
  return 1 - bad / synthetic.length;
}
