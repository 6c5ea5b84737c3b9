import { describe, expect, it } from 'vitest';
import { columnDistributions, type HistogramDistribution } from '../../src/validate/distributions.js';
import type { MetricColumn } from '../../src/validate/metric-column.js';

const numbers = (name: string, values: number[]): MetricColumn => ({
  name,
  sdtype: 'numerical',
  values: Float64Array.from(values),
});
const labels = (name: string, values: (string | null)[]): MetricColumn => ({
  name,
  sdtype: 'categorical',
  values,
});
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('columnDistributions', () => {
  it('bins both sides on the real 0.5–99.5% range, so an extreme customer is never drawn', () => {
    const real = Array.from({ length: 1000 }, (_, i) => i / 10);
    real.push(1e9); // one customer far out
    const [histogram] = columnDistributions(
      [numbers('spend', real)],
      [numbers('spend', [...real.slice(0, 500), Number.NaN])],
      5,
    ) as [HistogramDistribution];
    expect(histogram.type).toBe('histogram');
    expect(histogram.edges).toHaveLength(31);
    expect(histogram.edges[30]!).toBeLessThan(100);
    expect(histogram.edges[0]!).toBeGreaterThan(0);
    expect(sum(histogram.real)).toBeCloseTo(1, 12);
    expect(sum(histogram.synthetic)).toBeCloseTo(1, 12);
    expect(histogram.real[29]!).toBeGreaterThan(histogram.real[28]!); // the tail is counted in the end bin
    expect(histogram.syntheticMissing).toBeCloseTo(1 / 501, 12);
    expect(histogram.integerBins).toBe(false);
  });

  it('gives whole numbers over a narrow range one bin per value', () => {
    const real = Array.from({ length: 200 }, (_, i) => i % 7);
    const [histogram] = columnDistributions([numbers('children', real)], [numbers('children', real)], 5) as [
      HistogramDistribution,
    ];
    expect(histogram.integerBins).toBe(true);
    expect(histogram.edges).toEqual([-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    expect(histogram.real).toEqual(histogram.synthetic);
  });

  it('names categories held by k real rows, pools the rest, and counts missing values', () => {
    const real = [...Array(6).fill('a'), ...Array(5).fill('b'), 'secret-1', 'secret-2', null, null];
    const synthetic = ['a', 'a', 'b', 'new-value', null];
    const [distribution] = columnDistributions([labels('plan', real)], [labels('plan', synthetic)], 5);
    expect(distribution).toEqual({
      column: 'plan',
      sdtype: 'categorical',
      type: 'categories',
      bars: [
        { label: 'a', kind: 'category', real: 6 / 15, synthetic: 2 / 5 },
        { label: 'b', kind: 'category', real: 5 / 15, synthetic: 1 / 5 },
        { label: null, kind: 'rare', categories: 2, real: 2 / 15, synthetic: 0 },
        { label: null, kind: 'new', categories: 1, real: 0, synthetic: 1 / 5 },
        { label: null, kind: 'missing', real: 2 / 15, synthetic: 1 / 5 },
      ],
    });
    expect(JSON.stringify(distribution)).not.toMatch(/secret|new-value/);
  });
});
