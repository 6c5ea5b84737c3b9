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
  private a: number;
  private b: number;
  private c: number;
  private d: number;

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
    this.a = splitmix32(mix);
    this.b = splitmix32(mix);
    this.c = splitmix32(mix);
    this.d = splitmix32(mix);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Copies the generator state into `out` (for loops that run the generator inline, see ziggurat.ts). */
  saveState(out: Int32Array): void {
    out[0] = this.a;
    out[1] = this.b;
    out[2] = this.c;
    out[3] = this.d;
  }

  /** Restores a state saved by {@link saveState} and advanced by an inline copy of {@link nextUint32}. */
  loadState(state: Int32Array): void {
    this.a = state[0] as number;
    this.b = state[1] as number;
    this.c = state[2] as number;
    this.d = state[3] as number;
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
