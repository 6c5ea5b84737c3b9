/** The privacy section: distance tests, attacks, identity disclosure and the policy's rules. */
import type { AttackEvaluation } from '../privacy/anonymeter/risk.js';
import type { PrivacyReport } from '../privacy/privacy-report.js';
import type { ValidationReport } from '../validate/validate.js';
import type { ReleaseValidationReport } from '../validate/validate-release.js';
import { count, fixed } from './format.js';
import { html, type Markup } from './html.js';

function attackRow(
  name: string,
  evaluation: AttackEvaluation | null | undefined,
  fresh: AttackEvaluation | null | undefined,
): Markup {
  if (!evaluation) return html`<tr><th>${name}</th><td colspan="5">not computed</td></tr>`;
  return html`<tr><th>${name}</th><td>${fixed(evaluation.risk.value)}</td><td>${fixed(evaluation.risk.ci[0])}–${fixed(evaluation.risk.ci[1])}</td><td>${fixed(evaluation.attackRate.rate)}</td><td>${fixed(evaluation.controlRate?.rate ?? null)}</td><td>${fixed(fresh?.risk.value ?? null)}</td></tr>`;
}

export function privacySection(report: ValidationReport): Markup {
  const { privacy, policy } = report as Partial<ReleaseValidationReport>;
  if (!privacy) {
    return html`<section id="privacy"><h2>Privacy</h2><p class="note">No privacy tests: they need real customers the model never saw. Pass them with <code>--holdout</code> (see <code>doppel split</code>).</p></section>`;
  }
  const o = privacy.dcrOverfittingProtection;
  const fresh = privacy.freshCustomers?.attacks;
  const rules = policy
    ? html`<h3>Release policy “${policy.policy}”: ${policy.passed ? 'passed' : 'FAILED'}</h3>
<table><thead><tr><th>figure</th><th>value</th><th>needs</th><th></th></tr></thead><tbody>
${policy.rules.map(
  (r) =>
    html`<tr><td>${r.figure}</td><td>${fixed(r.value)}</td><td>${[r.min === null ? null : `≥ ${r.min}`, r.max === null ? null : `≤ ${r.max}`].filter(Boolean).join(' and ')}</td><td>${r.notApplicable === null ? (r.passed ? 'pass' : 'FAIL') : `n/a: ${r.notApplicable}`}</td></tr>`,
)}
</tbody></table>`
    : '';
  return html`<section id="privacy">
<h2>Privacy: can anyone be found in this data?</h2>
<p>${count(privacy.rows.synthetic)} synthetic rows against ${count(privacy.rows.training)} training rows and ${count(privacy.rows.holdout ?? 0)} holdout rows (real customers the model never saw).</p>
<table><tbody>
<tr><th>DCR overfitting protection</th><td>${fixed(o?.equalSize.score ?? null)} (equal-size references; SDMetrics raw ${fixed(o?.raw.score ?? null)})</td></tr>
<tr><th>DCR baseline protection</th><td>${fixed(privacy.dcrBaselineProtection)} (fresh real customers: ${fixed(privacy.holdoutDcrBaselineProtection)})</td></tr>
<tr><th>median distance to closest training record</th><td>${fixed(privacy.medianDcrToTraining)}</td></tr>
<tr><th>exact copies of training rows</th><td>${fixed(privacy.exactMatchRate, 4)} (fresh real customers: ${fixed(privacy.holdoutExactMatchRate, 4)})</td></tr>
<tr><th>NewRowSynthesis</th><td>${fixed(privacy.newRowSynthesis)} (fresh real customers: ${fixed(privacy.holdoutNewRowSynthesis)})</td></tr>
${privacy.identity ? html`<tr><th>quasi-identifiers (${privacy.quasiIdentifiers.join(', ')})</th><td>k-anonymity real ${privacy.identity.realK}, synthetic ${privacy.identity.syntheticK}; replicated uniques ${fixed(privacy.identity.replicatedUniques, 4)}</td></tr>` : ''}
</tbody></table>
<h3>Attacks (Anonymeter; residual risk against the holdout as control, 95% interval)</h3>
<table><thead><tr><th>attack</th><th>risk</th><th>95% interval</th><th>attack rate</th><th>control rate</th><th>risk for fresh real customers (half the holdout as if synthetic)</th></tr></thead><tbody>
${attackRow('singling out, univariate', privacy.singlingOut?.univariate, fresh?.singlingOut.univariate)}
${attackRow('singling out, multivariate', privacy.singlingOut?.multivariate, fresh?.singlingOut.multivariate)}
${attackRow('Anonymeter 1.0 singling out, univariate (its own control-size correction)', privacy.singlingOut?.univariate.anonymeter, fresh?.singlingOut.univariate.anonymeter)}
${attackRow('Anonymeter 1.0 singling out, multivariate (its own control-size correction)', privacy.singlingOut?.multivariate.anonymeter, fresh?.singlingOut.multivariate.anonymeter)}
${attackRow(linkabilityLabel(privacy), privacy.linkability, fresh?.linkability)}
${privacy.inference.map(({ secret, aux, evaluation }) =>
  attackRow(
    `inference of ${secret} (knowing ${aux.join(', ')})`,
    evaluation,
    fresh?.inference.find((x) => x.secret === secret)?.evaluation,
  ),
)}
</tbody></table>
${rules}
</section>`;
}

/** Names the two column sets the linkability attacker joins, and how much of a copy of the training rows they link. */
function linkabilityLabel(privacy: PrivacyReport): string {
  const sets = privacy.linkabilityColumns;
  const choice = privacy.linkabilityChoice;
  if (!sets) return choice.none === null ? 'linkability' : `linkability (not applicable: ${choice.none})`;
  return `linkability (${sets[0].join(', ')} ↔ ${sets[1].join(', ')}; they link ${(100 * choice.copyLinked).toFixed(0)}% of a copy of the training rows)`;
}
