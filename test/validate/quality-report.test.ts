import { describe, expect, it } from 'vitest';
import { datasetSchemaSchema } from '../../src/schema/dataset-schema.js';
import type { PairTrendRow } from '../../src/validate/quality-report.js';
import { validateQuality } from '../../src/validate/validate-quality.js';
import { expectClose } from './expect-close.js';
import { csvText, fixture, fixtureTables, preparePair, studentPlacements } from './sdmetrics-inputs.js';

type FixturePair = [
  string,
  string,
  string,
  number | null,
  number | null,
  number | null,
  number | null,
  boolean,
];
interface FixtureQuality {
  overall: number;
  properties: { 'Column Shapes': number; 'Column Pair Trends': number };
  column_shapes: [string, string, number][];
  column_pair_trends: FixturePair[];
}

/**
 * SDMetrics' details table for one threshold setting, from doppel's single evaluation of each pair:
 * below the threshold SDMetrics shows no score and (for correlations) no synthetic value, and at
 * threshold 0 it computes no association.
 */
function sdmetricsView(pair: PairTrendRow, thresholdsZero: boolean): FixturePair {
  const counts = thresholdsZero ? pair.error === undefined : pair.meetsThreshold;
  return [
    pair.column1,
    pair.column2,
    pair.metric,
    counts ? pair.score : null,
    pair.realCorrelation,
    counts ? pair.syntheticCorrelation : null,
    thresholdsZero ? null : pair.realAssociation,
    counts,
  ];
}

function expectPairs(
  actual: readonly PairTrendRow[],
  expected: readonly FixturePair[],
  thresholdsZero: boolean,
) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((row, i) => {
    const view = sdmetricsView(actual[i]!, thresholdsZero);
    expect(view.slice(0, 3)).toEqual(row.slice(0, 3));
    for (const k of [3, 4, 5, 6]) expectClose(view[k] as number | null, row[k] as number | null);
    expect(view[7]).toBe(row[7]);
  });
}

describe('QualityReport on the SDMetrics fixture (metrics.md §1.5)', () => {
  const { real, synthetic } = fixtureTables();
  const report = validateQuality(real, synthetic);
  const zero = fixture.expected['QualityReport_thresholds_0'] as FixtureQuality;
  const standard = fixture.expected['QualityReport_thresholds_default_0.5_0.3'] as FixtureQuality;

  it('reproduces Column Shapes, column by column', () => {
    expect(report.columns.map((c) => [c.column, c.metric])).toEqual(
      zero.column_shapes.map(([c, m]) => [c, m]),
    );
    zero.column_shapes.forEach(([, , score], i) => {
      expectClose(report.columns[i]!.score, score);
    });
    expectClose(report.columnShapes, zero.properties['Column Shapes']);
  });

  it('reproduces the thresholds-0 report: overall 0.7255979008005549 and every pair row', () => {
    expectClose(report.overallAllPairs, zero.overall);
    expectClose(report.pairTrendsAllPairs, zero.properties['Column Pair Trends']);
    expectPairs(report.pairs, zero.column_pair_trends, true);
  });

  it('reproduces the default-threshold report: overall 0.7175533075562925 and every pair row', () => {
    expect(report.thresholds).toEqual({ correlation: 0.5, association: 0.3 });
    expectClose(report.overall, standard.overall);
    expectClose(report.pairTrends, standard.properties['Column Pair Trends']);
    expectPairs(report.pairs, standard.column_pair_trends, false);
    expect(report.pairsMeetingThreshold).toBe(8);
  });

  it('gives the same numbers for thresholds passed as 0 explicitly', () => {
    const legacy = validateQuality(real, synthetic, { thresholds: { correlation: 0, association: 0 } });
    expectClose(legacy.overall, zero.overall);
    expect(legacy.pairs.every((pair) => pair.meetsThreshold)).toBe(true);
  });
});

describe('QualityReport, SDMetrics library test with five columns (thresholds 0)', () => {
  it('gives Column Shapes 0.75 and Column Pair Trends 0.5005754481922459', () => {
    const schema = datasetSchemaSchema.parse({
      name: 'five',
      columns: [
        { name: 'col1', kind: 'numeric' },
        { name: 'col2', kind: 'categorical' },
        { name: 'col3', kind: 'boolean' },
        { name: 'col4', kind: 'datetime' },
        { name: 'col5', kind: 'datetime' },
      ],
    });
    const header = ['col1', 'col2', 'col3', 'col4', 'col5'];
    const real = [
      ['0', 'a', 'True', '2020-10-01', '2020-09-13'],
      ['1', 'b', 'False', '2021-01-02', '2020-12-01'],
      ['2', 'c', 'False', '2021-09-12', '2021-01-12'],
      ['3', 'd', 'True', '2022-10-01', '2022-08-13'],
    ];
    const synthetic = [
      ['0', 'a', 'False', '2020-11-04', '2020-10-13'],
      ['2', 'c', 'False', '2021-02-01', '2020-02-04'],
      ['2', 'c', 'False', '2021-08-01', '2021-03-11'],
      ['3', 'b', 'True', '2022-12-01', '2022-07-23'],
    ];
    const tables = preparePair(csvText(header, real), csvText(header, synthetic), schema);
    const report = validateQuality(tables.real, tables.synthetic);
    expectClose(report.columnShapes, 0.75);
    expectClose(report.pairTrendsAllPairs, 0.5005754481922459);
  });
});

describe('QualityReport on SDMetrics’ student_placements demo', () => {
  it('reproduces the 4-column library test (thresholds 0, no subsampling): overall 0.8393750143888287', () => {
    const { real, synthetic } = studentPlacements([
      'start_date',
      'second_perc',
      'work_experience',
      'degree_type',
    ]);
    const report = validateQuality(real, synthetic, { subsampleRows: null });
    const shapes: [string, string, number][] = [
      ['start_date', 'KSComplement', 0.6621621621621622],
      ['second_perc', 'KSComplement', 0.8976744186046511],
      ['work_experience', 'TVComplement', 0.9953488372093023],
      ['degree_type', 'TVComplement', 0.9395348837209302],
    ];
    expect(report.columns.map((c) => [c.column, c.metric])).toEqual(shapes.map(([c, m]) => [c, m]));
    shapes.forEach(([, , score], i) => {
      expectClose(report.columns[i]!.score, score);
    });
    const pairs: FixturePair[] = [
      [
        'start_date',
        'second_perc',
        'CorrelationSimilarity',
        0.9187918131436303,
        0.04735340044317632,
        -0.11506297326956305,
        null,
        true,
      ],
      ['start_date', 'work_experience', 'ContingencySimilarity', 0.6744186046511629, null, null, null, true],
      ['start_date', 'degree_type', 'ContingencySimilarity', 0.7162790697674419, null, null, null, true],
      ['second_perc', 'work_experience', 'ContingencySimilarity', 0.813953488372093, null, null, null, true],
      ['second_perc', 'degree_type', 'ContingencySimilarity', 0.772093023255814, null, null, null, true],
      ['work_experience', 'degree_type', 'ContingencySimilarity', 0.9348837209302325, null, null, null, true],
    ];
    expectPairs(report.pairs, pairs, true);
    expectClose(report.overallAllPairs, 0.8393750143888287);
    expect(report.pairsSubsampled).toBe(false);
  });

  it('reproduces the full 16-column demo: 0.7767270753585065 (default) and 0.838042498377066 (all pairs)', () => {
    const { real, synthetic } = studentPlacements();
    const report = validateQuality(real, synthetic);
    expect(report.columns).toHaveLength(16); // student_id is a key, not scored
    expect(report.pairs).toHaveLength(120);
    expectClose(report.overall, 0.7767270753585065);
    expectClose(report.overallAllPairs, 0.838042498377066);
    // metrics.md gives the property scores to 6 decimals.
    expectClose(report.columnShapes, 0.851108, 5e-7);
    expectClose(report.pairTrends, 0.702346, 5e-7);
    expectClose(report.pairTrendsAllPairs, 0.824977, 5e-7);
    const pair = (a: string, b: string) => report.pairs.find((p) => p.column1 === a && p.column2 === b)!;
    expectClose(pair('start_date', 'mba_spec').realAssociation, 0.303236, 5e-7);
    expectClose(pair('experience_years', 'work_experience').realAssociation, 1);
    expect(pair('start_date', 'mba_spec').meetsThreshold).toBe(true);
    // DiagnosticReport on the demo: everything is 1.0.
    expect(report.dataValidity.score).toBe(1);
    expect(report.dataValidity.columns.every((row) => row.score === 1)).toBe(true);
  });

  it('reproduces the library’s Column Shapes test on all 16 columns (score 0.8511084702797364)', () => {
    const { real, synthetic } = studentPlacements();
    const report = validateQuality(real, synthetic);
    // sdmetrics tests/integration/reports/single_table/_properties/test_column_shapes.py
    const expected = [
      0.6621621621621622, 0.849290780141844, 0.8531399046104928, 0.43918918918918914, 0.8976744186046511,
      0.9860465116279069, 0.986046511627907, 0.8976744186046511, 1.0, 0.9162790697674419, 0.9906976744186047,
      0.3441860465116279, 0.9348837209302325, 0.9255813953488372, 0.9953488372093023, 0.9395348837209302,
    ];
    expected.forEach((score, i) => {
      expectClose(report.columns[i]!.score, score);
    });
    expectClose(report.columnShapes, 0.8511084702797364);
  });

  it('reproduces the library’s ColumnPairTrends tests (0.8050699533533958; categorical only 0.8930232558139535)', () => {
    const mixed = studentPlacements([
      'student_id',
      'degree_type',
      'start_date',
      'second_perc',
      'work_experience',
    ]);
    expectClose(validateQuality(mixed.real, mixed.synthetic).pairTrendsAllPairs, 0.8050699533533958);
    const categorical = studentPlacements([
      'student_id',
      'degree_type',
      'gender',
      'high_spec',
      'work_experience',
    ]);
    const report = validateQuality(categorical.real, categorical.synthetic);
    const expected: [string, string, number][] = [
      ['high_spec', 'gender', 0.9209302325581395],
      ['high_spec', 'work_experience', 0.9627906976744186],
      ['high_spec', 'degree_type', 0.6837209302325581],
      ['gender', 'work_experience', 0.9302325581395349],
      ['gender', 'degree_type', 0.9255813953488372],
      ['work_experience', 'degree_type', 0.9348837209302325],
    ];
    expect(report.pairs.map((p) => [p.column1, p.column2])).toEqual(expected.map(([a, b]) => [a, b]));
    expected.forEach(([, , score], i) => {
      expectClose(report.pairs[i]!.score, score);
    });
    expectClose(report.pairTrendsAllPairs, 0.8930232558139535);
  });
});

describe('QualityReport association threshold (SDMetrics library test)', () => {
  it('keeps only the pair whose real Cramér’s V exceeds 0.3: V = 0, 1, 0 and score 1', () => {
    const schema = datasetSchemaSchema.parse({
      name: 'three',
      columns: ['col1', 'col2', 'col3'].map((name) => ({ name, kind: 'categorical' })),
    });
    const rows = [
      ['A', 'X', 'M'],
      ['A', 'Y', 'M'],
      ['B', 'X', 'N'],
      ['B', 'Y', 'N'],
    ];
    const csv = csvText(['col1', 'col2', 'col3'], rows);
    const tables = preparePair(csv, csv, schema);
    const report = validateQuality(tables.real, tables.synthetic, {
      thresholds: { correlation: 0.5, association: 0.3 },
    });
    expect(report.pairs.map((p) => p.meetsThreshold)).toEqual([false, true, false]);
    [0, 1, 0].forEach((v, i) => {
      expectClose(report.pairs[i]!.realAssociation, v);
    });
    expect(report.pairTrends).toBe(1);
    expect(report.pairsMeetingThreshold).toBe(1);
  });
});
