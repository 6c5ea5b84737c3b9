/**
 * Sequence fidelity on a hand-worked panel whose events carry a date: histories ordered by the date
 * (not the file), gaps in days, persistence of a category and carry-over of a number (metrics.md §3.7).
 */
import { type Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { pearsonCorrelation } from '../../../src/validate/metrics/pearson-correlation.js';
import { formatRelationalReport } from '../../../src/validate/relational/format-relational-report.js';
import type { RelationalTables } from '../../../src/validate/relational/relational-tables.js';
import { validateRelational } from '../../../src/validate/relational/validate-relational.js';
import { expectClose } from '../expect-close.js';

const parentSchema: DatasetSchema = { name: 'people', columns: [{ name: 'id', kind: 'identifier' }] };
const childSchema: DatasetSchema = {
  name: 'jobs',
  columns: [
    { name: 'pid', kind: 'identifier' },
    { name: 't', kind: 'datetime' },
    { name: 'wage', kind: 'numeric' },
    { name: 'brand', kind: 'categorical' },
  ],
};

function panel(rows: [number, string, number, string][]): RelationalTables {
  return {
    tables: new Map<string, Table>([
      ['people', tableFromArrays({ id: Int32Array.of(1, 2) })],
      [
        'jobs',
        tableFromArrays({
          pid: Int32Array.from(rows.map((r) => r[0])),
          t: rows.map((r) => r[1]),
          wage: Float64Array.from(rows.map((r) => r[2])),
          brand: rows.map((r) => r[3]),
        }),
      ],
    ]),
    schemas: new Map([
      ['people', parentSchema],
      ['jobs', childSchema],
    ]),
    primaryKeys: new Map([['people', 'id']]),
    relationships: [
      { parentTable: 'people', parentPrimaryKey: 'id', childTable: 'jobs', childForeignKey: 'pid' },
    ],
    sequenceOrder: new Map([['jobs', 't']]),
  };
}

// File order is not event order: person 1 worked 01-01 (10, a), 01-03 (11, a), 01-10 (12, b);
// person 2 worked 01-02 (20, b), 01-04 (22, b).
const real = panel([
  [1, '2020-01-03', 11, 'a'],
  [2, '2020-01-04', 22, 'b'],
  [1, '2020-01-01', 10, 'a'],
  [2, '2020-01-02', 20, 'b'],
  [1, '2020-01-10', 12, 'b'],
]);
// Person 1: 01-01 (10, a), 01-02 (10, b); person 2: 01-05 (30, a), 01-06 (27, a), 01-09 (24, b).
const synthetic = panel([
  [2, '2020-01-09', 24, 'b'],
  [1, '2020-01-01', 10, 'a'],
  [2, '2020-01-05', 30, 'a'],
  [1, '2020-01-02', 10, 'b'],
  [2, '2020-01-06', 27, 'a'],
]);

describe('sequence fidelity with a date order column', async () => {
  const report = await validateRelational(real, synthetic, { seed: 1 });
  const [sequence] = report.sequences;

  it('measures gaps in days between consecutive events of a person', () => {
    expect(sequence!.orderColumn).toBe('t');
    // Real gaps 2, 7, 2; synthetic 1, 1, 3: the ECDFs differ most at 1 day (0 vs ⅔).
    expect(sequence!.gaps).toEqual({ unit: 'days', realMedian: 2, syntheticMedian: 1, score: 1 - 2 / 3 });
  });

  it('scores persistence of the category and carry-over of the number over date-ordered pairs', () => {
    const brand = sequence!.coherence.find((row) => row.column === 'brand');
    const wage = sequence!.coherence.find((row) => row.column === 'wage');
    if (brand?.kind !== 'categorical' || wage?.kind !== 'numeric') throw new Error('kinds');
    // Real pairs (a→a, a→b, b→b); synthetic (a→b, a→a, a→b).
    expect(brand.realSameShare).toBe(2 / 3);
    expect(brand.syntheticSameShare).toBe(1 / 3);
    // ContingencySimilarity of the pairs: (a,a) ⅓ vs ⅓, (a,b) ⅓ vs ⅔, (b,b) ⅓ vs 0 → 1 − ½·⅔ = ⅔.
    expectClose(brand.score, 2 / 3);
    expectClose(wage.realLag1, pearsonCorrelation(Float64Array.of(10, 11, 20), Float64Array.of(11, 12, 22)));
    expectClose(
      wage.syntheticLag1,
      pearsonCorrelation(Float64Array.of(10, 30, 27), Float64Array.of(10, 27, 24)),
    );
    expectClose(wage.score, 1 - Math.abs(wage.realLag1! - wage.syntheticLag1!) / 2);
    expectClose(wage.realMeanRelativeChange, (0.1 + 1 / 11 + 0.1) / 3);
    expectClose(wage.syntheticMeanRelativeChange, (0 - 0.1 - 3 / 27) / 3);
    // The order column itself is the gaps' business, not a coherence column.
    expect(sequence!.coherence.map((row) => row.column)).toEqual(['wage', 'brand']);
  });

  it('prints the histories for a terminal without any event value', () => {
    const text = formatRelationalReport(report);
    expect(text).toContain('Histories: jobs per people (ordered by t)');
    expect(text).toContain(
      'gaps between events (days): median 2.00 real, 1.00 synthetic; KS complement 0.333',
    );
    expect(text).toContain('Privacy: not measured');
    expect(text).not.toContain('2020-01');
  });
});
