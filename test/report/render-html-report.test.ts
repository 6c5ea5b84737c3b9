import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/render-html-report.js';
import { type ValidationReport, validate } from '../../src/validate/validate.js';
import { telcoRelease, telcoSchema } from '../validate/telco.js';

const { train, holdout, synthetic } = telcoRelease(2, 10_000);
const report = validate(train, synthetic, telcoSchema(), {
  seed: 2,
  holdout,
  createdAt: new Date('2026-01-02T03:04:05Z'),
  inputs: { real: 'train.csv', synthetic: 'synthetic.arrow', holdout: 'holdout.csv', schema: 'telco.json' },
});
const page = renderHtmlReport(report);

describe('renderHtmlReport', () => {
  it('is one self-contained page: inline CSS and SVG, no script, nothing fetched', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(page).not.toMatch(/<script|<link rel="stylesheet"|@import|url\(/i);
    expect(page).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    // One plot per column, three heatmaps with legends, the utility plot, two per segment column.
    const svgs = page.match(/<svg\b/g)?.length ?? 0;
    expect(svgs).toBeGreaterThanOrEqual(
      report.distributions.length + 6 + 1 + 2 * report.segments.columns.length,
    );
  });

  it('leads with the summary: scores, what was compared, row counts and the date', () => {
    const summary = page.slice(
      page.indexOf('<section id="summary">'),
      page.indexOf('<section id="columns">'),
    );
    expect(summary).toContain(`${(report.quality.overall! * 100).toFixed(1)}%`);
    expect(summary).toContain(`${(report.quality.overallAllPairs! * 100).toFixed(1)}%`);
    expect(summary).toContain(report.utility!.ratio!.toFixed(3));
    expect(summary).toContain('train.csv — 4,930 rows used');
    expect(summary).toContain('synthetic.arrow — 10,000 rows');
    expect(summary).toContain('holdout.csv — 2,113 rows');
    expect(summary).toContain('2026-01-02T03:04:05.000Z');
    expect(page.indexOf('id="summary"')).toBeLessThan(page.indexOf('id="columns"'));
  });

  it('shows the numbers of the JSON report', () => {
    const utility = report.utility!;
    expect(page).toContain(`accuracy ${utility.trainOnReal.score!.toFixed(4)}`);
    expect(page).toContain(`accuracy ${utility.trainOnSynthetic.score!.toFixed(4)}`);
    for (const row of report.quality.columns) expect(page).toContain(`>${row.score!.toFixed(4)}<`);
    for (const pair of report.quality.pairs.slice(0, 20))
      expect(page).toContain(`>${pair.score!.toFixed(4)}<`);
    for (const group of report.segments.columns.flatMap((c) => c.groups)) {
      expect(page).toContain(`>${group.columnShapes!.toFixed(4)}<`);
    }
  });

  it('shows the release gate first when the report has one', () => {
    const gated: ValidationReport = {
      ...report,
      gate: {
        passed: false,
        policy: 'schemas/default.policy.json',
        checks: [
          { name: 'DCR overfitting protection', passed: true, value: 0.97, requirement: '≥ 0.95' },
          { name: 'exact copies', passed: false, value: 0.02, requirement: '≤ holdout' },
        ],
      },
    };
    const html = renderHtmlReport(gated);
    const summary = html.slice(html.indexOf('<section id="summary">'));
    expect(summary.indexOf('class="gate fail">FAIL')).toBeGreaterThan(0);
    expect(summary.indexOf('FAIL')).toBeLessThan(summary.indexOf('class="cards"'));
    expect(summary).toContain('1 of 2 checks passed; failed: exact copies');
    expect(renderHtmlReport({ ...gated, gate: { ...gated.gate!, passed: true } })).toContain(
      'class="gate pass">PASS',
    );
    expect(page).not.toContain('class="gate');
  });

  it('escapes every value that comes from the data', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const tampered: ValidationReport = {
      ...report,
      dataset: `${evil}"'&`,
      inputs: { real: evil },
      quality: {
        ...report.quality,
        columns: report.quality.columns.map((row, i) => (i === 0 ? { ...row, column: evil } : row)),
        pairs: report.quality.pairs.map((pair, i) => (i === 0 ? { ...pair, column1: evil } : pair)),
      },
      distributions: report.distributions.map((d) =>
        d.type === 'categories'
          ? {
              ...d,
              column: evil,
              bars: d.bars.map((bar) => (bar.kind === 'category' ? { ...bar, label: evil } : bar)),
            }
          : d,
      ),
      segments: {
        ...report.segments,
        columns: report.segments.columns.map((c) => ({
          ...c,
          column: evil,
          groups: c.groups.map((g) => ({ ...g, label: evil, weakestColumn: evil })),
        })),
      },
    };
    const html = renderHtmlReport(tampered);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
