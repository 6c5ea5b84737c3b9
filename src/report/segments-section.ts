/** Segment fidelity: per sensitive or segment column, each group's share and score, flags first. */
import type { ValidationReport } from '../validate/validate.js';
import { count, fixed, percent } from './format.js';
import { html, type Markup, trusted } from './html.js';
import type { PlotDocument } from './plot-document.js';
import { readingNote } from './reading.js';
import { groupLabel, segmentScoresPlot, segmentSharesPlot } from './segment-plots.js';

export function segmentsSection(report: ValidationReport, document: PlotDocument): Markup {
  const { segments } = report;
  const { rule } = segments;
  if (segments.columns.length === 0) {
    return html`<section id="segments"><h2>Segments</h2><p class="note">No column of the schema is marked <code>sensitive</code> or <code>segment</code>.</p></section>`;
  }
  const blocks = segments.columns.map(
    (segment) => html`<div class="panel" style="margin-bottom:16px">
<h3>${segment.column} <span class="note">(${segment.roles.join(', ')})</span></h3>
<div class="two"><div>${trusted(segmentSharesPlot(segment, document))}</div><div>${trusted(segmentScoresPlot(segment, document))}</div></div>
<table><thead><tr><th>group</th><th class="num">real rows</th><th class="num">synthetic rows</th><th class="num">real share</th><th class="num">synthetic share</th><th class="num">column shapes</th><th class="num">expected</th><th>weakest column</th><th>fidelity</th></tr></thead><tbody>${segment.groups.map(
      (group) =>
        html`<tr><td>${groupLabel(group)}</td><td class="num">${count(group.realRows)}</td><td class="num">${count(group.syntheticRows)}</td><td class="num">${percent(group.realShare)}</td><td class="num">${percent(group.syntheticShare)}</td><td class="num">${fixed(group.columnShapes)}</td><td class="num">${fixed(group.expected)}</td><td>${
          group.weakestColumn === null ? '' : html`${group.weakestColumn} (${fixed(group.weakestScore, 3)})`
        }</td><td class="${group.flagged ? 'flag' : 'ok'}">${
          group.note === 'too-few-real-rows'
            ? html`<span class="note">not scored: fewer than ${rule.minRealRows} real rows</span>`
            : group.note === 'no-synthetic-rows'
              ? 'FLAGGED: no synthetic rows'
              : group.flagged
                ? 'FLAGGED: clearly below'
                : 'ok'
        }</td></tr>`,
    )}</tbody></table></div>`,
  );
  return html`<section id="segments">
<h2>Segments (fairness)</h2>
<p class="note">For every column marked sensitive or segment, each group's share of the rows and the column shapes score inside the group (over the other columns). “Expected” is what the whole table scores on random rows of the group's size, averaged over ${rule.draws} draws: small groups score lower by chance alone. A group is flagged when it falls more than max(${rule.minGap}, ${rule.noiseFactor} × the spread of those draws) below its expectation, or when the synthetic data has none of it. Groups and draws are scored on at most ${count(rule.rowsPerSide)} rows per side.</p>
${readingNote('Good when each group has the same share in both data sets and its score reaches the expected value; a flagged group is described worse by the synthetic data than the others, so conclusions about that group are less reliable.')}
${blocks}
</section>`;
}
