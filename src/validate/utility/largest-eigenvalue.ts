/**
 * λ_max of XᵀX / n for a row-major n × d matrix, by power iteration: the curvature bound that makes a
 * fixed gradient step safe. Hand-written because it is two passes over the rows per iteration and
 * needs no matrix copy; 50 iterations give a few digits, which is all a step size needs (the
 * estimate approaches λ_max from below, so callers keep a margin). O(iterations · n · d).
 * @example largestEigenvalue(Float64Array.of(1, 0, 0, 1), 2, 2) // 0.5
 */
export function largestEigenvalue(x: Float64Array, rows: number, width: number, iterations = 50): number {
  if (rows === 0 || width === 0) return 0;
  let v = new Float64Array(width).fill(1 / Math.sqrt(width));
  let lambda = 0;
  const xv = new Float64Array(rows);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += x[i * width + j]! * v[j]!;
      xv[i] = s;
    }
    const w = new Float64Array(width);
    for (let i = 0; i < rows; i++) {
      const s = xv[i]! / rows;
      for (let j = 0; j < width; j++) w[j]! += x[i * width + j]! * s;
    }
    let norm = 0;
    for (let j = 0; j < width; j++) norm += w[j]! * w[j]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    lambda = norm;
    for (let j = 0; j < width; j++) w[j]! /= norm;
    v = w;
  }
  return lambda;
}
