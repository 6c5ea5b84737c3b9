/**
 * The relational metrics against SDMetrics' definitions and test vectors (shared/reference/metrics.md
 * §3.1–3.6; the vectors quoted are from SDMetrics' own unit tests,
 * tests/unit/multi_table/statistical/test_cardinality_{shape,statistic}_similarity.py).
 */
import { type Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import {
  cardinalityDistribution,
  cardinalityShapeSimilarity,
  cardinalityStatisticSimilarity,
} from '../../../src/validate/relational/cardinality.js';
import { meanRelativeChange, sameValueShare } from '../../../src/validate/relational/coherence.js';
import { consecutivePairs, eventHistories } from '../../../src/validate/relational/event-histories.js';
import { joinRows } from '../../../src/validate/relational/intertable-trends.js';
import type { RelationalTables } from '../../../src/validate/relational/relational-tables.js';
import {
  cardinalityBoundaryAdherence,
  referentialIntegrity,
} from '../../../src/validate/relational/relationship-validity.js';
import { validateRelational } from '../../../src/validate/relational/validate-relational.js';
import { expectClose } from '../expect-close.js';

const keys = (values: readonly (number | null)[]) => values.map((v) => (v === null ? null : String(v)));

describe('cardinality (metrics.md §3.1–3.3)', () => {
  // SDMetrics test_compute_breakdown: tableA.col1 = [1..5], real tableB.col1 = [1,1,2,3,3,5],
  // synthetic tableB.col1 = [1,2,4,4,3,5]; tableB.col2 = [a..f], real tableC.col2 = [a,b,c],
  // synthetic tableC.col2 = [a,b,d].
  const parentA = keys([1, 2, 3, 4, 5]);
  const realAB = cardinalityDistribution(parentA, keys([1, 1, 2, 3, 3, 5]));
  const synAB = cardinalityDistribution(parentA, keys([1, 2, 4, 4, 3, 5]));
  const parentB = ['a', 'b', 'c', 'd', 'e', 'f'];
  const realBC = cardinalityDistribution(parentB, ['a', 'b', 'c']);
  const synBC = cardinalityDistribution(parentB, ['a', 'b', 'd']);

  it('counts children per parent, childless parents as 0 and orphans not at all', () => {
    expect([...realAB]).toEqual([2, 1, 2, 0, 1]);
    expect([...cardinalityDistribution(['1', '2', '3'], ['1', '1', '3', '9', null])]).toEqual([2, 0, 1]);
  });

  it('CardinalityShapeSimilarity: 0.8 for tableA→tableB and 1.0 for tableB→tableC (SDMetrics)', () => {
    expect(cardinalityShapeSimilarity(realAB, synAB)).toBe(0.8);
    expect(cardinalityShapeSimilarity(realBC, synBC)).toBe(1);
  });

  it('CardinalityStatisticSimilarity: SDMetrics test__compute_statistic and breakdown', () => {
    // _compute_statistic([1,2,2,5,1], [2,2,3,1,4], 'mean') == {real 2.2, synthetic 2.4, score 0.9500000000000001}
    expect(
      cardinalityStatisticSimilarity(Float64Array.of(1, 2, 2, 5, 1), Float64Array.of(2, 2, 3, 1, 4), 'mean'),
    ).toEqual({ real: 2.2, synthetic: 2.4, score: 0.9500000000000001 });
    expect(cardinalityStatisticSimilarity(realAB, synAB, 'mean')).toEqual({
      real: 1.2,
      synthetic: 1.2,
      score: 1,
    });
    expect(cardinalityStatisticSimilarity(realBC, synBC, 'mean')).toEqual({
      real: 0.5,
      synthetic: 0.5,
      score: 1,
    });
    // A constant real distribution: ConstantInputWarning and NaN.
    const constant = cardinalityStatisticSimilarity(
      Float64Array.of(1, 1, 1, 1),
      Float64Array.of(2, 2, 3, 1),
      'mean',
    );
    expect(constant.score).toBeNaN();
  });

  it('median is pandas’ (mean of the middle two), std is the sample std (ddof 1), floored at 0', () => {
    const real = Float64Array.of(1, 2, 2, 5, 1);
    const syn = Float64Array.of(2, 2, 3, 1);
    const median = cardinalityStatisticSimilarity(real, syn, 'median');
    expect(median).toEqual({ real: 2, synthetic: 2, score: 1 });
    const std = cardinalityStatisticSimilarity(real, syn, 'std');
    expectClose(std.real, Math.sqrt(10.8 / 4));
    expectClose(std.synthetic, Math.sqrt(2 / 3));
    expectClose(std.score, 1 - Math.abs(Math.sqrt(10.8 / 4) - Math.sqrt(2 / 3)) / 4);
    expect(cardinalityStatisticSimilarity(Float64Array.of(0, 1), Float64Array.of(9, 9), 'mean').score).toBe(
      0,
    );
  });
});

describe('Relationship Validity (metrics.md §3.6)', () => {
  it('ReferentialIntegrity: share of synthetic foreign keys found among the synthetic parents', () => {
    expect(referentialIntegrity(['1'], ['1', '2'], ['1', '1', '4'])).toBe(2 / 3);
    // A null foreign key is broken when the real child has none, dropped when it has some.
    expect(referentialIntegrity(['1'], ['1'], ['1', null])).toBe(0.5);
    expect(referentialIntegrity(['1', null], ['1'], ['1', null])).toBe(1);
  });

  it('CardinalityBoundaryAdherence: synthetic parents with a child count inside the real [min, max]', () => {
    expect(cardinalityBoundaryAdherence(Float64Array.of(1, 3), Float64Array.of(0, 1, 2, 4))).toBe(0.5);
    expect(cardinalityBoundaryAdherence(Float64Array.of(0, 2, 1, 0, 1), Float64Array.of(1, 1, 1, 2, 1))).toBe(
      1,
    );
  });
});

describe('joins and event histories', () => {
  it('joins as pandas’ inner merge: one row per child with a parent, a parent once per child', () => {
    const rows = joinRows(['1', '2', '3'], ['3', '1', '9', '1', null]);
    expect([...rows.child]).toEqual([0, 1, 3]);
    expect([...rows.parent]).toEqual([2, 0, 0]);
  });

  it('orders each history by its order column, ties in file order, missing values last', () => {
    const histories = eventHistories(
      ['a', 'b'],
      ['b', 'a', 'a', 'a', 'b'],
      Float64Array.of(5, 3, Number.NaN, 1, 2),
    );
    expect([...histories.offsets]).toEqual([0, 3, 5]);
    expect([...histories.rows]).toEqual([3, 1, 2, 4, 0]);
    const pairs = consecutivePairs(histories);
    expect([...pairs.from]).toEqual([3, 1, 4]);
    expect([...pairs.to]).toEqual([1, 2, 0]);
  });

  it('keeps the file order within a parent without an order column', () => {
    const histories = eventHistories(['a', 'b'], ['b', 'a', 'a'], null);
    expect([...histories.rows]).toEqual([1, 2, 0]);
  });

  it('measures persistence and growth of consecutive values', () => {
    expect(sameValueShare(['a', 'a', 'b', null], ['a', 'b', 'b', 'b'])).toBe(2 / 3);
    expect(meanRelativeChange(Float64Array.of(1, 2, 0), Float64Array.of(2, 3, 5))).toBe(0.75);
  });
});

/** A tiny parent/child dataset whose multi-table report can be worked out by hand. */
function tiny(parentGroups: string[], childKeys: number[], childValues: string[]): RelationalTables {
  const parentSchema: DatasetSchema = {
    name: 'parents',
    columns: [
      { name: 'id', kind: 'identifier' },
      { name: 'g', kind: 'categorical' },
    ],
  };
  const childSchema: DatasetSchema = {
    name: 'children',
    columns: [
      { name: 'pid', kind: 'identifier' },
      { name: 'v', kind: 'categorical' },
    ],
  };
  return {
    tables: new Map<string, Table>([
      ['parents', tableFromArrays({ id: Int32Array.of(1, 2, 3), g: parentGroups })],
      ['children', tableFromArrays({ pid: Int32Array.from(childKeys), v: childValues })],
    ]),
    schemas: new Map([
      ['parents', parentSchema],
      ['children', childSchema],
    ]),
    primaryKeys: new Map([['parents', 'id']]),
    relationships: [
      { parentTable: 'parents', parentPrimaryKey: 'id', childTable: 'children', childForeignKey: 'pid' },
    ],
    sequenceOrder: new Map([['children', null]]),
  };
}

describe('the multi-table QualityReport (metrics.md §3.4–3.5), worked by hand', () => {
  it('pools the table properties, averages Cardinality and Intertable Trends, and nanmeans the four', async () => {
    const real = tiny(['a', 'b', 'a'], [1, 1, 2, 3], ['x', 'y', 'x', 'x']);
    // Synthetic child 9 has no parent: it drops out of the join and of the cardinality.
    const synthetic = tiny(['a', 'b', 'b'], [1, 2, 2, 3, 9], ['x', 'x', 'y', 'y', 'x']);
    const report = await validateRelational(real, synthetic, { seed: 1 });
    const { quality } = report;
    // Column Shapes: TV(g) = 1 − ½(⅓ + ⅓) = ⅔; TV(v) = 1 − ½(0.15 + 0.15) = 0.85.
    expectClose(quality.columnShapes, (2 / 3 + 0.85) / 2);
    // One column per table: no single-table pair, Column Pair Trends is NaN and left out.
    expect(quality.pairTrends).toBeNull();
    // Cardinality: real [2,1,1], synthetic [1,2,1]: same shape.
    expect(quality.cardinality).toBe(1);
    // Intertable Trends: joined real (a,x)(a,y)(b,x)(a,x), synthetic (a,x)(b,x)(b,y)(b,y):
    // 1 − ½(0.25 + 0.25 + 0 + 0.5) = 0.5; the real Cramér's V is ⅓ > 0.3, so the pair counts.
    expect(quality.intertable).toHaveLength(1);
    expectClose(quality.intertable[0]!.score, 0.5);
    expectClose(quality.intertable[0]!.realAssociation, 1 / 3);
    expect(quality.intertable[0]!.meetsThreshold).toBe(true);
    expectClose(quality.overall, ((2 / 3 + 0.85) / 2 + 1 + 0.5) / 3);
    expectClose(quality.overallAllPairs, ((2 / 3 + 0.85) / 2 + 1 + 0.5) / 3);
    // Relationship Validity: 4 of 5 synthetic children have a parent; every count is within [1, 2].
    const [relationship] = report.relationships;
    expect(relationship!.referentialIntegrity).toBe(0.8);
    expect(relationship!.cardinalityBoundaryAdherence).toBe(1);
    expectClose(report.relationshipValidity, 0.9);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('refuses a synthetic dataset without the real one’s relationship, naming it', async () => {
    const real = tiny(['a', 'b', 'a'], [1, 1, 2, 3], ['x', 'y', 'x', 'x']);
    const broken = { ...tiny(['a', 'b', 'a'], [1], ['x']), relationships: [] };
    await expect(validateRelational(real, broken)).rejects.toMatchObject({
      code: 'schema-mismatch',
      issues: [
        { path: ['children', 'pid'], message: 'the synthetic data lacks the relationship to parents.id' },
      ],
    });
  });
});

describe('depth 2: customers → orders → items', () => {
  const schema = (name: string, columns: DatasetSchema['columns']): DatasetSchema => ({ name, columns });
  const dataset = (orderCustomers: number[], itemOrders: number[], prices: number[]): RelationalTables => ({
    tables: new Map<string, Table>([
      ['customers', tableFromArrays({ id: Int32Array.of(1, 2), segment: ['a', 'b'] })],
      [
        'orders',
        tableFromArrays({
          oid: Int32Array.from(orderCustomers, (_, i) => 10 + i),
          cid: Int32Array.from(orderCustomers),
          channel: orderCustomers.map((_, i) => (i % 2 === 0 ? 'web' : 'shop')),
        }),
      ],
      ['items', tableFromArrays({ order: Int32Array.from(itemOrders), price: Float64Array.from(prices) })],
    ]),
    schemas: new Map([
      [
        'customers',
        schema('customers', [
          { name: 'id', kind: 'identifier' },
          { name: 'segment', kind: 'categorical' },
        ]),
      ],
      [
        'orders',
        schema('orders', [
          { name: 'oid', kind: 'identifier' },
          { name: 'cid', kind: 'identifier' },
          { name: 'channel', kind: 'categorical' },
        ]),
      ],
      [
        'items',
        schema('items', [
          { name: 'order', kind: 'identifier' },
          { name: 'price', kind: 'numeric' },
        ]),
      ],
    ]),
    primaryKeys: new Map([
      ['customers', 'id'],
      ['orders', 'oid'],
    ]),
    relationships: [
      { parentTable: 'customers', parentPrimaryKey: 'id', childTable: 'orders', childForeignKey: 'cid' },
      { parentTable: 'orders', parentPrimaryKey: 'oid', childTable: 'items', childForeignKey: 'order' },
    ],
    sequenceOrder: new Map([
      ['orders', null],
      ['items', null],
    ]),
  });

  it('scores every relationship, the grandchild’s included, and finds the customers as the root', async () => {
    const real = dataset([1, 1, 2], [10, 10, 11, 12], [1, 2, 3, 4]);
    // Synthetic item 99 points at no order: ReferentialIntegrity of orders → items is 4/5.
    const synthetic = dataset([1, 2, 2], [10, 11, 11, 12, 99], [1, 2, 3, 4, 5]);
    const report = await validateRelational(real, synthetic, { seed: 1 });
    expect(report.rootTable).toBe('customers');
    expect(report.relationships.map((r) => [r.childTable, r.referentialIntegrity])).toEqual([
      ['orders', 1],
      ['items', 0.8],
    ]);
    // Orders per customer: real [2, 1], synthetic [1, 2]; items per order: real [2, 1, 1], synthetic [1, 2, 1].
    expect(report.relationships.map((r) => r.cardinalityShapeSimilarity)).toEqual([1, 1]);
    expect(report.sequences.map((s) => s.childTable)).toEqual(['orders', 'items']);
    expect(report.quality.intertable.map((row) => `${row.column1} × ${row.column2}`)).toEqual([
      'segment × channel',
      'channel × price',
    ]);
  });

  it('names the table and column of a missing key', async () => {
    const real = dataset([1, 1, 2], [10, 10, 11, 12], [1, 2, 3, 4]);
    const items = tableFromArrays({ price: Float64Array.of(1) });
    const broken = { ...real, tables: new Map([...real.tables, ['items', items as Table]]) };
    await expect(validateRelational(real, broken)).rejects.toMatchObject({
      code: 'schema-mismatch',
      message:
        'synthetic table "items": the data lacks 1 column(s) the schema names: "order"; check that the schema belongs to this file',
      issues: [{ path: ['items', 'order'], message: 'column not found in the data' }],
    });
  });
});
