/**
 * numpy's equal-width binning, as SDMetrics uses it to turn a continuous column into categories:
 * `np.histogram_bin_edges` for the edges and `np.digitize` for the bin of each value.
 */

/**
 * `np.histogram_bin_edges(values[~isnan], bins)`: `bins + 1` equal-width edges from the minimum to
 * the maximum of the present values, each edge `i * ((max − min) / bins) + min` and the last exactly
 * `max` (numpy's linspace). A constant column gets the range [v − 0.5, v + 0.5]; an empty one [0, 1].
 * @example histogramBinEdges(Float64Array.of(1, 2.5, 4), 3) // Float64Array [1, 2, 3, 4]
 */
export function histogramBinEdges(values: Float64Array, bins: number): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v; // NaN compares false both ways, so it is skipped
    if (v > hi) hi = v;
  }
  if (lo > hi) {
    lo = 0;
    hi = 1;
  } else if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const delta = hi - lo;
  const step = delta / bins;
  for (let i = 0; i <= bins; i++) {
    // linspace falls back to (i / bins) * delta when the step underflows to 0.
    edges[i] = (step === 0 ? (i / bins) * delta : i * step) + lo;
  }
  edges[bins] = hi;
  return edges;
}

/**
 * `np.digitize(value, edges)` for ascending edges: the number of edges <= value (so values equal to
 * the last edge fall in bin `edges.length`), and NaN in bin `edges.length` too (NaN sorts last).
 * @example digitize(4, Float64Array.of(1, 2, 3, 4)) // 4
 */
export function digitize(value: number, edges: Float64Array): number {
  if (Number.isNaN(value)) return edges.length;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `np.digitize` of a whole column, as codes for the contingency tables: values 0 .. edges.length
 * (0 only for a value below the first edge). A Uint16Array keeps a million rows at 2 MB.
 */
export function binCodes(values: Float64Array, edges: Float64Array): Uint16Array {
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = digitize(values[i]!, edges);
  return codes;
}
