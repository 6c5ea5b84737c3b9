/** The utility check as three bars: train on real, train on synthetic, and the know-nothing baseline. */
import * as Plot from '@observablehq/plot';
import type { UtilityReport } from '../validate/utility/utility.js';
import { fixed } from './format.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

export function utilityPlot(utility: UtilityReport, document: PlotDocument): string {
  const metric = utility.metric === 'accuracy' ? 'accuracy' : 'R²';
  const bars = [
    { name: 'train on real', score: utility.trainOnReal.score, color: REAL_COLOR },
    { name: 'train on synthetic', score: utility.trainOnSynthetic.score, color: SYNTHETIC_COLOR },
    {
      name: utility.task === 'classification' ? 'majority class' : 'predict the mean',
      score: utility.baseline,
      color: '#9e9e9e',
    },
  ].filter((bar): bar is { name: string; score: number; color: string } => bar.score !== null);
  const low = Math.min(0, ...bars.map((bar) => bar.score));
  return markupOf(
    Plot.plot({
      document,
      width: 480,
      height: 140,
      marginLeft: 130,
      marginBottom: 36,
      x: { label: `${metric} on the real test rows`, domain: [low, 1], grid: true },
      y: { label: null, domain: bars.map((bar) => bar.name) },
      marks: [
        Plot.barX(bars, {
          y: 'name',
          x: 'score',
          fill: 'color',
          title: (bar: (typeof bars)[number]) => `${bar.name}: ${fixed(bar.score)}`,
        }),
        Plot.text(bars, {
          y: 'name',
          x: 'score',
          text: (bar: (typeof bars)[number]) => fixed(bar.score, 3),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
}
