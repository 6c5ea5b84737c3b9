import { describe, expect, it } from 'vitest';
import { disclosureProtection } from '../../src/privacy/disclosure-protection.js';
import { equalWidthBins } from '../../src/privacy/equal-width-bins.js';
import { loadSdmetricsFixture, loadStudentPlacements, tableFromColumns } from './helpers.js';

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-9);

describe('equal-width bins (pd.cut, metrics.md §1.10)', () => {
  it('bins the library test integers and floats', () => {
    const ints = equalWidthBins([0, 2, 6, 8, 10], [-10, 1, 3, 5, 7, 9, 20], 5);
    expect(ints.real).toEqual(['0', '0', '2', '3', '4']);
    expect(ints.synthetic).toEqual(['0', '0', '1', '2', '3', '4', '4']);
    const floats = equalWidthBins(
      [0, 0.2, 6.99, Number.NaN, 10.02],
      [-10, 0.1, 3.77, Number.NaN, 7.89, Number.NaN, 20.99],
      5,
    );
    expect(floats.real).toEqual(['0', '0', '3', null, '4']);
    expect(floats.synthetic).toEqual(['0', '0', '1', null, '3', null, '4']);
  });

  it('closes intervals on the right and widens a constant column like pandas', () => {
    expect(equalWidthBins([0, 10], [5, 5.000001], 2).synthetic).toEqual(['0', '1']);
    const constant = equalWidthBins([4, 4], [3.99, 4, 4.01], 2);
    expect(constant.innerEdges[0]).toBe(4);
    expect(constant.synthetic).toEqual(['0', '0', '1']);
  });
});

const letters = ['a', 'b', 'c', 'd', 'e'];
const kinds = {
  key1: 'categorical',
  key2: 'integer',
  sensitive1: 'categorical',
  sensitive2: 'integer',
} as const;
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const repeat = <T>(items: T[], times: number) => Array.from({ length: times }, () => items).flat();
const integration = {
  knownColumns: ['key1', 'key2'],
  sensitiveColumns: ['sensitive1', 'sensitive2'],
  continuousColumns: ['key2', 'sensitive2'],
  bins: 10,
};

describe('DisclosureProtection (metrics.md §1.10)', () => {
  const real = tableFromColumns(
    { key1: repeat(letters, 20), key2: range(100), sensitive1: repeat(letters, 20), sensitive2: range(100) },
    kinds,
  );

  it('computes the baseline from distinct real sensitive values (library test: 0.5)', () => {
    const t = tableFromColumns(
      { k: ['x', 'x', 'y', 'y', 'x'], col1: ['A', 'A', 'A', 'A', 'A'], col2: ['A', 'B', 'A', 'B', 'A'] },
      { k: 'categorical', col1: 'categorical', col2: 'categorical' },
    );
    const r = disclosureProtection(t, t, { knownColumns: ['k'], sensitiveColumns: ['col1', 'col2'] });
    expect(r.baselineProtection).toBe(0.5);
  });

  it('scores the library integration test "bad" synthetic data', () => {
    const bad = tableFromColumns(
      {
        key1: repeat(letters, 20),
        key2: range(100),
        sensitive1: repeat(['a', 'b', 'c', 'e', 'd'], 20),
        sensitive2: range(100),
      },
      kinds,
    );
    expect(disclosureProtection(real, bad, integration)).toEqual({
      score: 0.40816326530612246,
      capProtection: 0.4,
      baselineProtection: 0.98,
    });
  });

  it('scores the library integration test "perfect" data 1 with every method', () => {
    // np.random.RandomState(42) draws of the library fixture (key1, sensitive1, sensitive2).
    const perfect = tableFromColumns(
      {
        key1: [...'decee bcccedcebdbdead'.replace(/ /g, '')],
        key2: range(20),
        sensitive1: [...'gjiffhhgiihiifhjhjfg'],
        sensitive2: [
          103, 188, 159, 113, 108, 189, 152, 101, 183, 191, 159, 170, 143, 107, 146, 134, 177, 180, 135, 149,
        ],
      },
      kinds,
    );
    for (const method of ['cap', 'zero_cap', 'generalized_cap'] as const) {
      expect(disclosureProtection(real, perfect, { ...integration, method })).toEqual({
        score: 1,
        capProtection: 1,
        baselineProtection: 0.98,
      });
    }
  });

  it('scores the library integration test "good" data 0.8979591836734694', () => {
    // np.random.RandomState(42): choice(letters, 20), randint(0, 5, 20), choice(letters, 20), randint(0, 5, 20).
    const good = tableFromColumns(
      {
        key1: [...'decee bcccedcebdbdead'.replace(/ /g, '')],
        key2: [1, 4, 3, 0, 0, 2, 2, 1, 3, 3, 2, 3, 3, 0, 2, 4, 2, 4, 0, 1],
        sensitive1: [...'dadbbabebddddecadbdb'],
        sensitive2: [1, 3, 4, 1, 1, 3, 1, 1, 3, 3, 0, 4, 4, 1, 4, 1, 0, 3, 3, 3],
      },
      kinds,
    );
    const r = disclosureProtection(real, good, integration);
    close(r.score, 0.8979591836734694);
    close(r.capProtection, 0.88);
    close(r.baselineProtection, 0.98);
  });

  it('reproduces the fixture for cap, zero_cap and generalized_cap', () => {
    const fx = loadSdmetricsFixture();
    const args = {
      knownColumns: ['city', 'member'],
      sensitiveColumns: ['income'],
      continuousColumns: ['income'],
      bins: 3,
    };
    const cases = [
      ['cap', 'DisclosureProtection(known=[city,member], sensitive=[income], continuous=[income], bins=3)'],
      ['zero_cap', 'DisclosureProtection zero_cap (same args)'],
      ['generalized_cap', 'DisclosureProtection generalized_cap (same args)'],
    ] as const;
    for (const [method, key] of cases) {
      const r = disclosureProtection(fx.real, fx.synthetic, { ...args, method });
      const e = fx.expected[key];
      close(r.score, e.score);
      close(r.capProtection, e.cap_protection);
      close(r.baselineProtection, e.baseline_protection);
    }
  });

  it('reproduces the student_placements reference outputs', () => {
    const { real, synthetic } = loadStudentPlacements();
    const a = disclosureProtection(real, synthetic, {
      knownColumns: ['gender', 'high_spec', 'degree_type'],
      sensitiveColumns: ['mba_spec'],
    });
    close(a.score, 0.990448721017442);
    close(a.capProtection, 0.495224360508721);
    close(a.baselineProtection, 0.5);
    const b = disclosureProtection(real, synthetic, {
      knownColumns: ['gender', 'work_experience'],
      sensitiveColumns: ['placed'],
    });
    close(b.score, 0.8440453737652023);
    const c = disclosureProtection(real, synthetic, {
      knownColumns: ['gender', 'degree_perc'],
      sensitiveColumns: ['salary'],
      continuousColumns: ['degree_perc', 'salary'],
    });
    close(c.score, 0.8272075104728168);
    close(c.capProtection, 0.7238065716637148);
    close(c.baselineProtection, 0.875);
  });

  it('needs known and sensitive columns', () => {
    expect(() =>
      disclosureProtection(real, real, { knownColumns: [], sensitiveColumns: ['sensitive1'] }),
    ).toThrowError(/at least one known and one sensitive/);
  });
});
