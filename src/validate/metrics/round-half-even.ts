/**
 * numpy's rounding, which SDMetrics' KSComplement applies before comparing samples (metrics.md §1.1):
 * `np.round(x, d) = rint(x * 10**d) / 10**d`, where `rint` rounds halves to even. JS `Math.round`
 * rounds halves up, so it cannot be used directly.
 */

/**
 * Rounds to the nearest integer, halves to even (C `rint` in the default rounding mode).
 * @example rint(2.5) // 2
 * @example rint(-3.5) // -4
 */
export function rint(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor; // exact: the fraction of a double is representable
  const rounded = fraction < 0.5 ? floor : fraction > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
  return rounded === 0 ? x * 0 : rounded; // rint keeps the sign of zero: rint(-0.4) is -0
}

/**
 * `np.round(x, decimals)` for decimals >= 0, bit for bit: multiply by the power of ten, rint, divide.
 * @example roundDecimals(0.3 - 0.2, 14) === roundDecimals(0.2 - 0.1, 14) // true
 */
export function roundDecimals(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return rint(x * scale) / scale;
}
