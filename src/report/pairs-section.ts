/** Column pairs: association heatmaps (real, synthetic, difference) and the full pair table. */
import type { PairTrendRow } from '../validate/quality-report.js';
import type { ValidationReport } from '../validate/validate.js';
import { fixed } from './format.js';
import {
  associationMatrix,
  type HeatmapValue,
  heatmapDomain,
  heatmapLegend,
  heatmapPlot,
} from './heatmaps.js';
import { html, type Markup, trusted } from './html.js';
import type { PlotDocument } from './plot-document.js';
import { readingNote } from './reading.js';

function strength(value: number | null, metric: PairTrendRow['metric']): string {
  return value === null ? 'n/a' : `${metric === 'CorrelationSimilarity' ? 'r' : 'V'} ${value.toFixed(3)}`;
}

const TITLES: Record<HeatmapValue, string> = {
  real: 'Real data',
  synthetic: 'Synthetic data',
  difference: 'Difference (synthetic − real)',
};

export function pairsSection(report: ValidationReport, document: PlotDocument): Markup {
  const { quality } = report;
  const matrix = associationMatrix(quality);
  const heatmaps =
    matrix.columns.length < 2
      ? html`<p class="note">Fewer than two scored columns: no pairs.</p>`
      : html`<div class="heatmaps">${(['real', 'synthetic', 'difference'] as const).map(
          (value) => html`<div class="panel"><h3>${TITLES[value]}</h3>
  ${trusted(heatmapPlot(matrix, value, document))}
  ${trusted(heatmapLegend(heatmapDomain(matrix, value), value === 'difference' ? 'difference' : 'r or V', document))}</div>`,
        )}</div>`;
  const pairs = [...quality.pairs].sort((a, b) => (a.score ?? 2) - (b.score ?? 2));
  return html`<section id="pairs">
<h2>Column pairs</h2>
<p class="note">Each cell is the statistic behind the pair's trend score: Pearson's r for two continuous columns, Cramér's V (0 to 1, on the QualityReport's bins) for any pair with a categorical or boolean column. Hover a cell for exact values.</p>
${readingNote('The real and synthetic maps should look alike: the same cells strong, the same cells faint. In the difference map, white (near 0) is good; a strongly coloured cell marks a relationship between two columns that the synthetic data gets wrong. In the table, each pair scores 0 to 1: higher is better.')}
${heatmaps}
<h3 style="margin-top:20px">All ${pairs.length} pairs, weakest first</h3>
<div class="scroll"><table><thead><tr><th>column 1</th><th>column 2</th><th>metric</th><th class="num">score</th><th class="num">real</th><th class="num">synthetic</th><th>counts in overall</th></tr></thead><tbody>${pairs.map(
    (pair) => {
      const correlation = pair.metric === 'CorrelationSimilarity';
      return html`<tr><td>${pair.column1}</td><td>${pair.column2}</td><td>${pair.metric}</td><td class="num">${fixed(pair.score)}</td><td class="num">${strength(correlation ? pair.realCorrelation : pair.realAssociation, pair.metric)}</td><td class="num">${strength(correlation ? pair.syntheticCorrelation : pair.syntheticAssociation, pair.metric)}</td><td>${pair.meetsThreshold ? 'yes' : 'all-pairs score only'}</td></tr>`;
    },
  )}</tbody></table></div>
</section>`;
}
