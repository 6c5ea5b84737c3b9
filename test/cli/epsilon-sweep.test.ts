/**
 * `doppel run --epsilon --epsilon-sweep` (issue 7): the released model is fitted privately, the
 * sweep (the listed ε, the run's own ε and the fit without DP) goes into the JSON report and, as a
 * plot, into the HTML report, which renders in headless Chromium without errors; bad flags exit 2
 * before any work. The sweep's figures themselves: test/validate/epsilon-sweep.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_COLOR } from '../../src/report/palette.js';
import type { ValidationReport } from '../../src/validate/validate.js';
import { chromiumAvailable, type OpenedReport, openReport } from '../report/chromium.js';
import { pixelStatistics } from '../report/png-statistics.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const browser = chromiumAvailable();

describe('doppel run --epsilon --epsilon-sweep', () => {
  let dir: string;
  let report: ValidationReport;
  let stdout: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    const result = runDoppel([
      'run',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--rows',
      '3000',
      '--out',
      join(dir, 'telco.arrow'),
      '--epsilon',
      '2',
      '--epsilon-sweep',
      '1,5',
      '--json',
      join(dir, 'report.json'),
      '--html',
      join(dir, 'report.html'),
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    stdout = result.stdout;
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ValidationReport;
  });

  it('fits the released model privately and reports quality at each ε, its own, and without DP', () => {
    expect(stdout).toMatch(/differential privacy: \(ε = 2/);
    expect(stdout).toMatch(/ε = 2 +0\.\d+ .*<- this model/);
    const sweep = report.epsilonSweep!;
    expect(sweep).toMatchObject({ chosen: 2, delta: 1e-9, repetitions: 3, rows: 2113 });
    expect(sweep.points.map((p) => p.epsilon)).toEqual([1, 2, 5, null]);
    for (const p of sweep.points) {
      expect(p.overallAllPairs).toBeGreaterThan(0.8);
      expect(p.columnShapes).toBeGreaterThan(0.8);
      expect(p.pairTrendsAllPairs).toBeGreaterThan(0.8);
    }
  });

  it('plots it in the HTML report, linked from the navigation', () => {
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<a href="#epsilon">Privacy budget</a>');
    const section = page.slice(page.indexOf('<section id="epsilon">'));
    expect(section).toContain('Quality against the privacy budget');
    expect(section.slice(0, section.indexOf('</section>'))).toMatch(
      /<svg[\s\S]*aria-label="line"[\s\S]*<\/svg>/,
    );
  });

  it.skipIf(!browser)(
    'renders the ε plot in headless Chromium: dots and line drawn, no console or page errors, no requests',
    async () => {
      const opened: OpenedReport = await openReport(join(dir, 'report.html'));
      try {
        // Three private points and the ring around the released model's.
        expect(await opened.page.locator('#epsilon svg [aria-label="dot"] circle').count()).toBe(4);
        const plot = await opened.page.locator('#epsilon svg').screenshot();
        expect(pixelStatistics(plot, { synthetic: SYNTHETIC_COLOR }).matches['synthetic']!).toBeGreaterThan(
          100,
        );
        expect(opened.consoleErrors).toEqual([]);
        expect(opened.pageErrors).toEqual([]);
        expect(opened.requests).toEqual([]);
      } finally {
        await opened.context.close();
      }
    },
  );
});

describe('doppel run refuses bad privacy flags with exit 2, before any work', () => {
  const dir = temporaryDirectory();
  const run = (...flags: string[]) =>
    runDoppel([
      'run',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--rows',
      '100',
      '--out',
      join(dir, 'bad.arrow'),
      ...flags,
    ]);

  it.each([['1,zero'], ['0,1'], ['-1'], ['']])('--epsilon-sweep "%s"', (list) => {
    const result = run('--epsilon-sweep', list);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--epsilon-sweep must list positive numbers separated by commas');
    expect(result.stdout).not.toContain('held out');
  });

  it('--delta without --epsilon', () => {
    const result = run('--delta', '1e-6', '--epsilon-sweep', '1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give epsilon with it');
    expect(result.stdout).not.toContain('held out');
  });
});
