/**
 * The three Anonymeter attacks (singling out, linkability, inference) against one "synthetic"
 * table with a control table of unseen customers. The privacy report runs them twice: on the
 * synthetic data with the holdout as control, and on fresh real customers (half the holdout scored
 * as if synthetic, the other half as control), which says what an honest generator can expect.
 */
import type { PreparedTable } from '../schema/prepare-table.js';
import type { RandomSource } from '../stats/random.js';
import { inference } from './anonymeter/inference.js';
import { linkability, linkabilityResults } from './anonymeter/linkability.js';
import type { AttackEvaluation } from './anonymeter/risk.js';
import { type SinglingOutEvaluation, singlingOut } from './anonymeter/singling-out.js';
import type { AuxChoice } from './inference-aux.js';

export interface AttackPlan {
  /** The compared columns (singling out uses them all). */
  readonly columns: readonly string[];
  readonly linkSets: readonly [readonly string[], readonly string[]] | null;
  /** One entry per secret with the aux columns that reveal it from a copy (others are skipped). */
  readonly inferenceAux: readonly AuxChoice[];
  /** Requested attacks per evaluation (capped by the training and control rows). */
  readonly attacks: number;
}

export interface AttackResults {
  readonly singlingOut: {
    readonly univariate: SinglingOutEvaluation;
    readonly multivariate: SinglingOutEvaluation;
  };
  readonly linkability: AttackEvaluation | null;
  readonly inference: readonly {
    readonly secret: string;
    readonly aux: readonly string[];
    readonly evaluation: AttackEvaluation;
  }[];
}

/**
 * Runs every attack of the plan; `random(i)` gives the i-th independent stream.
 * @throws DoppelError `schema-mismatch` for a column the tables lack.
 */
export function runAttacks(
  training: PreparedTable,
  synthetic: PreparedTable,
  control: PreparedTable,
  plan: AttackPlan,
  random: (stream: number) => RandomSource,
): AttackResults {
  // Linkability and inference draw their targets without replacement from training and from the
  // control, so a small control caps the number of attacks (every rate divides by it).
  const nAttacks = Math.min(plan.attacks, training.rowCount, control.rowCount);
  const singling = (mode: 'univariate' | 'multivariate', stream: number) =>
    singlingOut(training, synthetic, control, {
      columns: plan.columns,
      random: random(stream),
      mode,
      nAttacks,
    });
  return {
    singlingOut: { univariate: singling('univariate', 0), multivariate: singling('multivariate', 1) },
    linkability: plan.linkSets
      ? linkabilityResults(
          linkability(training, synthetic, control, {
            auxColumns: plan.linkSets,
            random: random(2),
            nAttacks,
          }),
        )
      : null,
    inference: plan.inferenceAux.flatMap((choice, i) =>
      choice.columns === null
        ? []
        : [
            {
              secret: choice.secret,
              aux: choice.columns,
              evaluation: inference(training, synthetic, control, {
                auxColumns: choice.columns,
                secret: choice.secret,
                random: random(10 + i),
                nAttacks,
              }),
            },
          ],
    ),
  };
}

/** The highest inference risk, or null without any inference attack. */
export function inferenceRiskMax(results: AttackResults): number | null {
  return results.inference.length > 0
    ? Math.max(...results.inference.map((x) => x.evaluation.risk.value))
    : null;
}
