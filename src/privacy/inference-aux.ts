/**
 * Which columns the inference attacker knows when it guesses a sensitive column. The schema's
 * quasi-identifiers first; but when they are too coarse to tell customers apart (age and marital
 * status), the nearest synthetic row is one of hundreds of look-alikes, and even a verbatim copy
 * of the training rows gives the secret away to nobody, so a gate rule could never fail. The aux
 * columns are then widened until a copy of the training rows does reveal the secret, and the
 * report says which columns were used and how much of a copy they reveal, or that none do.
 */
import type { PreparedTable } from '../schema/prepare-table.js';
import { counts, rowKeys } from './link-sets.js';

/** Aux columns count as revealing when a copy of the training rows gives away at least this much (copyInferredShare). */
export const COPY_INFERRED_MIN = 0.5;

export type AuxSource =
  | 'quasi-identifiers'
  | 'quasi-identifiers and other non-sensitive columns'
  | 'all other columns';

export interface AuxChoice {
  readonly secret: string;
  /** The columns the attacker knows; null when none reveal the secret from a copy. */
  readonly columns: readonly string[] | null;
  readonly source: AuxSource | null;
  /**
   * How much of the secret a copy of the training rows reveals with these columns beyond a guess
   * from the secret's distribution, 0-1 (the best tried when none qualifies; see copyInferredShare).
   */
  readonly copyInferred: number;
}

/**
 * How much of the secret a copy of the training rows gives away beyond a guess from its
 * distribution, as a residual like the attack's own: (a − p) / (1 − p), where a is the share of
 * training rows whose secret the attack guesses exactly when the synthetic data is the training
 * data itself (a row's nearest rows on the aux columns are then its duplicates there, and a draw
 * among them is right with the share of them holding its secret) and p = Σ (n_v / n)² is the
 * chance that a random row's secret matches (a yes/no secret held 73:27 gives 0.61 away to anyone).
 * Exact equality makes a a lower bound for numeric secrets (the attack allows 5% tolerance).
 * O(n·|aux|).
 * @example copyInferredShare(train, ['age', 'income', 'debt'], 'churn') // 0.97
 */
export function copyInferredShare(training: PreparedTable, aux: readonly string[], secret: string): number {
  const n = training.rowCount;
  if (n === 0) return 0;
  const auxKeys = rowKeys(training, aux);
  const secretKeys = rowKeys(training, [secret]);
  const both = auxKeys.map((key, r) => `${key}\u0002${secretKeys[r]}`);
  const [nAux, nBoth] = [counts(auxKeys), counts(both)];
  let inferred = 0;
  for (let r = 0; r < n; r++) inferred += nBoth.get(both[r]!)! / nAux.get(auxKeys[r]!)!;
  let prior = 0;
  for (const count of counts(secretKeys).values()) prior += (count / n) ** 2;
  return prior >= 1 ? 0 : Math.max(0, (inferred / n - prior) / (1 - prior));
}

/**
 * For one sensitive column, the first of (1) the quasi-identifiers, (2) those and every other
 * non-sensitive compared column, (3) every other compared column, with which a copy of the
 * training rows reveals at least {@link COPY_INFERRED_MIN} of the secrets; none when no set does.
 * @example chooseInferenceAux(train, columns, ['age', 'marital'], ['income', 'debt'], 'income').source
 * // 'quasi-identifiers and other non-sensitive columns'
 */
export function chooseInferenceAux(
  training: PreparedTable,
  columns: readonly string[],
  quasiIdentifiers: readonly string[],
  sensitive: readonly string[],
  secret: string,
): AuxChoice {
  const others = columns.filter((name) => name !== secret);
  const qis = quasiIdentifiers.filter((name) => others.includes(name));
  const nonSensitive = others.filter((name) => qis.includes(name) || !sensitive.includes(name));
  const candidates: [AuxSource, readonly string[]][] = [
    ['quasi-identifiers', qis],
    [
      'quasi-identifiers and other non-sensitive columns',
      [...qis, ...nonSensitive.filter((n) => !qis.includes(n))],
    ],
    ['all other columns', others],
  ];
  let best = 0;
  for (const [source, aux] of candidates) {
    if (aux.length === 0) continue;
    const copyInferred = copyInferredShare(training, aux, secret);
    if (copyInferred >= COPY_INFERRED_MIN) return { secret, columns: aux, source, copyInferred };
    best = Math.max(best, copyInferred);
  }
  return { secret, columns: null, source: null, copyInferred: best };
}
