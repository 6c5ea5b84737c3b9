/**
 * The related-tables section of the HTML report: the multi-table quality, each relationship's
 * cardinality and validity, each child table's histories, customer groups, and the privacy of
 * whole histories. Aggregates only: names, counts and scores, never a row's values.
 */
import type { CoherenceRow } from '../validate/relational/coherence.js';
import type { RelationalValidationReport } from '../validate/relational/validate-relational.js';
import { count, fixed, percent } from './format.js';
import { html, type Markup, trusted } from './html.js';
import type { PlotDocument } from './plot-document.js';
import { childrenPerParentPlot, coherencePlot } from './relational-plots.js';
import { card, gateBlock } from './summary-section.js';

function coherenceRow(row: CoherenceRow): Markup {
  if (row.kind === 'categorical') {
    return html`<tr><td>${row.column}</td><td>same value as the previous event</td><td class="num">${fixed(row.realSameShare, 3)}</td><td class="num">${fixed(row.syntheticSameShare, 3)}</td><td class="num">${fixed(row.score, 3)}</td></tr>`;
  }
  return html`<tr><td>${row.column}</td><td>lag-1 correlation (mean change ${fixed(row.realMeanRelativeChange, 3)} real, ${fixed(row.syntheticMeanRelativeChange, 3)} synthetic)</td><td class="num">${fixed(row.realLag1, 3)}</td><td class="num">${fixed(row.syntheticLag1, 3)}</td><td class="num">${fixed(row.score, 3)}</td></tr>`;
}

function relationshipsBlock(report: RelationalValidationReport, document: PlotDocument): Markup {
  return html`<h3>Relationships</h3>
<p class="note">Relationship Validity ${percent(report.relationshipValidity)}: ReferentialIntegrity is the share of synthetic child rows whose key finds a synthetic parent; CardinalityBoundaryAdherence the share of synthetic parents with a number of children inside the real range. Cardinality shape is 1 − the KS statistic between the real and synthetic children-per-parent distributions; mean, median and std compare those statistics relative to the real range (SDMetrics' definitions).</p>
<table><thead><tr><th>relationship</th><th class="num">referential integrity</th><th class="num">cardinality bounds</th><th class="num">cardinality shape</th><th class="num">mean</th><th class="num">median</th><th class="num">std</th></tr></thead><tbody>${report.relationships.map(
    (r) =>
      html`<tr><td>${r.parentTable} → ${r.childTable} (${r.childForeignKey})</td><td class="num">${fixed(r.referentialIntegrity, 3)}</td><td class="num">${fixed(r.cardinalityBoundaryAdherence, 3)}</td><td class="num">${fixed(r.cardinalityShapeSimilarity, 3)}</td><td class="num">${fixed(r.cardinalityStatistics.mean.score, 3)}</td><td class="num">${fixed(r.cardinalityStatistics.median.score, 3)}</td><td class="num">${fixed(r.cardinalityStatistics.std.score, 3)}</td></tr>`,
  )}</tbody></table>
<div class="two">${report.relationships.map(
    (r) =>
      html`<div class="panel relationship-plot"><div class="meta">${r.childTable} per ${r.parentTable}: ${count(r.realParents)} real, ${count(r.syntheticParents)} synthetic parents</div>${trusted(childrenPerParentPlot(r, document))}</div>`,
  )}</div>`;
}

function sequencesBlock(report: RelationalValidationReport, document: PlotDocument): Markup {
  return html`${report.sequences.map((s) => {
    const events = s.eventsPerParent;
    return html`<h3>Histories: ${s.childTable} per ${s.parentTable}</h3>
<p class="note">Events ${s.orderColumn === null ? 'in the file’s order within each parent' : html`ordered by ${s.orderColumn}`}. Events per ${s.parentTable}: mean ${fixed(events.real.mean, 2)} real, ${fixed(events.synthetic.mean, 2)} synthetic; median ${fixed(events.real.median, 1)} / ${fixed(events.synthetic.median, 1)}; KS complement ${fixed(events.score, 3)}.${
      s.gaps
        ? html` Gaps between events (${s.gaps.unit}): median ${fixed(s.gaps.realMedian, 2)} real, ${fixed(s.gaps.syntheticMedian, 2)} synthetic; KS complement ${fixed(s.gaps.score, 3)}.`
        : ''
    } Consecutive-event coherence ${fixed(s.coherenceScore, 3)}: categories by ContingencySimilarity of (value, next value), numbers by CorrelationSimilarity of the lag-1 pairs.</p>
<div class="two"><div class="panel sequence-plot">${trusted(coherencePlot(s, document))}</div>
<div><table><thead><tr><th>column</th><th>measure</th><th class="num">real</th><th class="num">synthetic</th><th class="num">score</th></tr></thead><tbody>${s.coherence.map(coherenceRow)}</tbody></table></div></div>`;
  })}`;
}

function segmentsBlock(report: RelationalValidationReport): Markup {
  const rows = report.segments.flatMap((segment) =>
    segment.groups.flatMap((group) => group.histories.map((h) => ({ segment: segment.column, group, h }))),
  );
  if (rows.length === 0) return html``;
  return html`<h3>Customer groups</h3>
<p class="note">For each group of ${report.rootTable} (columns marked segment or sensitive, else every categorical column; groups of at least 20 real customers): events per customer and the share of repeated values. A group is flagged when its synthetic event counts differ from the real group's beyond the two-sample KS test's 5% critical value, or it has no synthetic customer.</p>
<table class="segment-table"><thead><tr><th>column</th><th>group</th><th>events of</th><th class="num">real share</th><th class="num">synthetic share</th><th class="num">mean events real</th><th class="num">synthetic</th><th class="num">KS complement</th><th>repeats (real / synthetic)</th><th>fidelity</th></tr></thead><tbody>${rows.map(
    ({ segment, group, h }) =>
      html`<tr><td>${segment}</td><td>${group.value}</td><td>${h.childTable}</td><td class="num">${percent(group.realShare)}</td><td class="num">${percent(group.syntheticShare)}</td><td class="num">${fixed(h.realMeanEvents, 2)}</td><td class="num">${fixed(h.syntheticMeanEvents, 2)}</td><td class="num">${fixed(h.eventsScore, 3)}</td><td>${h.persistence.map((p) => `${p.column} ${fixed(p.real, 2)} / ${fixed(p.synthetic, 2)}`).join('; ')}</td><td class="${h.flagged ? 'flag' : 'ok'}">${h.flagged ? 'FLAGGED' : 'ok'}</td></tr>`,
  )}</tbody></table>`;
}

function privacyBlock(report: RelationalValidationReport): Markup {
  const { privacy } = report;
  if (!privacy) {
    return html`<h3>Privacy of whole histories</h3><p class="note">Not measured: it needs a holdout of real customers the generator never saw.</p>`;
  }
  const p = privacy.privacy;
  const figure = (name: string, value: number | null | undefined, meaning: string) =>
    html`<tr><td>${name}</td><td class="num">${fixed(value ?? null, 3)}</td><td>${meaning}</td></tr>`;
  return html`<h3>Privacy of whole histories</h3>
<p class="note">One vector per ${privacy.rootTable} row: its own columns, then per child table the number of events and the mean or share of each event column (${count(privacy.vectorColumns.length)} columns). ${count(p.rows.synthetic)} synthetic customers against ${count(p.rows.training)} training and ${count(p.rows.holdout ?? 0)} holdout customers; fresh real customers (the holdout) are the baseline.</p>
<table class="privacy-table"><thead><tr><th>figure</th><th class="num">value</th><th>meaning</th></tr></thead><tbody>
${figure('DCR overfitting protection', p.figures.dcrOverfittingProtection, `share of synthetic customers not closer to training than to unseen customers (equal-size references); fresh real customers: ${fixed(privacy.freshDcrOverfittingProtection, 3)}`)}
${figure('DCR baseline protection', p.dcrBaselineProtection, `distance to real customers relative to random data (fresh real customers: ${fixed(p.holdoutDcrBaselineProtection, 3)})`)}
${figure('exact copies of training', p.exactMatchRate, `fresh real customers: ${fixed(p.holdoutExactMatchRate, 3)}`)}
${figure('singling out, univariate', p.figures.singlingOutRiskUnivariate, 'Anonymeter risk, the holdout as control')}
${figure('singling out, multivariate', p.figures.singlingOutRiskMultivariate, 'Anonymeter risk, the holdout as control')}
${figure('linkability', p.figures.linkabilityRisk, p.linkabilityColumns ? `linking ${p.linkabilityColumns[0].join(', ')} to ${p.linkabilityColumns[1].join(', ')}` : 'not applicable')}
${figure('inference (max)', p.figures.inferenceRiskMax, 'a sensitive customer column guessed from the quasi-identifiers')}
</tbody></table>`;
}

/** The whole related-tables section. O(relationships × bars + columns) plot marks. */
export function relationalSection(report: RelationalValidationReport, document: PlotDocument): Markup {
  const { quality } = report;
  return html`<section id="related-tables">
<h2>Related tables</h2>
${gateBlock(report.gate)}
<div class="cards">
${card(percent(quality.overall), 'overall multi-table quality (SDMetrics ≥ 0.27: related pairs only)')}
${card(percent(quality.overallAllPairs), 'overall, every pair counting (SDMetrics < 0.27, SDGym)')}
${card(percent(quality.columnShapes), 'column shapes of every table')}
${card(percent(quality.pairTrendsAllPairs), 'column pair trends within tables (every pair)')}
${card(percent(quality.cardinality), 'cardinality: children per parent')}
${card(percent(quality.intertableTrendsAllPairs), 'intertable trends: parent × child columns (every pair)')}
${card(percent(report.relationshipValidity), 'relationship validity: keys join, counts in range', (report.relationshipValidity ?? 0) < 1)}
${report.holdoutBaseline ? card(percent(report.holdoutBaseline.overallAllPairs), `the real holdout scored the same way (every pair): the ceiling; the synthetic data reaches ${fixed(report.figures['quality.ofHoldout'] ?? null, 3)} of it`) : ''}
</div>
<table class="compared"><tbody>${report.tables.map(
    (t) =>
      html`<tr><th>${t.table}${t.table === report.rootTable ? ' (customers)' : ''}</th><td>${count(t.realRows)} real rows, ${count(t.syntheticRows)} synthetic rows${t.holdoutRows === null ? '' : html`, ${count(t.holdoutRows)} holdout rows`}</td></tr>`,
  )}</tbody></table>
${relationshipsBlock(report, document)}
${sequencesBlock(report, document)}
${segmentsBlock(report)}
${privacyBlock(report)}
</section>`;
}
