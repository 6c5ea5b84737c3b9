/**
 * Reports are plain JSON, which has no NaN: an incomputable score (NaN in SDMetrics) is null.
 * @example jsonNumber(Number.NaN) // null
 */
export function jsonNumber(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
