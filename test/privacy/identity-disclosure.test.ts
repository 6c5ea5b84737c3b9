import { describe, expect, it } from 'vitest';
import { kAnonymity, replicatedUniques } from '../../src/privacy/k-anonymity.js';
import { nndr, nndrFromDistances } from '../../src/privacy/nndr.js';
import { makeRandom } from '../../src/stats/random.js';
import { tableFromColumns } from './helpers.js';

const kinds = { age: 'integer', zip: 'categorical', sex: 'categorical' } as const;
// Classes on (age, zip): (30,A)×3, (40,B)×2, (50,A)×1, (50,missing)×1, (60,C)×1
const real = tableFromColumns(
  {
    age: [30, 30, 30, 40, 40, 50, 50, 60],
    zip: ['A', 'A', 'A', 'B', 'B', 'A', null, 'C'],
    sex: ['f', 'm', 'f', 'm', 'f', 'm', 'f', 'm'],
  },
  kinds,
);

describe('k-anonymity and uniqueness (metrics.md §4.1)', () => {
  it('finds k, the class sizes and the sample uniques; missing is a value of its own', () => {
    const r = kAnonymity(real, ['age', 'zip']);
    expect(r).toEqual({
      k: 1,
      classCount: 5,
      uniqueRows: 3,
      uniquenessRate: 3 / 8,
      classSizes: [
        { size: 1, classes: 3, rows: 3 },
        { size: 2, classes: 1, rows: 2 },
        { size: 3, classes: 1, rows: 3 },
      ],
    });
    expect(kAnonymity(real, ['zip']).k).toBe(1);
    const coarse = tableFromColumns(
      { age: [30, 30, 40, 40, 40], zip: ['A', 'A', 'B', 'B', 'B'], sex: ['f', 'f', 'f', 'f', 'f'] },
      kinds,
    );
    expect(kAnonymity(coarse, ['age', 'zip']).k).toBe(2);
  });

  it('computes UiO, UiS, UiOiS and repU as synthpop does (as shares)', () => {
    // Real uniques: (50,A), (50,missing), (60,C). Synthetic has (50,A) once, (60,C) twice, no (50,missing).
    const syn = tableFromColumns(
      { age: [50, 60, 60, 30, 70], zip: ['A', 'C', 'C', 'A', 'D'], sex: ['f', 'f', 'f', 'f', 'f'] },
      kinds,
    );
    expect(replicatedUniques(real, syn, ['age', 'zip'])).toEqual({
      uniqueInReal: 3 / 8,
      uniqueInSynthetic: 3 / 5, // (50,A), (30,A), (70,D)
      uniqueInRealFoundInSynthetic: 2 / 8, // (50,A), (60,C)
      replicatedUniques: 1 / 8, // (50,A) is unique in both
    });
  });

  it('rejects an empty quasi-identifier list', () => {
    expect(() => kAnonymity(real, [])).toThrowError(/at least one quasi-identifier/);
  });
});

describe('NNDR (MOSTLY AI variant, metrics.md §4.1)', () => {
  it('divides the nearest by the second nearest distance, with the 1e-8 guard', () => {
    const s = nndrFromDistances(new Float64Array([0, 0.5, 0.1, 0.2, 0.3, 0.3]));
    expect([...s.values]).toEqual([(0 + 1e-8) / (0.5 + 1e-8), (0.1 + 1e-8) / (0.2 + 1e-8), 1]);
    expect(s.tenthSmallest).toBe(1); // fewer than 10 rows: the largest of the sorted values up to index 9
  });

  it('is small for copies of training rows and near 1 in dense regions; ratio against the holdout', async () => {
    const train = tableFromColumns({ x: [0, 1, 3, 10] }, { x: 'numeric' });
    const holdout = tableFromColumns({ x: [0.5, 2, 5, 9] }, { x: 'numeric' });
    const syn = tableFromColumns({ x: [0.5, 3] }, { x: 'numeric' });
    const r = await nndr(syn, train, ['x'], { holdout });
    // x = 0.5: d1 = d2 = 0.05 to training → 1; x = 3 copies a training row: 1e-8 / (0.2 + 1e-8).
    expect(r.training.values[0]).toBeCloseTo(1, 12);
    expect(r.training.values[1]).toBeCloseTo(1e-8 / 0.2, 12);
    // Against the holdout (range 8.5): 0.5 is a copy; 3 is 1/8.5 from 2 and 2/8.5 from 5.
    expect(r.holdout!.values[1]).toBeCloseTo(1 / 2, 6);
    expect(r.ratio).toBeCloseTo(r.training.tenthSmallest / r.holdout!.tenthSmallest, 12);
  });

  it('gives the same values with worker threads', async () => {
    const random = makeRandom(3);
    const make = (n: number) =>
      tableFromColumns(
        {
          a: Array.from({ length: n }, () => Math.round(random.nextDouble() * 1000) / 10),
          b: Array.from({ length: n }, () => `k${Math.floor(random.nextDouble() * 4)}`),
        },
        { a: 'numeric', b: 'categorical' },
      );
    const train = make(3000);
    const syn = make(4000);
    const one = await nndr(syn, train, ['a', 'b']);
    const two = await nndr(syn, train, ['a', 'b'], { workers: 2 });
    expect([...two.training.values]).toEqual([...one.training.values]);
  });
});
