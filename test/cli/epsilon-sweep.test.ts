/**
 * Quality against ε (issue 7): the sweep on real telco data meets the bars, is
 * deterministic, and `doppel run --epsilon-sweep` puts it into the JSON report and, as a plot, into
 * the HTML report, which renders in headless Chromium without errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { splitTable } from '../../src/io/split-table.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { epsilonSweep, parseEpsilonList } from '../../src/validate/epsilon-sweep.js';
import type { ValidationReport } from '../../src/validate/validate.js';
import { chromiumAvailable, type OpenedReport, openReport } from '../report/chromium.js';
import { runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

describe('parseEpsilonList', () => {
  it('sorts and deduplicates positive numbers', () => {
    expect(parseEpsilonList('5, 0.5,1,5')).toEqual([0.5, 1, 5]);
  });
  it('refuses empty items, zero, negatives and words', () => {
    for (const bad of ['', '1,,2', '0,1', '-1', 'one', 'Infinity']) {
      expect(() => parseEpsilonList(bad), bad).toThrow(/positive numbers separated by commas/);
    }
  });
});

describe('epsilonSweep on the telco sample (70/30 split)', () => {
  it('keeps quality >= 0.80 at ε = 1 and within 0.05 of the non-private fit at ε = 5, deterministically', async () => {
    const [table, schema] = await Promise.all([readTable(TELCO_CSV), loadDatasetSchema(TELCO_SCHEMA)]);
    const { train, holdout } = splitTable(table, 0.3, makeRandom(7, 0));
    const options = { epsilons: [5, 1], seed: 3, rows: holdout.numRows, repetitions: 2 };
    const sweep = epsilonSweep(train, schema, options);
    expect(sweep.points.map((p) => p.epsilon)).toEqual([1, 5, null]);
    const [one, five, plain] = sweep.points.map((p) => p.overallAllPairs);
    expect(one!).toBeGreaterThanOrEqual(0.8);
    expect(plain! - five!).toBeLessThanOrEqual(0.05);
    expect(one!).toBeLessThan(plain!);
    for (const p of sweep.points) expect(p.range[0]).toBeLessThanOrEqual(p.range[1]);
    expect(epsilonSweep(train, schema, options)).toEqual(sweep);
  });
});

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
      '1,2,5',
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

  it('fits the released model privately and reports quality at each ε and without DP', () => {
    expect(stdout).toMatch(/differential privacy: \(ε = 2/);
    expect(stdout).toMatch(/ε = 2 +0\.\d+ .*<- this model/);
    const sweep = report.epsilonSweep!;
    expect(sweep.chosen).toBe(2);
    expect(sweep.points.map((p) => p.epsilon)).toEqual([1, 2, 5, null]);
    for (const p of sweep.points) expect(p.overallAllPairs).toBeGreaterThan(0.8);
  });

  it('plots it in the HTML report', () => {
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    const section = page.slice(page.indexOf('<section id="epsilon">'));
    expect(section).toContain('Quality against the privacy budget');
    expect(section.slice(0, section.indexOf('</section>'))).toMatch(
      /<svg[\s\S]*aria-label="line"[\s\S]*<\/svg>/,
    );
  });

  it.skipIf(!browser)(
    'renders the ε plot in headless Chromium with no console or page errors and no requests',
    async () => {
      const opened: OpenedReport = await openReport(join(dir, 'report.html'));
      try {
        const dots = await opened.page.locator('#epsilon svg [aria-label="dot"] circle').count();
        expect(dots).toBeGreaterThanOrEqual(3);
        expect(opened.consoleErrors).toEqual([]);
        expect(opened.pageErrors).toEqual([]);
        expect(opened.requests).toEqual([]);
      } finally {
        await opened.context.close();
      }
    },
  );

  it('refuses a bad sweep list with exit 2', () => {
    const result = runDoppel([
      'run',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--rows',
      '100',
      '--out',
      join(dir, 'bad.arrow'),
      '--epsilon-sweep',
      '1,zero',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--epsilon-sweep must list positive numbers/);
  });
});
