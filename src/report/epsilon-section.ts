/** Quality against the privacy budget ε: the trade-off a data owner chooses ε by. */
import * as Plot from '@observablehq/plot';
import type { EpsilonPoint, EpsilonSweep } from '../validate/epsilon-sweep.js';
import { count, fixed, signed } from './format.js';
import { html, type Markup, trusted } from './html.js';
import { REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';
import { readingNote } from './reading.js';

/** Line and dots of quality against ε (log scale), the fit without DP as a dashed level. */
export function epsilonPlot(sweep: EpsilonSweep, document: PlotDocument): string {
  const privatePoints = sweep.points.filter(
    (p): p is EpsilonPoint & { epsilon: number } => p.epsilon !== null,
  );
  const plain = sweep.points.find((p) => p.epsilon === null);
  const chosen = privatePoints.filter((p) => p.epsilon === sweep.chosen);
  const scores = sweep.points.flatMap((p) => [...p.range, p.overallAllPairs]);
  const low = Math.max(0, Math.floor(Math.min(...scores) * 20) / 20 - 0.05);
  return markupOf(
    Plot.plot({
      document,
      width: 520,
      height: 260,
      marginLeft: 50,
      marginBottom: 40,
      x: {
        type: 'log',
        label: 'ε (privacy budget; smaller is more private)',
        // Ticks at the swept ε only: a log axis would label 0.5 as "500m".
        ticks: privatePoints.map((p) => p.epsilon),
        tickFormat: String,
        grid: true,
      },
      y: { label: 'quality (all pairs)', domain: [low, 1], grid: true },
      marks: [
        ...(plain
          ? [
              Plot.ruleY([plain.overallAllPairs], { stroke: REAL_COLOR, strokeDasharray: '4,3' }),
              Plot.text([plain], {
                x: privatePoints[0]?.epsilon ?? 1,
                y: 'overallAllPairs',
                text: () => `without DP ${fixed(plain.overallAllPairs, 3)}`,
                dy: -8,
                textAnchor: 'start',
                fill: REAL_COLOR,
              }),
            ]
          : []),
        Plot.ruleX(privatePoints, {
          x: 'epsilon',
          y1: (p: EpsilonPoint) => p.range[0],
          y2: (p: EpsilonPoint) => p.range[1],
          stroke: SYNTHETIC_COLOR,
        }),
        Plot.line(privatePoints, { x: 'epsilon', y: 'overallAllPairs', stroke: SYNTHETIC_COLOR }),
        Plot.dot(privatePoints, {
          x: 'epsilon',
          y: 'overallAllPairs',
          fill: SYNTHETIC_COLOR,
          title: (p: EpsilonPoint) => `ε = ${p.epsilon}: ${fixed(p.overallAllPairs)}`,
        }),
        Plot.dot(chosen, { x: 'epsilon', y: 'overallAllPairs', r: 7, stroke: '#000', strokeWidth: 2 }),
      ],
    }),
  );
}

/** The plot and its numbers; nothing when the report has no sweep. */
export function epsilonSection(sweep: EpsilonSweep | undefined, document: PlotDocument): Markup {
  if (!sweep) return html``;
  const plain = sweep.points.find((p) => p.epsilon === null);
  const rows = sweep.points.map(
    (p) =>
      html`<tr${p.epsilon === sweep.chosen ? html` class="chosen"` : ''}><th>${p.epsilon === null ? 'without DP' : `ε = ${p.epsilon}`}</th><td class="num">${fixed(p.overallAllPairs)}</td><td class="num">${fixed(p.range[0])}–${fixed(p.range[1])}</td><td class="num">${fixed(p.columnShapes)}</td><td class="num">${fixed(p.pairTrendsAllPairs)}</td><td class="num">${plain && p.epsilon !== null ? signed(p.overallAllPairs - plain.overallAllPairs, 4) : ''}</td></tr>`,
  );
  const model =
    sweep.chosen === null
      ? 'The released model was fitted without differential privacy.'
      : `The released model was fitted at ε = ${sweep.chosen} (circled).`;
  return html`<section id="epsilon">
<h2>Quality against the privacy budget</h2>
<p>ε bounds how much any one customer can change what the model stores: a smaller ε adds more noise to every statistic, so the synthetic data gets more private and less faithful. Each point fits the training rows with differential privacy at that ε (δ = ${String(sweep.delta)}), samples ${count(sweep.rows)} rows and scores them against the training rows (SDMetrics overall quality, all pairs): the mean of ${count(sweep.repetitions)} fits, the bar their range. The dashed line is the fit without differential privacy. ${model} These are evaluation fits with known noise seeds, not releases.</p>
${readingNote('Higher quality is better; a smaller ε is more private. Choose the smallest ε whose quality is still good enough for the use: to its left the noise costs quality quickly, to its right privacy is given away for little gain.')}
<div class="two"><div>
<table><thead><tr><th>fit</th><th class="num">quality</th><th class="num">range</th><th class="num">column shapes</th><th class="num">pair trends</th><th class="num">vs without DP</th></tr></thead><tbody>${rows}</tbody></table>
</div><div class="panel">${trusted(epsilonPlot(sweep, document))}</div></div>
</section>`;
}
