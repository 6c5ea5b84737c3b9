/** Plots of the segment report: group shares, and each group's score against its expectation. */
import * as Plot from '@observablehq/plot';
import type { SegmentColumn, SegmentGroup } from '../validate/segments.js';
import { count, fixed, percent, truncate } from './format.js';
import { labelMargin, pairedShareBars } from './paired-share-bars.js';
import { FLAG_COLOR, OK_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

/** A group's name as shown; pooled groups get a description, never a data value. */
export function groupLabel(group: SegmentGroup): string {
  switch (group.kind) {
    case 'category':
    case 'range':
      return group.label ?? '';
    case 'other':
      return '(other: rarer or new categories)';
    case 'missing':
      return '(missing)';
  }
}

/** Paired bars of each group's share of the real and of the synthetic rows. */
export function segmentSharesPlot(segment: SegmentColumn, document: PlotDocument): string {
  const rows = segment.groups.map((group) => {
    const label = groupLabel(group);
    return {
      label,
      real: group.realShare,
      synthetic: group.syntheticShare,
      title: (side: 'real' | 'synthetic') =>
        side === 'real'
          ? `${label}: real ${percent(group.realShare)} (${count(group.realRows)} rows)`
          : `${label}: synthetic ${percent(group.syntheticShare)} (${count(group.syntheticRows)} rows)`,
    };
  });
  return pairedShareBars(rows, 420, document);
}

/**
 * Each scored group's Column Shapes (dot) against the whole table's score at the group's size
 * (tick) and the flagging threshold (the grey bar's left end); flagged dots in red.
 */
export function segmentScoresPlot(segment: SegmentColumn, document: PlotDocument): string {
  const labels = segment.groups.map(groupLabel);
  const scored = segment.groups
    .map((group, i) => ({ i, group }))
    .filter(({ group }) => group.columnShapes !== null && group.expected !== null);
  const ranges = scored.map(({ i, group }) => ({
    i,
    x1: group.expected! - group.tolerance!,
    x2: group.expected!,
  }));
  const low = Math.min(
    0.5,
    ...scored.map(({ group }) => group.columnShapes!),
    ...ranges.map((range) => range.x1),
  );
  return markupOf(
    Plot.plot({
      document,
      width: 420,
      height: 40 + segment.groups.length * 30,
      marginLeft: labelMargin(labels),
      marginBottom: 36,
      x: { label: 'column shapes in the group', domain: [Math.floor(low * 10) / 10, 1], grid: true },
      y: { domain: labels.map((_, i) => i), tickFormat: (i: number) => truncate(labels[i]!), label: null },
      marks: [
        Plot.barX(ranges, { y: 'i', x1: 'x1', x2: 'x2', fill: '#d9d9d9', insetTop: 8, insetBottom: 8 }),
        Plot.tickX(ranges, { y: 'i', x: 'x2', stroke: '#555', strokeWidth: 2 }),
        Plot.dot(scored, {
          y: 'i',
          x: ({ group }: (typeof scored)[number]) => group.columnShapes,
          r: 5,
          fill: ({ group }: (typeof scored)[number]) => (group.flagged ? FLAG_COLOR : OK_COLOR),
          title: ({ i, group }: (typeof scored)[number]) =>
            `${labels[i]}: ${fixed(group.columnShapes)} (expected ${fixed(group.expected)}, flagged below ${fixed(group.expected! - group.tolerance!)})`,
        }),
      ],
    }),
  );
}
