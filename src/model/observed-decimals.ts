/** Most decimals a model keeps; beyond this a double's digits are noise. */
export const MAX_DECIMALS = 15;

/**
 * The most decimal places any present value shows in its shortest round-trip form (JavaScript's
 * `Number.prototype.toString`, which is what a CSV of these numbers would print), at most 15.
 * The sampler rounds to it, so money stays in cents and codes stay whole.
 * O(n).
 * @example observedDecimals(Float64Array.of(1, 2.5, Number.NaN, 0.125)) // 3
 * @example observedDecimals(Float64Array.of(4e-4, 1e-7)) // 7
 */
export function observedDecimals(values: Iterable<number>): number {
  let decimals = 0;
  let previous = Number.NaN;
  for (const value of values) {
    // A repeat of the last value (sorted input: every repeat) adds no digits; skipping it spares a
    // string per row, which on a 10M-row column was hundreds of MB of garbage at the fit's peak.
    if (value === previous || !Number.isFinite(value) || Number.isInteger(value)) continue;
    previous = value;
    // Most values show no more decimals than already seen: proven without a string (a million
    // distinct values of a 10M-row column were a second of toString and tens of MB of garbage).
    if (showsAtMost(value, decimals)) continue;
    decimals = Math.max(decimals, decimalsOf(value));
    if (decimals >= MAX_DECIMALS) return MAX_DECIMALS;
  }
  return decimals;
}

/** 10^d for d ≤ 15, exact (literals, not Math.pow). */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * True only when `value`'s shortest round-trip form has at most `decimals` decimal places (false
 * says nothing). m / 10^d === |value| for the integer m = round(|value| · 10^d) means the decimal
 * m·10^−d, of at most d places, reads back as |value| (a double's division is correctly rounded,
 * as is reading a decimal); the shortest form that reads back then has no more places: it has no
 * more significant digits, and the same leading digit position unless a power of ten lies between
 * them, which itself has fewer places. Tested against {@link decimalsOf} in private-cdf.test.ts.
 */
export function showsAtMost(value: number, decimals: number): boolean {
  const scale = POWERS_OF_TEN[decimals]!;
  const size = Math.abs(value);
  return Math.round(size * scale) / scale === size;
}

/** Decimal places of `value`'s shortest round-trip form (its toString), at most 15. */
export function decimalsOf(value: number): number {
  const text = Math.abs(value).toString();
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const exponent = e === -1 ? 0 : Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  return Math.min(MAX_DECIMALS, Math.max(0, fraction - exponent));
}
