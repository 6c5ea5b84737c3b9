import { describe, expect, it } from 'vitest';
import { holdersIn, labelHolders, presentNumbers } from '../../src/model/holders.js';
import { makeRandom } from '../../src/stats/random.js';

/** The definition: present rows sorted by value, then by row; distinct customers by Set. */
function reference(values: Float64Array, owners: Int32Array) {
  const rows: number[] = [];
  const missing = new Set<number>();
  values.forEach((x, i) => {
    if (Number.isNaN(x)) missing.add(owners[i]!);
    else rows.push(i);
  });
  rows.sort((a, b) => values[a]! - values[b]! || a - b);
  return {
    sorted: Float64Array.from(rows, (r) => values[r]!),
    owners: Int32Array.from(rows, (r) => owners[r]!),
    holders: { present: new Set(rows.map((r) => owners[r]!)).size, missing: missing.size },
  };
}

describe('presentNumbers with owners', () => {
  it('sorts by value then row, as the comparator sort did, with ties, NaN, -0 and 0', () => {
    const random = makeRandom(3, 1);
    for (const n of [0, 1, 7, 500, 5000]) {
      const values = Float64Array.from({ length: n }, (_, i) => {
        const u = random.nextDouble();
        if (u < 0.1) return Number.NaN;
        if (u < 0.15) return i % 2 === 0 ? -0 : 0;
        return u < 0.6 ? Math.floor(u * 10) : u * 100 - 50;
      });
      const owners = Int32Array.from({ length: n }, () => Math.floor(random.nextDouble() * (n / 5 + 1)));
      const got = presentNumbers(values, owners);
      const want = reference(values, owners);
      expect(Array.from(got.sorted, (x) => Object.is(x, -0))).toEqual(
        Array.from(want.sorted, (x) => Object.is(x, -0)),
      );
      expect(got.sorted).toEqual(want.sorted);
      expect(got.owners).toEqual(want.owners);
      expect(got.holders).toEqual(want.holders);
    }
  });
});

describe('holdersIn', () => {
  it('counts distinct customers of any range, call after call', () => {
    const owners = Int32Array.of(4, 4, 0, 9, 4, 0, 12, 12);
    expect(holdersIn(owners, 0, 8)).toBe(4);
    expect(holdersIn(owners, 0, 2)).toBe(1);
    expect(holdersIn(owners, 1, 6)).toBe(3);
    expect(holdersIn(owners, 3, 3)).toBe(0);
    expect(holdersIn(Int32Array.of(100_000, 1), 0, 2)).toBe(2);
    expect(holdersIn(undefined, 2, 7)).toBe(5);
  });
});

/** The definition: a Set of customers per label, for missing labels and for present ones. */
function labelReference(labels: readonly (string | null)[], owners: Int32Array) {
  const sets = new Map<string, Set<number>>();
  const missing = new Set<number>();
  const present = new Set<number>();
  labels.forEach((label, row) => {
    if (label === null) missing.add(owners[row]!);
    else {
      present.add(owners[row]!);
      if (!sets.has(label)) sets.set(label, new Set());
      sets.get(label)!.add(owners[row]!);
    }
  });
  return {
    byLabel: new Map([...sets].map(([label, set]) => [label, set.size])),
    missing: missing.size,
    present: present.size,
  };
}

describe('labelHolders', () => {
  it('counts distinct customers per label, missing and present as Sets do, in first-seen order, owners in any order', () => {
    const random = makeRandom(5, 1);
    for (const n of [0, 1, 9, 700, 6000]) {
      const labels = Array.from({ length: n }, () => {
        const u = random.nextDouble();
        return u < 0.1 ? null : `label ${Math.floor(u * u * 40)}`;
      });
      const owners = Int32Array.from({ length: n }, () => Math.floor(random.nextDouble() * (n / 7 + 1)));
      const got = labelHolders(labels, owners);
      const want = labelReference(labels, owners);
      expect([...got.byLabel]).toEqual([...want.byLabel]);
      expect(got.missing).toBe(want.missing);
      expect(got.present).toBe(want.present);
    }
  });

  it('counts rows when every row is its own customer', () => {
    const got = labelHolders(['a', null, 'b', 'a', null], undefined);
    expect([...got.byLabel]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect([got.present, got.missing]).toEqual([3, 2]);
  });
});
