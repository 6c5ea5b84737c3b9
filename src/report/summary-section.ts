/** The report's first screen: the verdict and headline scores, then what was compared. */
import type { ReleaseGate, ValidationReport } from '../validate/validate.js';
import { count, fixed, percent } from './format.js';
import { html, type Markup } from './html.js';
import { readingNote } from './reading.js';

/** A headline figure with what it means. */
export function card(value: string, label: string, flagged = false): Markup {
  return html`<div class="card"><div class="value${flagged ? ' flag' : ''}">${value}</div><div class="label">${label}</div></div>`;
}

/** The release gate's verdict and its checks, or nothing when no policy was applied. */
export function gateBlock(gate: ReleaseGate | undefined): Markup | null {
  if (!gate) return null;
  const failed = gate.checks.filter((check) => !check.passed);
  return html`<p><span class="gate ${gate.passed ? 'pass' : 'fail'}">${gate.passed ? 'PASS' : 'FAIL'}</span>
    release gate${gate.policy ? html` (policy ${gate.policy})` : ''}: ${count(gate.checks.length - failed.length)} of ${count(gate.checks.length)} checks passed${
      failed.length > 0 ? html`; failed: ${failed.map((check) => check.name).join(', ')}` : ''
    }</p>
  <table><thead><tr><th>check</th><th class="num">value</th><th>requirement</th><th>result</th></tr></thead><tbody>${gate.checks.map(
    (check) =>
      html`<tr><td>${check.name}</td><td class="num">${check.value === undefined ? '' : fixed(check.value)}</td><td>${check.requirement ?? ''}</td><td class="${check.passed ? 'ok' : 'flag'}">${check.passed ? 'pass' : 'fail'}</td></tr>`,
  )}</tbody></table>`;
}

function gateReading(report: ValidationReport): string {
  return report.gate
    ? ' Release gate: every check must pass; the table lists each rule of the policy with the value measured.'
    : '';
}

export function summarySection(report: ValidationReport): Markup {
  const { quality, utility, segments, rows, inputs } = report;
  const flaggedGroups = segments.flagged;
  const segmentGroups = segments.columns.reduce((sum, column) => sum + column.groups.length, 0);
  const utilityCard = utility
    ? card(
        utility.ratio === null ? 'n/a' : fixed(utility.ratio, 3),
        `utility for “${utility.target}”: ${utility.metric === 'accuracy' ? 'accuracy' : 'R²'} ${fixed(utility.trainOnSynthetic.score, 3)} trained on synthetic / ${fixed(utility.trainOnReal.score, 3)} on real`,
      )
    : null;
  const compared: [string, Markup | string][] = [
    [
      'real data',
      html`${inputs.real ?? '(given in memory)'} — ${count(rows.real)} rows used${
        rows.realDroppedByConsent > 0
          ? html` (${count(rows.realRead)} read, ${count(rows.realDroppedByConsent)} without consent left out)`
          : ''
      }`,
    ],
    ['synthetic data', html`${inputs.synthetic ?? '(given in memory)'} — ${count(rows.synthetic)} rows`],
  ];
  if (rows.holdout !== undefined) {
    compared.push([
      'real holdout',
      html`${inputs.holdout ?? '(given in memory)'} — ${count(rows.holdout)} rows`,
    ]);
  }
  compared.push(
    ['dataset schema', html`${report.dataset}${inputs.schema ? html` (${inputs.schema})` : ''}`],
    ['report made', html`${report.createdAt} by doppel ${report.doppelVersion}, seed ${report.seed}`],
  );
  return html`<section id="summary">
  ${gateBlock(report.gate)}
  <div class="cards">
    ${card(percent(quality.overall), `overall quality (SDMetrics ≥ 0.27: shapes + the ${quality.pairsMeetingThreshold} related pairs)`)}
    ${card(percent(quality.overallAllPairs), 'overall quality, every pair counting (SDMetrics < 0.27, SDGym)')}
    ${card(percent(quality.columnShapes), 'column shapes (KS / TV complement)')}
    ${card(percent(quality.pairTrends), `pair trends of related pairs (every pair: ${percent(quality.pairTrendsAllPairs)})`)}
    ${card(percent(quality.dataValidity.score), 'data validity (ranges, categories, keys)')}
    ${utilityCard}
    ${card(`${count(flaggedGroups)} / ${count(segmentGroups)}`, 'segment groups flagged for low fidelity', flaggedGroups > 0)}
  </div>
  ${readingNote(
    `Every percentage above runs from 0 to 100%: higher is better, and 100% means the synthetic data matches the real data on that measure. Utility: a ratio near 1 (or above) is good, well below 1 means models trained on synthetic data predict worse. Segment groups flagged: fewer is better, 0 is best.${gateReading(report)}`,
  )}
  <table class="compared"><tbody>${compared.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</tbody></table>
  ${
    quality.pairsSubsampled
      ? html`<p class="note">Pairs involving categories or bins were scored on a seeded random subsample of ${count(quality.subsampleRows ?? 0)} rows per side, as SDMetrics does.</p>`
      : ''
  }
</section>`;
}
