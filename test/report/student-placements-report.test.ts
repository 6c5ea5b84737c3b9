import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/render-html-report.js';
import { datasetSchemaSchema } from '../../src/schema/dataset-schema.js';
import { validate } from '../../src/validate/validate.js';
import { schemaFromMetadata, studentMetadata, studentPlacements } from '../validate/sdmetrics-inputs.js';

/** SDMetrics' demo data: datetimes, an id column, missing values, a numeric target and a numeric segment. */
describe('report of the SDMetrics student_placements demo', () => {
  const { realTable, syntheticTable } = studentPlacements();
  const base = schemaFromMetadata('student_placements', studentMetadata.tables.student_placements.columns);
  const schema = datasetSchemaSchema.parse({
    ...base,
    target: 'salary',
    columns: base.columns.map((c) => (c.name === 'degree_perc' ? { ...c, segment: true } : c)),
  });
  const report = validate(realTable, syntheticTable, schema, { seed: 1 });
  const page = renderHtmlReport(report);

  it('plots datetime columns on a time axis and skips the id column', () => {
    const start = report.distributions.find((d) => d.column === 'start_date')!;
    expect(start.type).toBe('histogram');
    expect(report.distributions.some((d) => d.column === 'student_id')).toBe(false);
    const panel = page.slice(page.indexOf('<h3>start_date</h3>'));
    expect(panel.slice(0, panel.indexOf('</svg>'))).toMatch(/>2020</);
    // salary is missing for students who were not placed: its panel says how often, on both sides.
    expect(page).toMatch(/salary<\/h3>\s*<div class="meta">[^<]*missing: real \d+\.\d%, synthetic \d+\.\d%/);
  });

  it('reports a regression target and numeric segment groups', () => {
    expect(report.utility).toMatchObject({ target: 'salary', task: 'regression', metric: 'r2' });
    expect(page).toContain('Utility: train on synthetic, test on real');
    const degree = report.segments.columns[0]!;
    expect(degree.column).toBe('degree_perc');
    expect(degree.groups.map((g) => g.kind)).toEqual(['range', 'range', 'range', 'range']);
    expect(page).toContain(`<td>${degree.groups[0]!.label!.replace('<', '&lt;')}</td>`);
  });
});
