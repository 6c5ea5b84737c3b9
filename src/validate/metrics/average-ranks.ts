/**
 * Ranks 1..n with ties given their average rank (scipy.stats.rankdata, method='average'), the
 * transform behind Spearman's correlation. O(n log n).
 * @example averageRanks(Float64Array.of(10, 20, 10, 30)) // Float64Array [1.5, 3, 1.5, 4]
 */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end−1 (0-based) hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}
