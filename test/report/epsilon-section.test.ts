/** The "quality against the privacy budget" section: a plot and a table of the sweep, or nothing. */
import { describe, expect, it } from 'vitest';
import { epsilonSection } from '../../src/report/epsilon-section.js';
import { makePlotDocument } from '../../src/report/plot-document.js';
import type { EpsilonPoint, EpsilonSweep } from '../../src/validate/epsilon-sweep.js';

const point = (epsilon: number | null, overallAllPairs: number): EpsilonPoint => ({
  epsilon,
  overallAllPairs,
  range: [overallAllPairs - 0.004, overallAllPairs + 0.003],
  columnShapes: overallAllPairs + 0.01,
  pairTrendsAllPairs: overallAllPairs - 0.01,
});

const sweep: EpsilonSweep = {
  delta: 1e-9,
  repetitions: 3,
  rows: 2113,
  points: [point(0.5, 0.9241), point(1, 0.9383), point(2, 0.9421), point(5, 0.9497), point(null, 0.9812)],
  chosen: 1,
};

const render = (s: EpsilonSweep | undefined) => epsilonSection(s, makePlotDocument()).toString();

describe('epsilonSection', () => {
  it('renders nothing without a sweep', () => {
    expect(render(undefined)).toBe('');
  });

  it('plots quality against ε on a log axis, the fit without DP as a level and the chosen ε circled', () => {
    const section = render(sweep);
    const svg = section.slice(section.indexOf('<svg'), section.indexOf('</svg>') + 6);
    expect(svg).toMatch(/aria-label="line"/);
    // Four private points, plus the ring around the chosen one.
    const dots = svg.slice(svg.indexOf('aria-label="dot"'));
    expect(dots.match(/<circle/g)).toHaveLength(4 + 1);
    expect(svg).toContain('without DP 0.981');
    expect(svg).toMatch(/ε \(privacy budget; smaller is more private\)/);
    const ticks = svg.slice(svg.indexOf('aria-label="x-axis tick label"'));
    expect([...ticks.matchAll(/y="0.71em">([^<]+)<\/text>/g)].map((m) => m[1])).toEqual([
      '0.5',
      '1',
      '2',
      '5',
    ]);
    expect(svg).toMatch(/aria-label="rule"/);
  });

  it('lists every fit with its scores and its distance from the fit without DP', () => {
    const section = render(sweep);
    expect(section).toContain('<section id="epsilon">');
    expect(section).toContain('δ = 1e-9');
    expect(section).toContain('samples 2,113 rows');
    expect(section).toContain('at ε = 1 (circled)');
    expect(section).toContain('<tr class="chosen"><th>ε = 1</th><td class="num">0.9383</td>');
    expect(section).toContain('<th>without DP</th><td class="num">0.9812</td>');
    expect(section).toContain(
      '<td class="num">0.9483</td><td class="num">0.9283</td><td class="num">−0.0429</td>',
    );
  });

  it('marks the fit without DP when the released model is not private', () => {
    const section = render({ ...sweep, chosen: null });
    expect(section).toContain('fitted without differential privacy');
    expect(section).toContain('<tr class="chosen"><th>without DP</th>');
    const svg = section.slice(section.indexOf('<svg'), section.indexOf('</svg>'));
    expect(svg.slice(svg.indexOf('aria-label="dot"')).match(/<circle/g)).toHaveLength(4);
  });
});
