/**
 * Anonymeter's SinglingOutEvaluator (Giomi et al., PoPETs 2023; metrics.md §2.3): can predicates
 * learnt from the synthetic data isolate exactly one real customer? The attacker builds queries
 * that single out one synthetic row; its success is the number of them that single out exactly one
 * training row, compared with the same queries on control (holdout) rows and with random queries.
 */
import type { PreparedTable } from '../../schema/prepare-table.js';
import type { RandomSource } from '../../stats/random.js';
import { attackFrame, dropDuplicateRows } from './attack-frame.js';
import { fitCorrectionModelLikeAnonymeter } from './curve-fit-correction.js';
import { type AttackEvaluation, evaluationResults } from './risk.js';
import {
  type CorrectionModel,
  fitCorrectionModel,
  measureQueriesSuccess,
} from './singling-out-correction.js';
import {
  countSinglingOut,
  multivariateQueries,
  randomQueries,
  type SinglingOutQuery,
  univariateQueries,
} from './singling-out-queries.js';

export interface SinglingOutOptions {
  /** The columns the attacker uses. */
  readonly columns: readonly string[];
  readonly random: RandomSource;
  /** Default 'multivariate'. */
  readonly mode?: 'univariate' | 'multivariate';
  /** Queries to build (default 500). Every rate divides by this, even when fewer could be built. */
  readonly nAttacks?: number;
  /** Columns per multivariate query (default 3). */
  readonly nColumns?: number;
  /** Cap on multivariate attempts (default 10,000,000, as Anonymeter). */
  readonly maxAttempts?: number;
  readonly confidenceLevel?: number;
}

/**
 * The attack's risk with doppel's control-size correction (global least squares over sizes from
 * n/10, singling-out-correction.ts), and beside it, under Anonymeter's name, the risk with
 * Anonymeter 1.0's own correction (curve_fit from its start over sizes from min(1000, n),
 * curve-fit-correction.ts). The attack, baseline and raw control counts are the same for both.
 */
export interface SinglingOutEvaluation extends AttackEvaluation {
  readonly mode: 'univariate' | 'multivariate';
  /** How many singling-out queries the attacker could build (at most nAttacks). */
  readonly queriesBuilt: number;
  /** f(|training|)/f(|control|), applied to the control count when the sizes differ; 1 otherwise. */
  readonly controlSizeCorrection: number;
  /** The Anonymeter-1.0-compatible evaluation (its correction of the control count). */
  readonly anonymeter: AttackEvaluation & { readonly controlSizeCorrection: number };
}

/** f(|training|)/f(|control|) for a fitted correction model; 1 when it cannot be evaluated. */
function correctionRatio(model: CorrectionModel, training: number, control: number): number {
  const atControl = model(control);
  const ratio = atControl > 0 ? model(training) / atControl : 1;
  return Number.isFinite(ratio) ? ratio : 1;
}

/**
 * Runs the singling-out attack. `training`, `synthetic` and `control` are deduplicated first.
 * @throws DoppelError `schema-mismatch` for a missing column.
 * @example singlingOut(train, syn, holdout, { columns, random: makeRandom(1) }).risk // { value: 0.01, ci: [0, 0.03] }
 */
export function singlingOut(
  training: PreparedTable,
  synthetic: PreparedTable,
  control: PreparedTable | null,
  options: SinglingOutOptions,
): SinglingOutEvaluation {
  const mode = options.mode ?? 'multivariate';
  const nAttacks = options.nAttacks ?? 500;
  const nColumns = mode === 'univariate' ? 1 : (options.nColumns ?? 3);
  const random = options.random;
  const ori = dropDuplicateRows(attackFrame(training, options.columns, 'training data'));
  const syn = dropDuplicateRows(attackFrame(synthetic, options.columns, 'synthetic data'));
  const ctl = control ? dropDuplicateRows(attackFrame(control, options.columns, 'control data')) : null;

  const queries: SinglingOutQuery[] =
    mode === 'univariate'
      ? univariateQueries(syn, nAttacks, random)
      : multivariateQueries(syn, nAttacks, nColumns, options.maxAttempts ?? 10_000_000, random);
  const nSuccess = countSinglingOut(queries, ori);
  const nBaseline = countSinglingOut(randomQueries(syn, nAttacks, nColumns, random), ori);
  let nControl: number | null = null;
  let correction = 1;
  let anonymeterCorrection = 1;
  if (ctl) {
    nControl = countSinglingOut(queries, ctl);
    if (ctl.rowCount !== ori.rowCount && nControl > 0) {
      const own = measureQueriesSuccess(ctl, queries, random);
      correction = correctionRatio(fitCorrectionModel(own.sizes, own.successes), ori.rowCount, ctl.rowCount);
      const theirs = measureQueriesSuccess(ctl, queries, random, 5, 10, 'anonymeter');
      anonymeterCorrection = correctionRatio(
        fitCorrectionModelLikeAnonymeter(theirs.sizes, theirs.successes),
        ori.rowCount,
        ctl.rowCount,
      );
    }
  }
  // An extrapolated count above the number of queries would be a control rate above 1.
  const corrected = (factor: number) => (nControl === null ? null : Math.min(nAttacks, nControl * factor));
  const controlCapped = nControl !== null && nControl * correction > nAttacks;
  const evaluate = (control: number | null) =>
    evaluationResults({
      nAttacks,
      nSuccess,
      nBaseline,
      nControl: control,
      confidenceLevel: options.confidenceLevel,
    });
  const results = evaluate(corrected(correction));
  const anonymeter = {
    ...evaluate(corrected(anonymeterCorrection)),
    controlSizeCorrection: anonymeterCorrection,
  };
  const warnings = [...results.warnings];
  if (controlCapped) {
    warnings.push(
      `the size-corrected control count exceeded the ${nAttacks} queries and was capped; the control table is too small for the correction`,
    );
  }
  if (queries.length < nAttacks) {
    warnings.push(
      `only ${queries.length} of ${nAttacks} singling-out queries could be built; the risk is then underestimated`,
    );
  }
  return {
    ...results,
    warnings,
    mode,
    queriesBuilt: queries.length,
    controlSizeCorrection: correction,
    anonymeter,
  };
}
