/** Per column: its shape score and a real-versus-synthetic plot. */
import type { ColumnDistribution } from '../validate/distributions.js';
import type { ValidationReport } from '../validate/validate.js';
import { categoryPlot, histogramPlot } from './column-plots.js';
import { fixed, percent } from './format.js';
import { html, type Markup, trusted } from './html.js';
import type { PlotDocument } from './plot-document.js';
import { readingNote } from './reading.js';

function plotOf(distribution: ColumnDistribution, document: PlotDocument): Markup {
  return trusted(
    distribution.type === 'histogram'
      ? histogramPlot(distribution, document)
      : categoryPlot(distribution, document),
  );
}

function missingNote(distribution: ColumnDistribution): Markup | string {
  if (distribution.type !== 'histogram') return '';
  if (distribution.realMissing === 0 && distribution.syntheticMissing === 0) return '';
  return html` · missing: real ${percent(distribution.realMissing)}, synthetic ${percent(distribution.syntheticMissing)}`;
}

export function columnsSection(report: ValidationReport, document: PlotDocument): Markup {
  const rows = new Map(report.quality.columns.map((row) => [row.column, row]));
  const panels = report.distributions.map((distribution, i) => {
    const row = rows.get(distribution.column);
    return html`<div class="panel" id="column-${i}">
  <h3>${distribution.column}</h3>
  <div class="meta">${distribution.sdtype} · ${row?.metric ?? ''} ${fixed(row?.score)} · missing-value similarity ${fixed(row?.missingValueSimilarity)}${missingNote(distribution)}</div>
  ${plotOf(distribution, document)}
</div>`;
  });
  return html`<section id="columns">
<h2>Columns: real vs synthetic</h2>
<div class="legend"><span><span class="chip real"></span>real</span><span><span class="chip synthetic"></span>synthetic</span></div>
<table><thead><tr><th>column</th><th>kind</th><th>metric</th><th class="num">score</th><th class="num">missing-value similarity</th></tr></thead><tbody>${report.quality.columns.map(
    (row) =>
      html`<tr><td>${row.column}</td><td>${row.sdtype}</td><td>${row.metric}</td><td class="num">${fixed(row.score)}</td><td class="num">${fixed(row.missingValueSimilarity)}</td></tr>`,
  )}</tbody></table>
<p class="note">Histograms share their bins between the two sides and span the real data's 0.5–99.5% range: the outermost bins also hold the values beyond it, so no single customer's extreme value is drawn. Categories held by fewer than k real rows (the schema's privacy.minCount) are pooled without their names.</p>
${readingNote('The closer the synthetic bars follow the real bars, the better. Each score runs from 0 to 1: higher is better, 1 means the column looks the same in both.')}
<div class="grid">${panels}</div>
</section>`;
}
