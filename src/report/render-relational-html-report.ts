/**
 * A relational validation report as one self-contained HTML page, in the style and under the same
 * Content Security Policy as the single-table report (inline CSS and SVG, no script, no network).
 */
import type { RelationalValidationReport } from '../validate/relational/validate-relational.js';
import { html, trusted } from './html.js';
import { makePlotDocument } from './plot-document.js';
import { relationalSection } from './relational-section.js';
import { REPORT_CSS } from './report-style.js';

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * Renders the page: the related-tables section and the report's provenance.
 * @example renderRelationalHtmlReport(await validateRelational(real, synthetic)).startsWith('<!doctype html>') // true
 */
export function renderRelationalHtmlReport(report: RelationalValidationReport): string {
  const title = `doppel validation: ${report.dataset} with related tables`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="doppel ${report.doppelVersion}">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
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
