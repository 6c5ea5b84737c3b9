/**
 * The related-tables section of the HTML report in headless Chromium, on the margarine panel:
 * training households against fresh real households, with a holdout and the default policy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/privacy/release-policy.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from '../../src/report/palette.js';
import { renderRelationalHtmlReport } from '../../src/report/render-relational-html-report.js';
import { RELATIONAL_POLICY_FIGURES } from '../../src/validate/relational/relational-privacy.js';
import {
  type RelationalValidationReport,
  validateRelational,
} from '../../src/validate/relational/validate-relational.js';
import { temporaryDirectory } from '../cli/run-doppel.js';
import { ROOT } from '../shared-data.js';
import { householdsSubset, loadMargarine, splitHouseholds } from '../validate/relational/margarine.js';
import { chromiumAvailable, type OpenedReport, openReport } from './chromium.js';
import { pixelStatistics } from './png-statistics.js';

const browser = chromiumAvailable();

/** The page's DOM as `page.evaluate` callbacks see it (tests compile without the DOM library). */
interface PageElement {
  readonly textContent: string | null;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
};

describe.skipIf(!browser)('the related-tables section in headless Chromium (margarine panel)', () => {
  let dir: string;
  let report: RelationalValidationReport;
  let opened: OpenedReport;

  beforeAll(async () => {
    dir = temporaryDirectory();
    const panel = loadMargarine();
    const [train, holdout, fresh] = splitHouseholds(panel, [0.5, 0.25, 0.25], 1);
    report = await validateRelational(householdsSubset(panel, train!), householdsSubset(panel, fresh!), {
      holdout: householdsSubset(panel, holdout!),
      seed: 3,
      policy: await loadPolicy(join(ROOT, 'schemas', 'default-policy.json'), RELATIONAL_POLICY_FIGURES),
      createdAt: new Date('2026-12-03T00:00:00Z'),
    });
    const file = join(dir, 'related.html');
    writeFileSync(file, renderRelationalHtmlReport(report));
    writeFileSync(join(dir, 'related.json'), JSON.stringify(report));
    opened = await openReport(file);
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

  it('draws children per household as paired bars and every event column’s carry-over as two dots', async () => {
    const counts = await opened.page.evaluate(() => ({
      bars: document.querySelectorAll('#related-tables .relationship-plot [aria-label="bar"] rect').length,
      dots: document.querySelectorAll('#related-tables .sequence-plot [aria-label="dot"] circle').length,
      segmentRows: document.querySelectorAll('#related-tables .segment-table tbody tr').length,
      privacyRows: document.querySelectorAll('#related-tables .privacy-table tbody tr').length,
    }));
    const [relationship] = report.relationships;
    expect(counts.bars).toBe(2 * relationship!.childrenPerParent.counts.length);
    const present = report.sequences[0]!.coherence.flatMap((row) =>
      row.kind === 'categorical'
        ? [row.realSameShare, row.syntheticSameShare]
        : [row.realLag1, row.syntheticLag1],
    );
    expect(counts.dots).toBe(present.filter((v) => v !== null).length);
    expect(counts.dots).toBe(2 * 11); // choice and ten prices
    expect(counts.segmentRows).toBe(report.segments.reduce((n, s) => n + s.groups.length, 0));
    expect(counts.privacyRows).toBe(7);
  });

  it('shows the JSON report’s numbers and the gate’s verdict', async () => {
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered for a reader.
    const text = await opened.page.locator('#related-tables').innerText();
    expect(text).toContain(`${(report.quality.overallAllPairs! * 100).toFixed(1)}%`);
    expect(text).toContain(`${(report.quality.cardinality! * 100).toFixed(1)}%`);
    expect(text).toContain('households → purchases (hhid)');
    expect(text).toContain(report.gate!.passed ? 'PASS' : 'FAIL');
    expect(text).toContain('same value as the previous event');
    expect(text).toContain(`${(report.holdoutBaseline!.overallAllPairs! * 100).toFixed(1)}%`);
  });

  it('shows real and synthetic in their colours in a screenshot', async () => {
    const plot = await opened.page.locator('#related-tables .relationship-plot svg').first().screenshot();
    writeFileSync(join(dir, 'children-per-parent.png'), plot);
    const colours = pixelStatistics(plot, { real: REAL_COLOR, synthetic: SYNTHETIC_COLOR });
    expect(colours.matches['real']!).toBeGreaterThan(200);
    expect(colours.matches['synthetic']!).toBeGreaterThan(200);
  });
});
