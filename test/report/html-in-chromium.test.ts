import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_COLOR, SYNTHETIC_COLOR } from '../../src/report/palette.js';
import type { ValidationReport } from '../../src/validate/validate.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from '../cli/run-doppel.js';
import { chromiumAvailable, type OpenedReport, openReport } from './chromium.js';
import { pixelStatistics } from './png-statistics.js';

const browser = chromiumAvailable();

/** The page's DOM as the callbacks given to `page.evaluate` see it (tests compile without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
  readonly body: { readonly innerText: string };
};

/** Runs `doppel` and fails with its stderr when it does not exit 0. */
function doppel(args: readonly string[]): string {
  const result = runDoppel(args);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** fit → sample → validate --html --json through the real CLI; returns the two report paths. */
function release(dir: string, data: string, schema: string, rows: number): { html: string; json: string } {
  const model = join(dir, 'model.json');
  const synthetic = join(dir, 'synthetic.arrow');
  const html = join(dir, 'report.html');
  const json = join(dir, 'report.json');
  doppel(['fit', data, '--schema', schema, '-o', model]);
  doppel(['sample', model, '--rows', String(rows), '--out', synthetic, '--seed', '4', '--quiet']);
  doppel([
    'validate',
    '--real',
    data,
    '--synthetic',
    synthetic,
    '--schema',
    schema,
    '--html',
    html,
    '--json',
    json,
  ]);
  return { html, json };
}

/** Mark groups Plot draws, by their aria-label; an SVG with one of these holding shapes shows data. */
const MARKS = ['bar', 'rect', 'cell', 'line', 'dot', 'tick'];

describe.skipIf(!browser)('the HTML report of the bundled sample in headless Chromium', () => {
  let dir: string;
  let paths: { html: string; json: string };
  let opened: OpenedReport;
  let report: ValidationReport;

  beforeAll(async () => {
    dir = temporaryDirectory();
    paths = release(dir, TELCO_CSV, TELCO_SCHEMA, 20_000);
    report = JSON.parse(readFileSync(paths.json, 'utf8')) as ValidationReport;
    opened = await openReport(paths.html);
  });
  afterAll(async () => {
    await opened?.context.close();
  });

  it('opens with no console error, page error, dialog or network request', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(opened.requests).toEqual([]);
  });

  it('draws every plot: an SVG with marks per column, three heatmaps, utility and segments', async () => {
    const counts = await opened.page.evaluate((marks) => {
      const selector = marks.map((mark) => `[aria-label="${mark}"] > *`).join(', ');
      const svgs = [...document.querySelectorAll('svg')];
      return {
        withMarks: svgs.filter((svg) => svg.querySelector(selector)).length,
        columnPanels: document.querySelectorAll('#columns .panel svg').length,
        heatmapCells: document.querySelectorAll('#pairs [aria-label="cell"] rect').length,
        segmentPlots: document.querySelectorAll('#segments svg').length,
        utilityBars: document.querySelectorAll('#utility [aria-label="bar"] rect').length,
      };
    }, MARKS);
    const columns = report.distributions.length;
    const pairs = report.quality.pairs.length;
    expect(columns).toBe(20);
    expect(counts.columnPanels).toBe(columns);
    expect(counts.heatmapCells).toBe(3 * 2 * pairs);
    expect(counts.segmentPlots).toBe(2 * report.segments.columns.length);
    expect(counts.utilityBars).toBe(3);
    // columns + 3 heatmaps + 3 legends + utility + 2 per segment column (5 in telco)
    expect(counts.withMarks).toBe(columns + 3 + 3 + 1 + 2 * 5);
  });

  it('shows its plots in a screenshot', async () => {
    const page = await opened.page.screenshot({ fullPage: true });
    writeFileSync(join(dir, 'report.png'), page);
    const whole = pixelStatistics(page, { real: REAL_COLOR, synthetic: SYNTHETIC_COLOR });
    expect(whole.distinctColours).toBeGreaterThan(200);
    expect(whole.inkShare).toBeGreaterThan(0.05);
    expect(whole.matches['real']!).toBeGreaterThan(20_000);
    expect(whole.matches['synthetic']!).toBeGreaterThan(20_000);
    // The tenure histogram: translucent real bars and the synthetic outline, inside its plot area.
    const tenure = report.distributions.findIndex((d) => d.column === 'tenure');
    const plot = await opened.page.locator(`#column-${tenure} svg`).screenshot();
    const blendedReal = `#${[0x35, 0x69, 0xb5].map((c) => Math.round(255 * 0.45 + c * 0.55).toString(16)).join('')}`;
    const histogram = pixelStatistics(plot, { real: blendedReal, synthetic: SYNTHETIC_COLOR });
    expect(histogram.matches['real']! / histogram.pixels).toBeGreaterThan(0.1);
    expect(histogram.matches['synthetic']!).toBeGreaterThan(300);
  });

  it('shows the same numbers as the JSON report', async () => {
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered for a reader.
    const text = await opened.page.locator('#summary').innerText();
    expect(text).toContain(`${(report.quality.overall! * 100).toFixed(1)}%`);
    expect(text).toContain(`${report.rows.synthetic.toLocaleString('en')} rows`);
    expect(text).toContain(report.createdAt);
  });
});

/** The smallest on-screen font size, in CSS pixels, of the text in the SVGs under `selector`. */
async function smallestSvgFontPx(
  opened: OpenedReport,
  selector: string,
): Promise<{ texts: number; px: number }> {
  return opened.page.evaluate((within) => {
    interface Box {
      readonly width: number;
    }
    interface SvgElement {
      getBoundingClientRect(): Box;
      readonly width: { readonly baseVal: { readonly value: number } };
      querySelectorAll(selector: string): Iterable<unknown>;
    }
    const view = globalThis as unknown as { getComputedStyle(element: unknown): { fontSize: string } };
    const svgs = [...(document.querySelectorAll(`${within} svg`) as unknown as Iterable<SvgElement>)];
    let texts = 0;
    let px = Number.POSITIVE_INFINITY;
    for (const svg of svgs) {
      // An SVG scaled down by its container shrinks its text by the same factor.
      const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
      for (const text of svg.querySelectorAll('text')) {
        texts++;
        px = Math.min(px, Number.parseFloat(view.getComputedStyle(text).fontSize) * scale);
      }
    }
    return { texts, px };
  }, selector);
}

describe.skipIf(!browser)('a release report (holdout and policy) in headless Chromium', () => {
  let dir: string;
  let opened: OpenedReport;
  let report: ValidationReport & { policy: { rules: { figure: string }[] } };

  beforeAll(async () => {
    dir = temporaryDirectory();
    const html = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    const result = runDoppel([
      'run',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--rows',
      '3000',
      '--out',
      join(dir, 'synthetic.arrow'),
      '--policy',
      'schemas/default-policy.json',
      '--html',
      html,
      '--json',
      json,
      '--quiet',
    ]);
    // 0: the release may go out; 3: the policy refused it. Either way both reports are written.
    expect([0, 3], result.stderr).toContain(result.code);
    report = JSON.parse(readFileSync(json, 'utf8'));
    opened = await openReport(html);
  });
  afterAll(async () => {
    await opened?.context.close();
  });

  it('lists the policy rules in one table only', async () => {
    const figures = report.policy.rules.map((rule) => rule.figure);
    const tablesPerFigure = await opened.page.evaluate(
      (names) =>
        names.map(
          (name) =>
            [...document.querySelectorAll('table')].filter((table) =>
              [
                ...(
                  table as unknown as { querySelectorAll(s: string): Iterable<PageElement> }
                ).querySelectorAll('td'),
              ].some((td) => td.textContent === name),
            ).length,
        ),
      figures,
    );
    expect(tablesPerFigure).toEqual(figures.map(() => 1));
  });

  it('says beside k-anonymity what k means, and which way every figure is good', async () => {
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered for a reader.
    const privacy = await opened.page.locator('#privacy').innerText();
    expect(privacy).toMatch(/k-anonymity real \d+/);
    expect(privacy).toMatch(
      /k is the size of the smallest group of rows sharing the same values of these columns/,
    );
    expect(privacy).toMatch(/real k \d+ means/);
    const reading = await opened.page.evaluate(() =>
      ['#summary', '#columns', '#pairs', '#utility', '#segments', '#privacy'].map(
        (section) => document.querySelectorAll(`${section} .reading`).length,
      ),
    );
    expect(reading.every((n) => n >= 1)).toBe(true);
    expect(privacy).toMatch(/Risk runs from 0 to 1: lower is better/);
  });

  it('draws heatmap labels and legends at 11 px or more on screen', async () => {
    const { texts, px } = await smallestSvgFontPx(opened, '#pairs');
    expect(texts).toBeGreaterThan(3 * 2 * 20);
    expect(px).toBeGreaterThanOrEqual(11);
  });
});

describe.skipIf(!browser)('data values in the HTML report are text, never markup', () => {
  const EVIL_CATEGORY = '<img src=x onerror=alert(1)>';
  const EVIL_COLUMN = 'contract <svg onload=alert(2)>';
  let opened: OpenedReport;

  beforeAll(async () => {
    const dir = temporaryDirectory();
    // Real telco customers, a quarter of them paying by a method whose name is an XSS payload, and
    // a column whose name is another: the payloads are categories and names like any other.
    const [header, ...lines] = readFileSync(TELCO_CSV, 'utf8').trim().split('\n').slice(0, 1001);
    const payment = header!.split(',').indexOf('"payment_method"');
    const rows = lines.map((line, i) => {
      const cells = line.split(',');
      if (i % 4 === 0) cells[payment] = `"${EVIL_CATEGORY}"`;
      return cells.join(',');
    });
    const data = join(dir, 'customers.csv');
    writeFileSync(data, [header!.replace('"contract"', `"${EVIL_COLUMN}"`), ...rows].join('\n'));
    const schema = JSON.parse(readFileSync(TELCO_SCHEMA, 'utf8')) as {
      columns: { name: string; segment?: boolean }[];
    };
    for (const column of schema.columns) {
      if (column.name === 'contract') column.name = EVIL_COLUMN;
      if (column.name === 'payment_method') column.segment = true;
    }
    const schemaFile = join(dir, 'schema.json');
    writeFileSync(schemaFile, JSON.stringify({ ...schema, $schema: undefined }));
    const { html } = release(dir, data, schemaFile, 2000);
    expect(readFileSync(html, 'utf8')).not.toContain(EVIL_CATEGORY);
    opened = await openReport(html);
  });
  afterAll(async () => {
    await opened?.context.close();
  });

  it('renders the payloads as text: no element injected, no dialog, no error', async () => {
    const found = await opened.page.evaluate(
      ([category, column]) => ({
        images: document.querySelectorAll('img').length,
        handlers: document.querySelectorAll('[onerror], [onload]').length,
        svgTextWithCategory: [...document.querySelectorAll('svg text')].filter(
          (t) => t.textContent === category,
        ).length,
        cellsWithCategory: [...document.querySelectorAll('td')].filter((td) => td.textContent === category)
          .length,
        headingsWithColumn: [...document.querySelectorAll('h3')].filter((h) =>
          h.textContent?.startsWith(column!),
        ).length,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered for a reader.
        bodyText: document.body.innerText,
      }),
      [EVIL_CATEGORY, EVIL_COLUMN],
    );
    expect(found.images).toBe(0);
    expect(found.handlers).toBe(0);
    expect(found.svgTextWithCategory).toBeGreaterThanOrEqual(2); // category bars and segment shares
    expect(found.cellsWithCategory).toBeGreaterThanOrEqual(1); // the segment table
    expect(found.headingsWithColumn).toBeGreaterThanOrEqual(2); // its column panel and segment block
    expect(found.bodyText).toContain(EVIL_CATEGORY);
    expect(opened.dialogs).toEqual([]);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  });
});
