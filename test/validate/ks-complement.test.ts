import { describe, expect, it } from 'vitest';
import { ksComplement } from '../../src/validate/metrics/ks-complement.js';
import { rint, roundDecimals } from '../../src/validate/metrics/round-half-even.js';
import { expectClose } from './expect-close.js';
import { numbersOf } from './prepared-columns.js';
import { fixture, fixtureTables } from './sdmetrics-inputs.js';

describe('rint and roundDecimals (numpy round)', () => {
  it('rounds halves to even, like C rint', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -3.5, 2.4999, 2.5001].map(rint)).toEqual([
      0, 2, 2, -0, -2, -2, -4, 2, 3,
    ]);
  });

  it('makes 0.3 − 0.2 and 0.2 − 0.1 equal at 14 decimals (they differ as doubles)', () => {
    expect(0.3 - 0.2).not.toBe(0.2 - 0.1);
    expect(roundDecimals(0.3 - 0.2, 14)).toBe(roundDecimals(0.2 - 0.1, 14));
  });
});

describe('KSComplement (metrics.md §1.1)', () => {
  it('scores real [0.3−0.2] against synthetic [0.2−0.1] as 1 (GH#652 rounding)', () => {
    expect(ksComplement(Float64Array.of(0.3 - 0.2), Float64Array.of(0.2 - 0.1))).toBe(1);
  });

  it('gives 1 for identical samples and 0 for disjoint ones', () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const far = Float64Array.from({ length: 1000 }, (_, i) => 1000 + Math.cos(i) * 10);
    expect(ksComplement(a, a)).toBe(1);
    expect(ksComplement(a, far)).toBe(0);
  });

  it('drops missing values and is NaN when a side is empty', () => {
    expect(ksComplement(Float64Array.of(1, Number.NaN, 2), Float64Array.of(2, 1))).toBe(1);
    expect(ksComplement(Float64Array.of(Number.NaN), Float64Array.of(1))).toBeNaN();
  });

  it('uses scipy’s exact-path statistic round(D·lcm)/lcm: 1 − 1/3 for 3 vs 6 rows', () => {
    // D = 1/3 is reached as 3/3 − 4/6 = 0.33333333333333337 in floating point; scipy reports 1 − 1/3.
    expect(ksComplement(Float64Array.of(1, 2, 3), Float64Array.of(0, 0.5, 1, 3, 4, 5))).toBe(1 - 1 / 3);
  });

  it('reproduces the fixture’s KSComplement for age, income and joined (datetime)', () => {
    const { real, synthetic } = fixtureTables();
    const expected = fixture.expected.KSComplement;
    expectClose(ksComplement(numbersOf(real, 'age'), numbersOf(synthetic, 'age')), expected['age']!);
    expectClose(ksComplement(numbersOf(real, 'income'), numbersOf(synthetic, 'income')), expected['income']!);
    expectClose(
      ksComplement(numbersOf(real, 'joined'), numbersOf(synthetic, 'joined'), { datetime: true }),
      expected['joined']!,
    );
    // Bit for bit, including scipy's last-bit rounding (0.8333333333333334, 0.8181818181818181).
    expect(ksComplement(numbersOf(real, 'income'), numbersOf(synthetic, 'income'))).toBe(expected['income']);
    expect(ksComplement(numbersOf(real, 'joined'), numbersOf(synthetic, 'joined'), { datetime: true })).toBe(
      expected['joined'],
    );
  });
});
