/**
 * A relational validation report as one self-contained HTML page, in the style and under the same
 * Content Security Policy as the single-table report (inline CSS and SVG, no script, no network).
 */
import type { RelationalValidationReport } from '../validate/relational/validate-relational.js';
import { html } from './html.js';
import { pageHead } from './page-head.js';
import { makePlotDocument } from './plot-document.js';
import { relationalSection } from './relational-section.js';

/**
 * Renders the page: the related-tables section and the report's provenance.
 * @example renderRelationalHtmlReport(await validateRelational(real, synthetic)).startsWith('<!doctype html>') // true
 */
export function renderRelationalHtmlReport(report: RelationalValidationReport): string {
  const title = `doppel validation: ${report.dataset} with related tables`;
  return html`<!doctype html>
<html lang="en">
${pageHead(title, report.doppelVersion)}
<body>
<main>
<header>
<h1>${title}</h1>
<p class="lead">How faithful the synthetic customers and their histories are to the real ones: every table, every relationship, every history, and how far each synthetic customer sits from the real ones. Scores run from 0 to 100%.</p>
<p class="note">Report made ${report.createdAt} by doppel ${report.doppelVersion}, seed ${report.seed}.</p>
</header>
${relationalSection(report, makePlotDocument())}
<footer>Metrics as defined by SDMetrics (multi-table QualityReport, CardinalityShapeSimilarity, CardinalityStatisticSimilarity, ReferentialIntegrity, CardinalityBoundaryAdherence) and Anonymeter. The same numbers are in the JSON report. This page holds aggregates only, never a real customer's row.</footer>
</main>
</body>
</html>
`.html;
}
