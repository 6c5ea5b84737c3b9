import type { AttackEvaluation } from './anonymeter/risk.js';
import type { PrivacyReport } from './privacy-report.js';

const f = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? 'n/a' : x.toFixed(digits);
const risk = (e: AttackEvaluation | null | undefined) =>
  e
    ? `${f(e.risk.value)} (95% CI ${f(e.risk.ci[0])}–${f(e.risk.ci[1])}; attack ${f(e.attackRate.rate)}, control ${f(e.controlRate?.rate)})`
    : 'n/a';

const freshRisk = (e: AttackEvaluation | null | undefined) =>
  e ? `; fresh real customers ${f(e.risk.value)}` : '';

/** The privacy section of the terminal summary: figures and what they mean, no data values. */
export function formatPrivacyReport(report: PrivacyReport): string {
  const { rows } = report;
  const o = report.dcrOverfittingProtection;
  const fresh = report.freshCustomers?.attacks;
  const lines = [
    `Privacy (re-identification risk; ${rows.synthetic} synthetic rows against ${rows.training} training and ${rows.holdout ?? 0} holdout rows)`,
    `  DCR overfitting protection   ${f(o?.equalSize.score)}   share of synthetic rows not closer to training than to unseen customers (equal-size references; SDMetrics raw ${f(o?.raw.score)})`,
    `  DCR baseline protection      ${f(report.dcrBaselineProtection)}   median distance to real rows relative to random data (fresh real customers: ${f(report.holdoutDcrBaselineProtection)})`,
    `  median DCR to training       ${f(report.medianDcrToTraining)}`,
    `  exact copies of training     ${f(report.exactMatchRate, 4)}   (fresh real customers: ${f(report.holdoutExactMatchRate, 4)})`,
    `  NewRowSynthesis              ${f(report.newRowSynthesis)}   (fresh real customers: ${f(report.holdoutNewRowSynthesis)})`,
    `  singling out, univariate     ${risk(report.singlingOut?.univariate)}${freshRisk(fresh?.singlingOut.univariate)}`,
    `  singling out, multivariate   ${risk(report.singlingOut?.multivariate)}${freshRisk(fresh?.singlingOut.multivariate)}`,
    `    (doppel's control-size correction, least squares; with Anonymeter 1.0's own correction: univariate ${risk(report.singlingOut?.univariate.anonymeter)}${freshRisk(fresh?.singlingOut.univariate.anonymeter)}; multivariate ${risk(report.singlingOut?.multivariate.anonymeter)}${freshRisk(fresh?.singlingOut.multivariate.anonymeter)})`,
    `  linkability                  ${risk(report.linkability)}${freshRisk(fresh?.linkability)}`,
  ];
  const choice = report.linkabilityChoice;
  if (report.linkabilityColumns) {
    const [a, b] = report.linkabilityColumns;
    lines.push(
      `    (linking ${a.join(', ')} to ${b.join(', ')}: ${choice.source} sets, which link ${f(100 * choice.copyLinked, 0)}% of a copy of the training rows)`,
    );
  } else if (choice.none !== null) {
    lines.push(`    (not applicable: ${choice.none})`);
  }
  for (const { secret, aux, evaluation } of report.inference) {
    const choice = report.inferenceAux.find((c) => c.secret === secret);
    const freshEvaluation = fresh?.inference.find((x) => x.secret === secret)?.evaluation;
    lines.push(`  inference of ${secret.padEnd(16)}${risk(evaluation)}${freshRisk(freshEvaluation)}`);
    lines.push(
      `    (knowing ${aux.join(', ')}: ${choice?.source}, which reveal ${f(100 * (choice?.copyInferred ?? 0), 0)}% of the secrets in a copy of the training rows)`,
    );
  }
  for (const choice of report.inferenceAux) {
    if (choice.columns === null)
      lines.push(
        `  inference of ${choice.secret.padEnd(16)}n/a (no set of columns reveals it from a copy of the training rows; at best ${f(100 * choice.copyInferred, 0)}%)`,
      );
  }
  if (report.identity) {
    const id = report.identity;
    lines.push(
      `  quasi-identifiers ${report.quasiIdentifiers.join(', ')}: k-anonymity real ${id.realK}, synthetic ${id.syntheticK}; ` +
        `${f(100 * id.realUniqueShare, 1)}% of real customers unique, ${f(100 * id.replicatedUniques, 2)}% replicated as uniques`,
    );
  }
  return lines.join('\n');
}
