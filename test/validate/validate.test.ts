import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readCsv } from '../../src/io/read-csv.js';
import { datasetSchemaSchema } from '../../src/schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../src/schema/prepare-table.js';
import { validate } from '../../src/validate/validate.js';
import { validateQuality } from '../../src/validate/validate-quality.js';
import { REFERENCE } from '../shared-data.js';
import { expectClose } from './expect-close.js';
import { schemaFromMetadata, studentMetadata, studentPlacements } from './sdmetrics-inputs.js';

const realCsv = readFileSync(join(REFERENCE, 'student_placements_real.csv'), 'utf8');
const syntheticCsv = readFileSync(join(REFERENCE, 'student_placements_synthetic.csv'), 'utf8');
const metadataColumns = studentMetadata.tables.student_placements.columns;

describe('validate (Arrow tables + dataset schema)', () => {
  it('prepares both tables with the schema and reports row counts and the demo’s quality', () => {
    const schema = schemaFromMetadata('student_placements', metadataColumns);
    const report = validate(readCsv(realCsv, 'real'), readCsv(syntheticCsv, 'synthetic'), schema);
    expect(report.rows).toEqual({ realRead: 215, real: 215, realDroppedByConsent: 0, synthetic: 215 });
    expectClose(report.quality.overall, 0.7767270753585065);
    expectClose(report.quality.overallAllPairs, 0.838042498377066);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report); // plain JSON, no NaN
  });

  it('applies the consent rule to the real table only', () => {
    const base = schemaFromMetadata('student_placements', metadataColumns);
    const schema = datasetSchemaSchema.parse({ ...base, consent: { column: 'placed', values: [true] } });
    const placed = realCsv
      .split('\n')
      .slice(1)
      .filter((line) => line.split(',')[13] === 'True').length;
    const report = validate(readCsv(realCsv, 'real'), readCsv(syntheticCsv, 'synthetic'), schema);
    expect(placed).toBeGreaterThan(100);
    expect(report.rows).toEqual({
      realRead: 215,
      real: placed,
      realDroppedByConsent: 215 - placed,
      synthetic: 215,
    });
    // Every consenting real row has placed = True, so synthetic False rows drift from it.
    const placedShape = report.quality.columns.find((c) => c.column === 'placed')!;
    expect(placedShape.score).toBeLessThan(0.8);
  });

  it('throws schema-mismatch when the synthetic table lacks a schema column', () => {
    const schema = schemaFromMetadata('student_placements', metadataColumns);
    const header = syntheticCsv.slice(0, syntheticCsv.indexOf('\n')).split(',');
    const dropGender = syntheticCsv
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== header.indexOf('gender'))
          .join(','),
      )
      .join('\n');
    let caught: unknown;
    try {
      validate(readCsv(realCsv, 'real'), readCsv(dropGender, 'synthetic'), schema);
    } catch (error) {
      caught = error;
    }
    expect(isDoppelError(caught) && caught.code).toBe('schema-mismatch');
  });
});

function tile(table: PreparedTable, times: number): PreparedTable {
  const columns = table.columns.map((column): PreparedColumn => {
    if (column.type === 'number') {
      const values = new Float64Array(column.values.length * times);
      for (let t = 0; t < times; t++) values.set(column.values, t * column.values.length);
      return { ...column, values };
    }
    return { ...column, values: Array.from({ length: times }, () => column.values).flat() };
  });
  return { ...table, rowCount: table.rowCount * times, rowsRead: table.rowsRead * times, columns };
}

describe('validateQuality subsampling of contingency pairs', () => {
  const { real, synthetic } = studentPlacements();
  // 250 copies: 53,750 rows, above SDMetrics' 50,000-row subsampling limit, same shares as the demo.
  const bigReal = tile(real, 250);
  const bigSynthetic = tile(synthetic, 250);

  it('subsamples only above the limit, reproducibly for a seed', () => {
    const a = validateQuality(bigReal, bigSynthetic, { seed: 3 });
    const b = validateQuality(bigReal, bigSynthetic, { seed: 3 });
    const c = validateQuality(bigReal, bigSynthetic, { seed: 4 });
    expect(a.pairsSubsampled).toBe(true);
    expect(a).toEqual(b);
    expect(a.pairs.map((p) => p.score)).not.toEqual(c.pairs.map((p) => p.score));
    // Correlation pairs use every row, as in SDMetrics: identical to the 215-row demo's.
    const small = validateQuality(real, synthetic);
    const correlations = (r: typeof a) =>
      r.pairs.filter((p) => p.metric === 'CorrelationSimilarity').map((p) => p.realCorrelation!);
    correlations(a).forEach((r, i) => {
      expectClose(r, correlations(small)[i]!, 1e-9);
    });
  });

  it('rejects a subsample size that is not a positive integer', () => {
    for (const subsampleRows of [0, -5, 2.5]) {
      let caught: unknown;
      try {
        validateQuality(real, synthetic, { subsampleRows });
      } catch (error) {
        caught = error;
      }
      expect(isDoppelError(caught) && caught.code).toBe('usage');
    }
  });

  it('matches the full computation closely, and exactly when subsampling is off', () => {
    const full = validateQuality(bigReal, bigSynthetic, { subsampleRows: null });
    expect(full.pairsSubsampled).toBe(false);
    expectClose(full.pairTrendsAllPairs, 0.8249765264743957, 1e-9); // the demo's, since shares are equal
    const sampled = validateQuality(bigReal, bigSynthetic, { seed: 1 });
    expect(Math.abs(sampled.pairTrendsAllPairs! - full.pairTrendsAllPairs!)).toBeLessThan(0.005);
    expect(Math.abs(sampled.overall! - full.overall!)).toBeLessThan(0.01);
  });
});
