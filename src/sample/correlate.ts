/**
 * z ← L x for a block of rows stored dimension-major (z[k · rows + r] is dimension k of row r), in
 * place. Hand-written because it is the sampler's innermost arithmetic (d(d+1)/2 multiply-adds per
 * row). Dimension-major storage makes every loop a unit-stride pass over rows, which V8 compiles
 * to tight machine code; going from the last dimension to the first lets dimension k be overwritten
 * while dimensions j < k, still holding independent draws, are read.
 *
 * Targets go four at a time and sources four at a time: each pass over the rows loads four source
 * values and updates four targets with 16 multiply-adds, one memory access per multiply-add where
 * one target per pass needed one and a half (20 dimensions: 50 vs 118 ns a row).
 */
/** True when L (row-major d × d) is zero in rows k − 3 … k, columns j … j + 3, given at = k · d + j. */
function isZeroBlock(L: Float64Array, at: number, d: number): boolean {
  for (let row = 0; row < 4; row++) {
    const start = at - row * d;
    if (L[start] !== 0 || L[start + 1] !== 0 || L[start + 2] !== 0 || L[start + 3] !== 0) return false;
  }
  return true;
}

export function correlateInPlace(
  cholesky: Float64Array,
  dimensions: number,
  z: Float64Array,
  rows: number,
): void {
  const d = dimensions;
  const L = cholesky;
  let k = d - 1;
  for (; k >= 3; k -= 4) {
    const t0 = k * rows;
    const t1 = t0 - rows;
    const t2 = t1 - rows;
    const t3 = t2 - rows;
    const w0 = k * d;
    const w1 = w0 - d;
    const w2 = w1 - d;
    const w3 = w2 - d;
    // The four targets among themselves first, from their own (still independent) draws.
    const d0 = L[w0 + k] as number;
    const a1 = L[w0 + k - 1] as number;
    const a2 = L[w0 + k - 2] as number;
    const a3 = L[w0 + k - 3] as number;
    const d1 = L[w1 + k - 1] as number;
    const b2 = L[w1 + k - 2] as number;
    const b3 = L[w1 + k - 3] as number;
    const d2 = L[w2 + k - 2] as number;
    const c3 = L[w2 + k - 3] as number;
    const d3 = L[w3 + k - 3] as number;
    for (let r = 0; r < rows; r++) {
      const x0 = z[t0 + r] as number;
      const x1 = z[t1 + r] as number;
      const x2 = z[t2 + r] as number;
      const x3 = z[t3 + r] as number;
      z[t0 + r] = d0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      z[t1 + r] = d1 * x1 + b2 * x2 + b3 * x3;
      z[t2 + r] = d2 * x2 + c3 * x3;
      z[t3 + r] = d3 * x3;
    }
    const sources = k - 3;
    let j = 0;
    for (; j + 4 <= sources; j += 4) {
      // Independent blocks of the correlation (unrelated columns) cost nothing.
      if (isZeroBlock(L, w0 + j, d)) continue;
      const p0 = L[w0 + j] as number;
      const p1 = L[w0 + j + 1] as number;
      const p2 = L[w0 + j + 2] as number;
      const p3 = L[w0 + j + 3] as number;
      const q0 = L[w1 + j] as number;
      const q1 = L[w1 + j + 1] as number;
      const q2 = L[w1 + j + 2] as number;
      const q3 = L[w1 + j + 3] as number;
      const r0 = L[w2 + j] as number;
      const r1 = L[w2 + j + 1] as number;
      const r2 = L[w2 + j + 2] as number;
      const r3 = L[w2 + j + 3] as number;
      const u0 = L[w3 + j] as number;
      const u1 = L[w3 + j + 1] as number;
      const u2 = L[w3 + j + 2] as number;
      const u3 = L[w3 + j + 3] as number;
      const s0 = j * rows;
      const s1 = s0 + rows;
      const s2 = s1 + rows;
      const s3 = s2 + rows;
      for (let r = 0; r < rows; r++) {
        const x0 = z[s0 + r] as number;
        const x1 = z[s1 + r] as number;
        const x2 = z[s2 + r] as number;
        const x3 = z[s3 + r] as number;
        z[t0 + r] = (z[t0 + r] as number) + p0 * x0 + p1 * x1 + p2 * x2 + p3 * x3;
        z[t1 + r] = (z[t1 + r] as number) + q0 * x0 + q1 * x1 + q2 * x2 + q3 * x3;
        z[t2 + r] = (z[t2 + r] as number) + r0 * x0 + r1 * x1 + r2 * x2 + r3 * x3;
        z[t3 + r] = (z[t3 + r] as number) + u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
      }
    }
    for (; j < sources; j++) {
      const p = L[w0 + j] as number;
      const q = L[w1 + j] as number;
      const v = L[w2 + j] as number;
      const u = L[w3 + j] as number;
      const s = j * rows;
      for (let r = 0; r < rows; r++) {
        const x = z[s + r] as number;
        z[t0 + r] = (z[t0 + r] as number) + p * x;
        z[t1 + r] = (z[t1 + r] as number) + q * x;
        z[t2 + r] = (z[t2 + r] as number) + v * x;
        z[t3 + r] = (z[t3 + r] as number) + u * x;
      }
    }
  }
  // The first d mod 4 dimensions, one target at a time.
  for (; k >= 0; k--) {
    const target = k * rows;
    const weights = k * d;
    const diagonal = L[weights + k] as number;
    if (diagonal !== 1) for (let r = 0; r < rows; r++) z[target + r] = (z[target + r] as number) * diagonal;
    for (let j = 0; j < k; j++) {
      const w = L[weights + j] as number;
      if (w === 0) continue;
      const source = j * rows;
      for (let r = 0; r < rows; r++)
        z[target + r] = (z[target + r] as number) + w * (z[source + r] as number);
    }
  }
}
