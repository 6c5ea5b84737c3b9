import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/read-csv.js';
import { formatQualityReport } from '../../src/validate/format-quality-report.js';
import { validate } from '../../src/validate/validate.js';
import { csvText, fixture, schemaFromMetadata } from './sdmetrics-inputs.js';

describe('formatQualityReport', () => {
  const { real, synthetic, columns, metadata } = fixture.inputs;
  const report = validate(
    readCsv(csvText(columns, real), 'real'),
    readCsv(csvText(columns, synthetic), 'synthetic'),
    schemaFromMetadata('fixture', metadata.columns),
  );
  const text = formatQualityReport(report);

  it('states both overall scores and what each means', () => {
    expect(text).toMatch(/overall +71\.8% .*8 of 10 pairs related in the real data/);
    expect(text).toMatch(/overall, all pairs +72\.6% .*every pair/);
    expect(text).toMatch(/data validity +92\.7%/);
    expect(text).toContain('validated 12 synthetic rows against 12 real rows');
  });

  it('lists every scored column with its metric, score and missing-value similarity', () => {
    expect(text).toMatch(/city +categorical +TVComplement +0\.9091 +1\.0000/);
    expect(text).toMatch(/joined +datetime +KSComplement +0\.8182 +1\.0000/);
    expect(text).not.toMatch(/^ {2}id /m);
  });

  it('lists the 5 weakest pairs, lowest first', () => {
    const section = text.slice(text.indexOf('Weakest column pairs'));
    const rows = section.split('\n').slice(2);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^ {2}age × city +ContingencySimilarity +0\.3333 +V 0\.75 +yes$/);
    expect(rows[1]).toMatch(/^ {2}city × joined +ContingencySimilarity +0\.3333/);
  });

  it('prints no value of the data', () => {
    // Every distinctive cell (incomes like 21000, dates like 2020-01-05) must be absent; ids, ages
    // and one-letter cities are too short to tell apart from the scores' digits.
    const cells = [...real, ...synthetic]
      .flat()
      .filter((cell): cell is string => cell !== null)
      .flatMap((cell) => [cell, cell.replace(/\.0$/, ''), cell.slice(0, 10)])
      .filter((cell) => cell.length >= 5);
    expect(cells.length).toBeGreaterThan(40);
    for (const cell of cells) expect(text, cell).not.toContain(cell);
  });
});
