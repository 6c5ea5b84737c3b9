/** The paired-bars figure shared by the category plots and the segment share plots. */
import * as Plot from '@observablehq/plot';
import { truncate } from './format.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

/** One labelled row of the figure: its real and synthetic shares, and each bar's tooltip. */
export interface PairedShare {
  readonly label: string;
  readonly real: number;
  readonly synthetic: number;
  readonly title: (side: 'real' | 'synthetic') => string;
}

/** A left margin wide enough for the longest (truncated) label, capped at 200 px. */
export function labelMargin(labels: readonly string[]): number {
  return Math.min(200, 24 + Math.max(4, ...labels.map((label) => [...truncate(label)].length)) * 6.2);
}

/** Horizontal real/synthetic bar pairs, one facet row per label, x in percent of rows. */
export function pairedShareBars(rows: readonly PairedShare[], width: number, document: PlotDocument): string {
  const labels = rows.map((row) => row.label);
  const data = rows.flatMap((row, i) => [
    { i, side: 'real' as const, share: row.real },
    { i, side: 'synthetic' as const, share: row.synthetic },
  ]);
  const figure = Plot.plot({
    document,
    width,
    height: 40 + rows.length * 30,
    marginLeft: labelMargin(labels),
    marginBottom: 36,
    x: { label: 'share of rows (%)', percent: true, grid: true },
    fy: {
      domain: labels.map((_, i) => i),
      tickFormat: (i: number) => truncate(labels[i]!),
      label: null,
      padding: 0.15,
    },
    y: { axis: null, domain: ['real', 'synthetic'] },
    color: { domain: ['real', 'synthetic'], range: [REAL_COLOR, SYNTHETIC_COLOR] },
    marks: [
      Plot.barX(data, {
        fy: 'i',
        y: 'side',
        x: 'share',
        fill: 'side',
        title: (d: (typeof data)[number]) => rows[d.i]!.title(d.side),
      }),
      Plot.ruleX([0]),
    ],
  });
  return markupOf(figure);
}
