/** The privacy section: distance tests, attacks, identity disclosure and the policy's rules. */
import type { AttackEvaluation } from '../privacy/anonymeter/risk.js';
import type { PrivacyReport } from '../privacy/privacy-report.js';
import type { ValidationReport } from '../validate/validate.js';
import type { ReleaseValidationReport } from '../validate/validate-release.js';
import { count, fixed } from './format.js';
import { html, type Markup } from './html.js';
import { readingNote } from './reading.js';

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
  // The policy's rules are listed once, with the release gate at the top of the report.
  const rules = policy
    ? html`<p><strong>Release policy “${policy.policy}”: ${policy.passed ? 'passed' : 'FAILED'}.</strong> Its rules and the values measured are listed with the release gate at the <a href="#summary">top of the report</a>.</p>`
    : '';
  const identity = privacy.identity;
  return html`<section id="privacy">
<h2>Privacy: can anyone be found in this data?</h2>
<p>${count(privacy.rows.synthetic)} synthetic rows against ${count(privacy.rows.training)} training rows and ${count(privacy.rows.holdout ?? 0)} holdout rows (real customers the model never saw).</p>
${readingNote('Each figure says in its last column which way is good. “Fresh real customers” is the same figure for real customers the model never saw, scored as if they were synthetic: synthetic data that does no worse than them reveals no more about the training customers than any new customer would.')}
<table><thead><tr><th>figure</th><th>value</th><th>good when</th></tr></thead><tbody>
<tr><th>DCR overfitting protection</th><td>${fixed(o?.equalSize.score ?? null)} (equal-size references; SDMetrics raw ${fixed(o?.raw.score ?? null)})</td><td>higher: 1 means synthetic rows are no closer to the training customers than to customers the model never saw</td></tr>
<tr><th>DCR baseline protection</th><td>${fixed(privacy.dcrBaselineProtection)} (fresh real customers: ${fixed(privacy.holdoutDcrBaselineProtection)})</td><td>higher: synthetic rows keep their distance from the real ones</td></tr>
<tr><th>median distance to closest training record</th><td>${fixed(privacy.medianDcrToTraining)}</td><td>higher: a typical synthetic row is further from any real customer</td></tr>
<tr><th>exact copies of training rows</th><td>${fixed(privacy.exactMatchRate, 4)} (fresh real customers: ${fixed(privacy.holdoutExactMatchRate, 4)})</td><td>lower: 0 means no real row was copied; no higher than for fresh real customers</td></tr>
<tr><th>NewRowSynthesis</th><td>${fixed(privacy.newRowSynthesis)} (fresh real customers: ${fixed(privacy.holdoutNewRowSynthesis)})</td><td>higher: 1 means every synthetic row is new</td></tr>
${
  identity
    ? html`<tr><th>quasi-identifiers (${privacy.quasiIdentifiers.join(', ')})</th><td>k-anonymity real ${identity.realK}, synthetic ${identity.syntheticK}; replicated uniques ${fixed(identity.replicatedUniques, 4)}</td><td>k is the size of the smallest group of rows sharing the same values of these columns: ${kMeaning(identity.realK, 'real')} Synthetic k: higher is safer. Replicated uniques (real customers unique on these columns whose combination reappears in the synthetic data): lower is better, 0 is best.</td></tr>`
    : ''
}
</tbody></table>
<h3>Attacks (Anonymeter; residual risk against the holdout as control, 95% interval)</h3>
${readingNote('Risk runs from 0 to 1: lower is better. 0 means an attacker holding the synthetic data does no better against the training customers than against customers the model never saw; the attack and control rates are the attacker’s success on each.')}
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

/** What a k-anonymity figure means, in words. */
function kMeaning(k: number, side: string): string {
  return k <= 1
    ? `${side} k ${k} means at least one ${side} customer is the only one with their combination, so these columns alone could identify them (which is why the real table is not shared).`
    : `${side} k ${k} means every combination is shared by at least ${k} ${side} customers.`;
}

/** Names the two column sets the linkability attacker joins, and how much of a copy of the training rows they link. */
function linkabilityLabel(privacy: PrivacyReport): string {
  const sets = privacy.linkabilityColumns;
  const choice = privacy.linkabilityChoice;
  if (!sets) return choice.none === null ? 'linkability' : `linkability (not applicable: ${choice.none})`;
  return `linkability (${sets[0].join(', ')} ↔ ${sets[1].join(', ')}; they link ${(100 * choice.copyLinked).toFixed(0)}% of a copy of the training rows)`;
}
