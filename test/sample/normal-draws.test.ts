import { describe, expect, it } from 'vitest';
import { choleskyFactor } from '../../src/sample/cholesky.js';
import { correlateInPlace } from '../../src/sample/correlate.js';
import { normalCdf } from '../../src/stats/normal.js';
import { makeRandom, type RandomSource } from '../../src/stats/random.js';
import { makeNormalStream } from '../../src/stats/ziggurat.js';

describe('ziggurat on a Xoshiro128 (generator step inlined)', () => {
  it('draws exactly what it draws through nextUint32 calls, slow paths included, and leaves the same state', () => {
    const inline = makeRandom(42, 7);
    const viaCalls = makeRandom(42, 7);
    // A wrapper is not a Xoshiro128, so the stream takes the generic path.
    const wrapper: RandomSource = {
      nextUint32: () => viaCalls.nextUint32(),
      nextDouble: () => viaCalls.nextDouble(),
    };
    const a = makeNormalStream(inline).fill(new Float64Array(200_000));
    const b = makeNormalStream(wrapper).fill(new Float64Array(200_000));
    expect(a.filter((x) => Math.abs(x) > 3.6541528853610088).length).toBeGreaterThan(10);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(inline.nextUint32()).toBe(viaCalls.nextUint32());
  });
});

describe('ziggurat normal stream', () => {
  const n = 2_000_000;
  const draws = makeNormalStream(makeRandom(2024, 3)).fill(new Float64Array(n));

  it('has standard normal moments', () => {
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const x of draws) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    // Standard errors: mean 1/√n, variance √(2/n), fourth moment √(96/n); 4 of each.
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it('passes a Kolmogorov–Smirnov test against Φ, tails included', () => {
    const sorted = Float64Array.from(draws).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(sorted[i]!);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n)); // the 1% critical value
    // Beyond the ziggurat's base strip (|z| > 3.654) the tail algorithm takes over.
    const tail = draws.filter((x) => x > 3.6541528853610088).length / n;
    expect(Math.abs(tail - normalCdf(-3.6541528853610088))).toBeLessThan(
      4 * Math.sqrt(normalCdf(-3.654) / n),
    );
  });

  it('gives the same draws however the fills are split', () => {
    const stream = makeNormalStream(makeRandom(2024, 3));
    const split = new Float64Array(10_000);
    stream.fill(split.subarray(0, 3_333));
    stream.fill(split.subarray(3_333, 3_334));
    stream.fill(split.subarray(3_334));
    expect(Array.from(split)).toEqual(Array.from(draws.subarray(0, 10_000)));
  });

  it('gives unrelated draws for another stream of the same seed', () => {
    const other = makeNormalStream(makeRandom(2024, 4)).fill(new Float64Array(100_000));
    let sxy = 0;
    for (let i = 0; i < other.length; i++) sxy += other[i]! * draws[i]!;
    expect(Math.abs(sxy / other.length)).toBeLessThan(4 / Math.sqrt(other.length));
  });
});

describe('correlateInPlace', () => {
  it.each([1, 3, 4, 7, 13, 21])(
    'computes L·x per row for dimension-major blocks (against a plain matrix product), d = %i',
    (d) => {
      // Dimensions 3 and 9..12 are independent of the rest: zero blocks of L are skipped.
      const independent = (i: number) => i === 3 || (i >= 9 && i <= 12);
      const correlation = Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) =>
          i === j ? 1 : independent(i) || independent(j) ? 0 : 0.6 ** Math.abs(i - j),
        ),
      );
      const lower = choleskyFactor(correlation);
      const rows = 37;
      const x = makeNormalStream(makeRandom(1)).fill(new Float64Array(d * rows));
      const z = Float64Array.from(x);
      correlateInPlace(lower, d, z, rows);
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < d; k++) {
          let expected = 0;
          for (let j = 0; j <= k; j++) expected += lower[k * d + j]! * x[j * rows + r]!;
          expect(z[k * rows + r]).toBeCloseTo(expected, 12);
        }
      }
    },
  );
});
