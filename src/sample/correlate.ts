/**
 * z ← L x for a block of rows stored dimension-major (z[k · rows + r] is dimension k of row r), in
 * place. Hand-written because it is the sampler's innermost arithmetic (d(d+1)/2 multiply-adds per
 * row). Dimension-major storage makes every loop a unit-stride pass over rows, which V8 compiles
 * to tight machine code; going from the last dimension to the first lets dimension k be overwritten
 * while dimensions j < k, still holding independent draws, are read; and folding four sources into
 * each pass cuts the loads and stores of the target row by four.
 */
export function correlateInPlace(
  cholesky: Float64Array,
  dimensions: number,
  z: Float64Array,
  rows: number,
): void {
  const d = dimensions;
  for (let k = d - 1; k >= 0; k--) {
    const target = k * rows;
    const weights = k * d;
    const diagonal = cholesky[weights + k] as number;
    if (diagonal !== 1) for (let r = 0; r < rows; r++) z[target + r] = (z[target + r] as number) * diagonal;
    let j = 0;
    for (; j + 4 <= k; j += 4) {
      const w0 = cholesky[weights + j] as number;
      const w1 = cholesky[weights + j + 1] as number;
      const w2 = cholesky[weights + j + 2] as number;
      const w3 = cholesky[weights + j + 3] as number;
      // Independent blocks of the correlation (unrelated columns) cost nothing.
      if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
      const s0 = j * rows;
      const s1 = s0 + rows;
      const s2 = s1 + rows;
      const s3 = s2 + rows;
      for (let r = 0; r < rows; r++) {
        z[target + r] =
          (z[target + r] as number) +
          w0 * (z[s0 + r] as number) +
          w1 * (z[s1 + r] as number) +
          w2 * (z[s2 + r] as number) +
          w3 * (z[s3 + r] as number);
      }
    }
    for (; j < k; j++) {
      const w = cholesky[weights + j] as number;
      if (w === 0) continue;
      const source = j * rows;
      for (let r = 0; r < rows; r++)
        z[target + r] = (z[target + r] as number) + w * (z[source + r] as number);
    }
  }
}
