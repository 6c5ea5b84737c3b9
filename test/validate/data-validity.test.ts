import { describe, expect, it } from 'vitest';
import { boundaryAdherence } from '../../src/validate/metrics/boundary-adherence.js';
import { categoryAdherence } from '../../src/validate/metrics/category-adherence.js';
import { keyUniqueness } from '../../src/validate/metrics/key-uniqueness.js';
import { missingValueSimilarity } from '../../src/validate/metrics/missing-value-similarity.js';
import { validateQuality } from '../../src/validate/validate-quality.js';
import { expectClose } from './expect-close.js';
import { fixture, fixtureTables } from './sdmetrics-inputs.js';

describe('Data Validity metrics (metrics.md §1.6)', () => {
  it('BoundaryAdherence drops synthetic NaN only when the real column has NaN', () => {
    const synthetic = Float64Array.of(0, 3, Number.NaN, 5);
    expect(boundaryAdherence(Float64Array.of(1, 5), synthetic)).toBe(0.5); // NaN is a violation
    expect(boundaryAdherence(Float64Array.of(1, Number.NaN, 5), synthetic)).toBe(2 / 3); // NaN dropped
  });

  it('CategoryAdherence counts a synthetic missing value as valid only if the real data has one', () => {
    expect(categoryAdherence(['a', 'b'], ['a', 'c', null, 'b'])).toBe(0.5);
    expect(categoryAdherence(['a', null], ['a', 'c', null, 'b'])).toBe(0.5);
    expect(categoryAdherence(['a', 'b', null], ['a', 'c', null, 'b'])).toBe(0.75);
  });

  it('KeyUniqueness counts repeats after the first and missing keys', () => {
    expect(keyUniqueness(['1', '2', '2', null, '3', '1'])).toBe(0.5);
    expect(keyUniqueness(['1', '2'])).toBe(1);
  });

  it('MissingValueSimilarity is 1 − |difference of missing shares|', () => {
    expect(missingValueSimilarity(4, 1, 10, 0)).toBe(0.75);
    expect(missingValueSimilarity(12, 1, 12, 1)).toBe(1);
  });

  it('reproduces the fixture’s DiagnosticReport Data Validity, column by column', () => {
    const { real, synthetic } = fixtureTables();
    const validity = validateQuality(real, synthetic).dataValidity;
    const expected = fixture.expected['DiagnosticReport'] as {
      properties: { 'Data Validity': number };
      data_validity: [string, string, number][];
    };
    expect(validity.columns.map((row) => [row.column, row.metric])).toEqual(
      expected.data_validity.map(([column, metric]) => [column, metric]),
    );
    expected.data_validity.forEach(([, , score], i) => {
      expectClose(validity.columns[i]!.score, score);
    });
    expectClose(validity.score, expected.properties['Data Validity']);
    // The standalone metrics agree with the fixture's BoundaryAdherence / CategoryAdherence tables.
    const byColumn = Object.fromEntries(validity.columns.map((row) => [row.column, row.score]));
    for (const [column, score] of Object.entries(fixture.expected.BoundaryAdherence))
      expectClose(byColumn[column], score);
    for (const [column, score] of Object.entries(fixture.expected.CategoryAdherence))
      expectClose(byColumn[column], score);
  });
});
