import { describe, expect, it } from 'vitest';
import { tvComplement } from '../../src/validate/metrics/tv-complement.js';
import { expectClose } from './expect-close.js';
import { labelsOf } from './prepared-columns.js';
import { fixture, fixtureTables } from './sdmetrics-inputs.js';

describe('TVComplement (metrics.md §1.2, SDMetrics library tests)', () => {
  it('scores real a,b,c,a,a,b against synthetic a,b,c,a,b,c as 0.8333333333333333', () => {
    expect(tvComplement(['a', 'b', 'c', 'a', 'a', 'b'], ['a', 'b', 'c', 'a', 'b', 'c'])).toBe(
      0.8333333333333333,
    );
  });

  it('drops missing values: one real b and one synthetic b give 1', () => {
    expect(tvComplement([null, null, null, null, null, 'b'], ['b', null, null, null, null, null])).toBe(1);
  });

  it('is NaN (SDMetrics: IncomputableMetricError) when a side has no present value', () => {
    expect(tvComplement(['a', 'b', null], [null, null])).toBeNaN();
    expect(tvComplement([null], ['a'])).toBeNaN();
  });

  it('puts the 1e-6 weight of a synthetic-only category into the real normaliser', () => {
    // real a×2; synthetic a, d. Real shares: a 2/(2+1e-6), d 1e-6/(2+1e-6).
    const realTotal = 2 + 1e-6;
    const expected = 1 - 0.5 * (Math.abs(0.5 - 2 / realTotal) + Math.abs(0.5 - 1e-6 / realTotal));
    expect(tvComplement(['a', 'a'], ['a', 'd'])).toBe(expected);
    expect(expected).not.toBe(0.5);
  });

  it('reproduces the fixture: city 0.9090909338842953 (unseen D) and member 1.0', () => {
    const { real, synthetic } = fixtureTables();
    const expected = fixture.expected.TVComplement;
    expectClose(tvComplement(labelsOf(real, 'city'), labelsOf(synthetic, 'city')), expected['city']!);
    expectClose(tvComplement(labelsOf(real, 'member'), labelsOf(synthetic, 'member')), expected['member']!);
    expect(tvComplement(labelsOf(real, 'city'), labelsOf(synthetic, 'city'))).toBe(0.9090909338842953);
  });
});
