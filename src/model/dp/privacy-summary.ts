import type { Model } from '../model-format.js';
import type { RelationalModel } from '../relational/relational-model-format.js';

/** The privacy budget a model's fit spent, as its ledger composes. */
export interface SpentBudget {
  readonly epsilon: number;
  readonly delta: number;
  /** The zCDP ρ the mechanisms spent (zCDP accounting), else null. */
  readonly rho: number | null;
  readonly accounting: 'pure' | 'zcdp';
  /** How many releases the ledger lists. */
  readonly releases: number;
}

/**
 * The budget a differentially private model spent, or null for a model fitted without
 * differential privacy. For the fit summary, the release manifest and anyone deciding whether a
 * model may be shared.
 * @example privacyBudgetSpent(fit(table, schema, { epsilon: 1 }))
 * // { epsilon: 1, delta: 1e-9, rho: 0.0144…, accounting: 'zcdp', releases: 45 }
 */
export function privacyBudgetSpent(
  model: Pick<Model, 'privacy'> | Pick<RelationalModel, 'privacy'>,
): SpentBudget | null {
  const { privacy } = model;
  if (!privacy.differentialPrivacy) return null;
  return { ...privacy.spent, accounting: privacy.accounting, releases: privacy.ledger.length };
}

/**
 * One line on the model's privacy, in words.
 * @example formatPrivacyBudget(model)
 * // 'differential privacy: (ε = 1, δ = 1e-9) spent by 45 releases (zCDP ρ = 0.014408, add/remove one row)'
 */
export function formatPrivacyBudget(model: Model): string {
  const spent = privacyBudgetSpent(model);
  if (spent === null) return 'differential privacy: none (fitted without --epsilon)';
  const accounting = spent.rho === null ? 'pure ε-DP' : `zCDP ρ = ${Number(spent.rho.toPrecision(5))}`;
  return `differential privacy: (ε = ${round(spent.epsilon)}, δ = ${round(spent.delta)}) spent by ${spent.releases} releases (${accounting}, add/remove one row)`;
}

/** 6 significant digits: sums and bisections leave the last bits of the requested values ragged. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
