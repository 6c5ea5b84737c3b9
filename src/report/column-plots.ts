/** Real-versus-synthetic plots of one column: a histogram overlay or paired category bars. */
import * as Plot from '@observablehq/plot';
import type { CategoryBar, CategoryDistribution, HistogramDistribution } from '../validate/distributions.js';
import { count, percent } from './format.js';
import { pairedShareBars } from './paired-share-bars.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

const PLOT_WIDTH = 480;

/** What a bar is called on the axis; pooled bars get a description, never a data value. */
export function barLabel(bar: CategoryBar): string {
  switch (bar.kind) {
    case 'category':
      return bar.label ?? '';
    case 'rare':
      return `(${count(bar.categories ?? 0)} rare, fewer than k rows)`;
    case 'new':
      return `(${count(bar.categories ?? 0)} only in synthetic)`;
    case 'other':
      return `(${count(bar.categories ?? 0)} more categories)`;
    case 'missing':
      return '(missing)';
  }
}

/**
 * Real shares as filled bars, synthetic shares as a step outline over them, on the shared bins.
 * Datetime edges are drawn on a UTC time axis.
 */
export function histogramPlot(distribution: HistogramDistribution, document: PlotDocument): string {
  const { edges, real, synthetic } = distribution;
  const datetime = distribution.sdtype === 'datetime';
  const x = (value: number) => (datetime ? new Date(value) : value);
  const bins = real.map((share, i) => ({
    x1: x(edges[i]!),
    x2: x(edges[i + 1]!),
    real: share,
    synthetic: synthetic[i]!,
  }));
  // A step line needs the last bin's right edge as a final point.
  const outline = [
    ...bins.map((bin) => ({ x: bin.x1, y: bin.synthetic })),
    { x: x(edges[edges.length - 1]!), y: synthetic[synthetic.length - 1] ?? 0 },
  ];
  const figure = Plot.plot({
    document,
    width: PLOT_WIDTH,
    height: 210,
    marginLeft: 48,
    marginBottom: 36,
    x: {
      label: distribution.integerBins ? 'value' : datetime ? 'date (UTC)' : 'value',
      ...(datetime ? { type: 'utc' } : {}),
    },
    y: { label: 'share of values (%)', percent: true, grid: true },
    marks: [
      Plot.rectY(bins, {
        x1: 'x1',
        x2: 'x2',
        y: 'real',
        fill: REAL_COLOR,
        fillOpacity: 0.55,
        inset: 0.5,
        title: (bin: (typeof bins)[number]) =>
          `real ${percent(bin.real)} · synthetic ${percent(bin.synthetic)}`,
      }),
      Plot.lineY(outline, { x: 'x', y: 'y', curve: 'step-after', stroke: SYNTHETIC_COLOR, strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
  return markupOf(figure);
}

/** Paired horizontal bars per category (real above synthetic), most frequent real category first. */
export function categoryPlot(distribution: CategoryDistribution, document: PlotDocument): string {
  const rows = distribution.bars.map((bar) => {
    const label = barLabel(bar);
    return {
      label,
      real: bar.real,
      synthetic: bar.synthetic,
      title: (side: 'real' | 'synthetic') =>
        `${label}: ${side} ${percent(side === 'real' ? bar.real : bar.synthetic)}`,
    };
  });
  return pairedShareBars(rows, PLOT_WIDTH, document);
}
