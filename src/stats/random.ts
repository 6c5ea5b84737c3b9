/**
 * Seeded randomness. Hand-written because it is the innermost loop of sampling (tens of millions of
 * draws per second) and every chunk needs its own independent stream derived from (seed, chunk index)
 * alone, which is what makes output identical for any worker count or shard split.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), 32-bit arithmetic that V8 runs natively,
 * seeded through splitmix32 so that neighbouring (seed, stream) pairs give unrelated states.
 */

/** A source of uniform numbers; the only randomness any function under src/ may use. */
export interface RandomSource {
  /** Uniform on [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Xoshiro128 implements RandomSource {
  /**
   * The generator's four words, in a typed array rather than fields: V8 keeps int32 fields
   * beyond 31 bits as heap numbers and changes their representation as values move, which made the
   * inlined loops of ziggurat.ts run at half speed or less, depending on the run.
   */
  readonly state = new Int32Array(4);

  /** @param seed any safe integer; @param stream an independent stream number (e.g. a chunk index). */
  constructor(seed: number, stream = 0) {
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x100000000) >>> 0;
    const mix = { s: low ^ Math.imul(high, 0x27d4eb2d) };
    splitmix32(mix);
    mix.s =
      (mix.s ^
        Math.imul(stream >>> 0, 0x9e3779b1) ^
        Math.imul(Math.floor(stream / 0x100000000), 0x85ebca77)) |
      0;
    const s = this.state;
    for (let i = 0; i < 4; i++) s[i] = splitmix32(mix);
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[3] = 1;
  }

  nextUint32(): number {
    const s = this.state;
    const s1 = s[1] as number;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s1;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  nextDouble(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A random source for stream `stream` of `seed`: chunk i of a run uses makeRandom(seed, i). */
export function makeRandom(seed: number, stream = 0): RandomSource {
  return new Xoshiro128(seed, stream);
}

/**
 * Fills `out` with independent standard normal draws (Marsaglia's polar method).
 * @example fillStandardNormal(makeRandom(1), new Float64Array(4))
 */
export function fillStandardNormal(random: RandomSource, out: Float64Array): Float64Array {
  let i = 0;
  while (i < out.length) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * f;
    if (i < out.length) out[i++] = v * f;
  }
  return out;
}
