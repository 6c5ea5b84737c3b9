import { describe, expect, it } from 'vitest';
import { SizeClassBag, sizeClass } from '../../../src/sample/relational/size-class-bag.js';

describe('size-class buffer bag (a chunk of any event count reuses a written chunk of a similar count)', () => {
  it('rounds up to powers of two in quarter steps, never more than 25%', () => {
    expect([8, 9, 16, 17, 65_536, 65_537, 71_000, 81_920, 81_921].map(sizeClass)).toEqual([
      8, 10, 16, 20, 65_536, 81_920, 81_920, 81_920, 98_304,
    ]);
    for (let n = 9; n < 100_000; n += 37) {
      expect(sizeClass(n)).toBeGreaterThanOrEqual(n);
      expect(sizeClass(n)).toBeLessThanOrEqual(1.25 * n);
    }
  });

  it('hands out exact-length, zeroed views on a spare buffer of the class', () => {
    const bag = new SizeClassBag();
    const first = bag.take(Float64Array, 70_000);
    expect(first.length).toBe(70_000);
    expect(first.buffer.byteLength).toBe(81_920 * 8);
    first.fill(1);
    bag.add([first.buffer as ArrayBuffer]);
    const second = bag.take(Float64Array, 75_000);
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(75_000);
    expect(second.every((x) => x === 0)).toBe(true);
  });
});
