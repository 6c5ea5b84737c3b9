/** Plots of the related-tables section: children per parent, and how events carry over. */
import * as Plot from '@observablehq/plot';
import type { RelationshipScores } from '../validate/relational/relationship-scores.js';
import type { SequenceFidelity } from '../validate/relational/sequence-fidelity.js';
import { percent, truncate } from './format.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

const PLOT_WIDTH = 480;
const SIDES = ['real', 'synthetic'];

/** Share of parents with 0, 1, 2, ... children, real and synthetic bars side by side. */
export function childrenPerParentPlot(relationship: RelationshipScores, document: PlotDocument): string {
  const { counts, real, synthetic, lastIsTail } = relationship.childrenPerParent;
  const label = (i: number) => (lastIsTail && i === counts.length - 1 ? `${counts[i]}+` : String(counts[i]));
  const data = counts.flatMap((_, i) => [
    { i, side: 'real', share: real[i]! },
    { i, side: 'synthetic', share: synthetic[i]! },
  ]);
  const figure = Plot.plot({
    document,
    width: PLOT_WIDTH,
    height: 220,
    marginLeft: 48,
    marginBottom: 36,
    fx: {
      domain: counts.map((_, i) => i),
      tickFormat: label,
      label: `${relationship.childTable} per ${relationship.parentTable}`,
      padding: 0.1,
      // A tick per count is unreadable past a dozen bars: label every few.
      ticks: counts.map((_, i) => i).filter((i) => counts.length <= 16 || i % 5 === 0),
    },
    x: { axis: null, domain: SIDES },
    y: { label: `share of ${relationship.parentTable} (%)`, percent: true, grid: true },
    color: { domain: SIDES, range: [REAL_COLOR, SYNTHETIC_COLOR] },
    marks: [
      Plot.barY(data, {
        fx: 'i',
        x: 'side',
        y: 'share',
        fill: 'side',
        title: (d: (typeof data)[number]) => `${label(d.i)}: ${d.side} ${percent(d.share)}`,
      }),
      Plot.ruleY([0]),
    ],
  });
  return markupOf(figure);
}

/**
 * Per event column, how much an event carries over from the previous one (the share of repeated
 * values for categories, the lag-1 correlation for numbers): real and synthetic dots on one line.
 */
export function coherencePlot(sequence: SequenceFidelity, document: PlotDocument): string {
  const rows = sequence.coherence.map((row) =>
    row.kind === 'categorical'
      ? { column: `${row.column} (same value)`, real: row.realSameShare, synthetic: row.syntheticSameShare }
      : { column: `${row.column} (lag-1 r)`, real: row.realLag1, synthetic: row.syntheticLag1 },
  );
  const data = rows
    .flatMap((row, i) => [
      { i, side: 'real', value: row.real },
      { i, side: 'synthetic', value: row.synthetic },
    ])
    .filter((d): d is { i: number; side: string; value: number } => d.value !== null);
  const longest = Math.max(4, ...rows.map((row) => [...truncate(row.column)].length));
  const figure = Plot.plot({
    document,
    width: PLOT_WIDTH,
    height: 40 + rows.length * 22,
    marginLeft: Math.min(220, 24 + longest * 6.2),
    marginBottom: 36,
    x: { label: 'carried over from the previous event', domain: [-1, 1], grid: true },
    y: { domain: rows.map((_, i) => i), tickFormat: (i: number) => truncate(rows[i]!.column), label: null },
    color: { domain: SIDES, range: [REAL_COLOR, SYNTHETIC_COLOR] },
    marks: [
      Plot.ruleX([0]),
      Plot.dot(data, {
        x: 'value',
        y: 'i',
        fill: 'side',
        r: 5,
        title: (d: (typeof data)[number]) => `${rows[d.i]!.column}: ${d.side} ${d.value.toFixed(3)}`,
      }),
    ],
  });
  return markupOf(figure);
}
