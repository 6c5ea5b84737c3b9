import { describe, expect, it } from 'vitest';
import { cdpDelta, cdpEpsilon, cdpRho } from '../../../src/model/dp/cdp.js';

describe('zCDP ↔ (ε, δ) conversion (private-pgm cdp2adp; metrics.md §4.4)', () => {
  // metrics.md §4.4 lists private-pgm's cdp_rho to 6 significant digits; the full values are from
  // running ryan112358/private-pgm mechanisms/cdp2adp.py (cdp_rho) in CPython 3, repr() printed.
  it.each([
    [1, 1e-9, 0.0149731, 0.014973057673588523],
    [1, 1e-5, 0.0305566, 0.03055659519763956],
    [3, 1e-9, 0.120582, 0.12058242891101999],
  ])('cdpRho(%d, %d) = %d (private-pgm: %d) within 1e-6 relative', (epsilon, delta, printed, full) => {
    const rho = cdpRho(epsilon, delta);
    expect(Math.abs(rho - full) / full).toBeLessThan(1e-6);
    expect(Number(rho.toPrecision(6))).toBe(printed);
  });

  it('matches private-pgm cdp_eps and cdp_delta (CPython 3 reference values)', () => {
    expect(Math.abs(cdpEpsilon(0.0149731, 1e-9) - 1.000001475713714)).toBeLessThan(1e-12);
    expect(Math.abs(cdpDelta(0.0149731, 1) / 1.0000499763417573e-9 - 1)).toBeLessThan(1e-9);
  });

  it('never overstates ρ: cdpDelta(cdpRho(ε, δ), ε) ≤ δ, and cdpEpsilon inverts cdpRho', () => {
    for (const epsilon of [0.1, 0.5, 1, 2, 5, 10]) {
      for (const delta of [1e-12, 1e-9, 1e-6, 1e-3]) {
        const rho = cdpRho(epsilon, delta);
        expect(cdpDelta(rho, epsilon)).toBeLessThanOrEqual(delta);
        const back = cdpEpsilon(rho, delta);
        expect(back).toBeLessThanOrEqual(epsilon * (1 + 1e-12));
        expect(back).toBeGreaterThan(epsilon * (1 - 1e-9));
      }
    }
  });

  it('is tighter than the simple bound ε = ρ + 2√(ρ ln(1/δ)) (Bun & Steinke 2016, Prop. 1.3)', () => {
    const simple = (rho: number, delta: number) => rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
    for (const rho of [0.001, 0.0149731, 0.1, 1]) {
      for (const delta of [1e-9, 1e-5]) expect(cdpEpsilon(rho, delta)).toBeLessThan(simple(rho, delta));
    }
  });

  it('grows ρ with ε and with δ', () => {
    expect(cdpRho(2, 1e-9)).toBeGreaterThan(cdpRho(1, 1e-9));
    expect(cdpRho(1, 1e-6)).toBeGreaterThan(cdpRho(1, 1e-9));
  });

  it('handles the degenerate ends and rejects impossible parameters', () => {
    expect(cdpDelta(0, 1)).toBe(0);
    expect(cdpEpsilon(0, 1e-9)).toBe(0);
    expect(cdpRho(1, 1)).toBe(0);
    expect(() => cdpRho(1, 0)).toThrow(RangeError);
    expect(() => cdpRho(-1, 1e-9)).toThrow(RangeError);
    expect(() => cdpDelta(-1, 1)).toThrow(RangeError);
    expect(() => cdpEpsilon(1, 0)).toThrow(RangeError);
  });
});
