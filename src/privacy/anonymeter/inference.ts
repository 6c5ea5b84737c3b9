/**
 * Anonymeter's InferenceEvaluator (metrics.md §2.5): knowing some columns of a real customer (aux),
 * the attacker guesses a secret column as the secret of the nearest synthetic row (§2.2 distance on
 * the aux columns). Baseline: the secret of a random synthetic row. Control: the same attack on
 * holdout targets. Ties: when several synthetic rows are nearest, the guess is scored by the share
 * of them whose secret would be a correct guess (its expected success over a uniform draw among
 * them), so the figure does not depend on the synthetic rows' order (see nearestTies).
 */
import { type PreparedColumn, type PreparedTable, selectRows } from '../../schema/prepare-table.js';
import type { RandomSource } from '../../stats/random.js';
import { sampleWithoutReplacement, sampleWithReplacement } from '../../stats/random-rows.js';
import { columnByName, isNumericKind } from '../table-columns.js';
import { encodeGower, nearestTies } from './gower.js';
import { type AttackEvaluation, evaluationResults } from './risk.js';

export interface InferenceOptions {
  /** Columns the attacker knows. */
  readonly auxColumns: readonly string[];
  /** The column it tries to learn. */
  readonly secret: string;
  readonly random: RandomSource;
  /** Numeric secret (relative tolerance) or not (exact); default: by the column's kind. */
  readonly regression?: boolean;
  /** Default 500. */
  readonly nAttacks?: number;
  /** Relative tolerance of a correct numeric guess (default 0.05). */
  readonly tolerance?: number;
  readonly confidenceLevel?: number;
}

export interface InferenceEvaluation extends AttackEvaluation {
  readonly secret: string;
  readonly regression: boolean;
}

type Secret = number | string | null;

function isMissing(x: Secret): boolean {
  return x === null || (typeof x === 'number' && Number.isNaN(x));
}

/**
 * Anonymeter's `evaluate_inference_guesses`: a guess is correct when both are missing, or
 * (classification) equal, or (regression) |g − s| / (g + 1e-12) <= tolerance. The denominator is
 * the guess itself, so a negative guess always counts as correct (Anonymeter's quirk, kept).
 * @example inferenceGuessesCorrect([1.0, 1.0], [1.05, 1.06], true, 0.05) // [true, false]
 */
export function inferenceGuessesCorrect(
  guesses: readonly Secret[],
  secrets: readonly Secret[],
  regression: boolean,
  tolerance = 0.05,
): boolean[] {
  return guesses.map((g, i) => {
    const s = secrets[i]!;
    if (isMissing(g) && isMissing(s)) return true;
    if (regression) {
      if (typeof g !== 'number' || typeof s !== 'number') return false;
      return Math.abs(g - s) / (g + 1e-12) <= tolerance;
    }
    return g === s;
  });
}

function cell(column: PreparedColumn, row: number): Secret {
  return column.type === 'number' ? column.values[row]! : (column.values[row] ?? null);
}

/**
 * Runs the inference attack on one secret column.
 * @throws DoppelError `schema-mismatch` for a missing column; RangeError for more attacks than rows.
 * @example inference(train, syn, holdout, { auxColumns: ['age', 'zip'], secret: 'income', random }).risk
 */
export function inference(
  training: PreparedTable,
  synthetic: PreparedTable,
  control: PreparedTable | null,
  options: InferenceOptions,
): InferenceEvaluation {
  const nAttacks = options.nAttacks ?? 500;
  if (nAttacks > training.rowCount || (control && nAttacks > control.rowCount)) {
    throw new RangeError(`cannot attack ${nAttacks} targets: fewer training or control rows`);
  }
  const secretColumn = columnByName(training, options.secret, 'training data');
  const regression = options.regression ?? isNumericKind(secretColumn.spec.kind);
  const synSecret = columnByName(synthetic, options.secret, 'synthetic data');
  const { random } = options;

  const attack = (targets: PreparedTable, naive: boolean): number => {
    const picked = selectRows(targets, sampleWithoutReplacement(random, targets.rowCount, nAttacks));
    const truth = columnByName(picked, options.secret, 'target data');
    const secrets = Array.from({ length: nAttacks }, (_, i) => cell(truth, i));
    if (naive) {
      // pandas' syn.sample(n) needs n <= rows; with fewer synthetic rows, draw with replacement.
      const guessRows =
        nAttacks <= synthetic.rowCount
          ? sampleWithoutReplacement(random, synthetic.rowCount, nAttacks)
          : sampleWithReplacement(random, synthetic.rowCount, nAttacks);
      const guesses = Array.from(guessRows, (row) => cell(synSecret, row));
      return inferenceGuessesCorrect(guesses, secrets, regression, options.tolerance).filter(Boolean).length;
    }
    const encoded = encodeGower(synthetic, picked, options.auxColumns);
    const { offsets, indices } = nearestTies(encoded.queries, encoded.candidates);
    const guesses = Array.from(indices, (row) => cell(synSecret, row));
    const tiedSecrets = new Array<Secret>(indices.length);
    for (let t = 0; t < nAttacks; t++) tiedSecrets.fill(secrets[t]!, offsets[t]!, offsets[t + 1]!);
    const correct = inferenceGuessesCorrect(guesses, tiedSecrets, regression, options.tolerance);
    let expected = 0;
    for (let t = 0; t < nAttacks; t++) {
      let right = 0;
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) if (correct[i]) right++;
      expected += right / (offsets[t + 1]! - offsets[t]!);
    }
    return expected;
  };

  const nBaseline = attack(training, true);
  const nSuccess = attack(training, false);
  const nControl = control ? attack(control, false) : null;
  return {
    ...evaluationResults({
      nAttacks,
      nSuccess,
      nBaseline,
      nControl,
      confidenceLevel: options.confidenceLevel,
    }),
    secret: options.secret,
    regression,
  };
}
