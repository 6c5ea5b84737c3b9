import { expect } from 'vitest';

/** metrics.md §1.0: SDMetrics and a port agree to 1e-12 (summation order moves only the last bits). */
export const TOLERANCE = 1e-12;

/** Asserts |actual − expected| <= tolerance; null (a NaN in the report) only matches null. */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  tolerance = TOLERANCE,
): void {
  if (expected === null || Number.isNaN(expected)) {
    expect(actual === null || Number.isNaN(actual)).toBe(true);
    return;
  }
  expect(actual).not.toBeNull();
  expect(actual).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}
