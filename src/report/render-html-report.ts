/**
 * The validation report as one self-contained HTML file: inline CSS and inline SVG plots drawn
 * server-side with Observable Plot, no scripts, no fonts or images to fetch (a Content Security
 * Policy forbids any), every value from the data escaped.
 */
import type { ValidationReport } from '../validate/validate.js';
import { columnsSection } from './columns-section.js';
import { epsilonSection } from './epsilon-section.js';
import { html } from './html.js';
import { pageHead } from './page-head.js';
import { pairsSection } from './pairs-section.js';
import { makePlotDocument } from './plot-document.js';
import { privacySection } from './privacy-section.js';
import { rulesSection } from './rules-section.js';
import { segmentsSection } from './segments-section.js';
import { summarySection } from './summary-section.js';
import { utilitySection } from './utility-section.js';

export interface HtmlReportOptions {
  /** The page title (default: `doppel validation: <dataset>`). */
  readonly title?: string;
}

/**
 * Renders a validation report as a standalone HTML page: the summary first (release gate when the
 * report has one, headline scores, what was compared, row counts, dates), then per-column
 * real-vs-synthetic plots, association heatmaps (real, synthetic, difference) with the pair table,
 * utility, and segments. The numbers are the report's own, so `--json` carries the same.
 * O(columns² + bins) plot marks.
 * @example renderHtmlReport(validate(real, synthetic, schema)).startsWith('<!doctype html>') // true
 */
export function renderHtmlReport(report: ValidationReport, options: HtmlReportOptions = {}): string {
  const document = makePlotDocument();
  const title = options.title ?? `doppel validation: ${report.dataset}`;
  const page = html`<!doctype html>
<html lang="en">
${pageHead(title, report.doppelVersion)}
<body>
<main>
<header>
<h1>${title}</h1>
<p class="lead">How faithful the synthetic data is to the real data, column by column, pair by pair, for prediction and for every group of customers. Scores run from 0 to 100%; 100% means the synthetic data looks like the real data.</p>
<nav><a href="#summary">Summary</a><a href="#columns">Columns</a><a href="#pairs">Column pairs</a><a href="#utility">Utility</a><a href="#segments">Segments</a><a href="#privacy">Privacy</a>${report.epsilonSweep ? html`<a href="#epsilon">Privacy budget</a>` : ''}</nav>
</header>
${summarySection(report)}
${columnsSection(report, document)}
${pairsSection(report, document)}
${utilitySection(report, document)}
${segmentsSection(report, document)}
${rulesSection(report) ?? ''}
${privacySection(report)}
${epsilonSection(report.epsilonSweep, document)}
<footer>Metrics as defined by SDMetrics (QualityReport, KSComplement, TVComplement, CorrelationSimilarity, ContingencySimilarity). The same numbers are in the JSON report (<code>doppel validate --json</code>). This page holds aggregates only, never a real customer's row.</footer>
</main>
</body>
</html>
`;
  return page.html;
}
