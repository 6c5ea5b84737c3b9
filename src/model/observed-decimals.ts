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
    decimals = Math.max(decimals, decimalsOf(value));
    if (decimals >= MAX_DECIMALS) return MAX_DECIMALS;
  }
  return decimals;
}

function decimalsOf(value: number): number {
  const text = Math.abs(value).toString();
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const exponent = e === -1 ? 0 : Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  return Math.min(MAX_DECIMALS, Math.max(0, fraction - exponent));
}
