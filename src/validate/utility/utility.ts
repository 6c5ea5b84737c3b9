/**
 * Machine-learning utility ("train on synthetic, test on real", TSTR): is the synthetic data as good
 * as the real data for learning to predict a target column? The same model is trained once on real
 * rows and once on as many synthetic rows, and both are scored on the same real test rows that
 * neither saw (SDMetrics' ML-efficacy metrics, with the train-on-real score beside them as the
 * ceiling).
 */
import { DoppelError } from '../../errors.js';
import type { RandomSource } from '../../stats/random.js';
import { jsonNumber } from '../json-number.js';
import type { MetricColumn } from '../metric-column.js';
import { sampleRowIndices } from '../subsample.js';
import { type FeatureEncoder, makeFeatureEncoder } from './feature-encoder.js';
import { trainLinearRegressor } from './linear-regressor.js';
import { LOGISTIC_STEPS, trainLogisticClassifier } from './logistic-classifier.js';
import { accuracy, macroF1, meanAbsoluteError, rSquared } from './prediction-scores.js';

export interface UtilityOptions {
  /** The column to predict (schema `target` or `--target`). */
  readonly target: string;
  /** k of the privacy rule: categories held by fewer training rows never become features. */
  readonly minCount: number;
  readonly random: RandomSource;
  /** Each model trains on at most this many rows (default 5 000), drawn at random. */
  readonly trainRows?: number;
  /** Scored on at most this many real test rows (default 20 000). */
  readonly testRows?: number;
  /** Without a holdout, this share of the real rows is set aside for testing (default 0.3). */
  readonly testFraction?: number;
}

export const DEFAULT_UTILITY_TRAIN_ROWS = 5_000;
export const DEFAULT_UTILITY_TEST_ROWS = 20_000;
export const DEFAULT_TEST_FRACTION = 0.3;
/** A categorical target with more classes keeps the most frequent ones and pools the rest. */
export const MAX_CLASSES = 10;

/** Scores of one model on the real test rows; `score` is the headline metric (accuracy or R²). */
export interface UtilityScores {
  readonly score: number | null;
  readonly accuracy?: number | null;
  readonly macroF1?: number | null;
  readonly r2?: number | null;
  readonly meanAbsoluteError?: number | null;
}

export interface UtilityReport {
  readonly target: string;
  readonly task: 'classification' | 'regression';
  readonly model: string;
  /** The headline metric: accuracy for a classifier, R² for a regressor. */
  readonly metric: 'accuracy' | 'r2';
  readonly trainOnReal: UtilityScores;
  readonly trainOnSynthetic: UtilityScores;
  /** trainOnSynthetic / trainOnReal of the headline metric; null when the real score is not positive. */
  readonly ratio: number | null;
  /** trainOnReal − trainOnSynthetic of the headline metric. */
  readonly difference: number | null;
  /** What knowing nothing scores: the majority class's accuracy, or R² of predicting the training mean. */
  readonly baseline: number | null;
  /** `holdout`: real rows the generator never saw; `split`: a seeded share of the real rows set aside. */
  readonly testSource: 'holdout' | 'split';
  readonly rows: { readonly realTrain: number; readonly syntheticTrain: number; readonly test: number };
  /** Whether training or test rows were drawn at random from larger tables. */
  readonly subsampled: boolean;
  readonly features: number;
  /** Classes of a classification target (after pooling beyond {@link MAX_CLASSES}). */
  readonly classes?: number;
}

function targetColumn(columns: readonly MetricColumn[], target: string): number {
  const index = columns.findIndex((column) => column.name === target);
  const column = columns[index];
  if (!column) {
    throw new DoppelError('usage', `the utility target "${target}" is not a column of the schema`, [
      { path: ['target'], message: 'name a categorical, boolean or numeric column of the schema' },
    ]);
  }
  if (column.sdtype === 'id') {
    throw new DoppelError('usage', `the utility target "${target}" is a key column; it cannot be predicted`, [
      { path: ['target'], message: 'name a categorical, boolean or numeric column of the schema' },
    ]);
  }
  return index;
}

function isPresent(value: string | number | null | undefined): boolean {
  return value !== null && value !== undefined && !(typeof value === 'number' && Number.isNaN(value));
}

function presentRows(column: MetricColumn): number[] {
  const rows: number[] = [];
  for (let i = 0; i < column.values.length; i++) if (isPresent(column.values[i])) rows.push(i);
  return rows;
}

/** Up to `k` of `rows` at random, in ascending order. */
function draw(rows: readonly number[] | Int32Array, k: number, random: RandomSource): Int32Array {
  if (rows.length <= k) return Int32Array.from(rows);
  const picked = sampleRowIndices(rows.length, k, random);
  return Int32Array.from(picked, (i) => rows[i]!);
}

/** Class numbers of labels: the most frequent training labels first, pooled beyond MAX_CLASSES. */
function classCoder(labels: readonly (string | null)[], trainRows: Int32Array): (label: string) => number {
  const counts = new Map<string, number>();
  for (const row of trainRows) counts.set(labels[row]!, (counts.get(labels[row]!) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label]) => label);
  const pooled = ranked.length > MAX_CLASSES;
  const code = new Map(ranked.map((label, i) => [label, pooled ? Math.min(i, MAX_CLASSES - 1) : i]));
  // A label no real training row has can never be predicted right: it gets a class of its own.
  const unseen = pooled ? MAX_CLASSES - 1 : ranked.length;
  return (label) => code.get(label) ?? unseen;
}

interface Sets {
  readonly realTrain: Int32Array;
  readonly syntheticTrain: Int32Array;
  readonly test: Int32Array;
  readonly subsampled: boolean;
}

function classification(
  encoder: FeatureEncoder,
  tables: {
    real: readonly MetricColumn[];
    synthetic: readonly MetricColumn[];
    test: readonly MetricColumn[];
  },
  target: number,
  sets: Sets,
) {
  const labels = (table: readonly MetricColumn[]) => table[target]!.values as readonly (string | null)[];
  const code = classCoder(labels(tables.real), sets.realTrain);
  const classesOf = (table: readonly MetricColumn[], rows: Int32Array) =>
    Int32Array.from(rows, (row) => code(labels(table)[row]!));
  const truth = classesOf(tables.test, sets.test);
  const testX = encoder.encode(tables.test, sets.test);
  const realClasses = classesOf(tables.real, sets.realTrain);
  const score = (table: readonly MetricColumn[], rows: Int32Array, classes: Int32Array): UtilityScores => {
    const model = trainLogisticClassifier(encoder.encode(table, rows), rows.length, encoder.width, classes);
    const predicted = model.predict(testX, sets.test.length);
    const acc = jsonNumber(accuracy(truth, predicted));
    return { score: acc, accuracy: acc, macroF1: jsonNumber(macroF1(truth, predicted)) };
  };
  const counts = new Map<number, number>();
  for (const c of realClasses) counts.set(c, (counts.get(c) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  return {
    trainOnReal: score(tables.real, sets.realTrain, realClasses),
    trainOnSynthetic: score(
      tables.synthetic,
      sets.syntheticTrain,
      classesOf(tables.synthetic, sets.syntheticTrain),
    ),
    baseline: jsonNumber(accuracy(truth, new Int32Array(truth.length).fill(majority))),
    classes: counts.size,
  };
}

function regression(
  encoder: FeatureEncoder,
  tables: {
    real: readonly MetricColumn[];
    synthetic: readonly MetricColumn[];
    test: readonly MetricColumn[];
  },
  target: number,
  sets: Sets,
) {
  const valuesOf = (table: readonly MetricColumn[], rows: Int32Array) =>
    Float64Array.from(rows, (row) => table[target]!.values[row] as number);
  const truth = valuesOf(tables.test, sets.test);
  const testX = encoder.encode(tables.test, sets.test);
  const score = (table: readonly MetricColumn[], rows: Int32Array): UtilityScores => {
    const model = trainLinearRegressor(
      encoder.encode(table, rows),
      rows.length,
      encoder.width,
      valuesOf(table, rows),
    );
    const predicted = model.predict(testX, sets.test.length);
    const r2 = jsonNumber(rSquared(truth, predicted));
    return { score: r2, r2, meanAbsoluteError: jsonNumber(meanAbsoluteError(truth, predicted)) };
  };
  const trainValues = valuesOf(tables.real, sets.realTrain);
  const mean = trainValues.reduce((a, b) => a + b, 0) / Math.max(trainValues.length, 1);
  return {
    trainOnReal: score(tables.real, sets.realTrain),
    trainOnSynthetic: score(tables.synthetic, sets.syntheticTrain),
    baseline: jsonNumber(rSquared(truth, new Float64Array(truth.length).fill(mean))),
  };
}

/**
 * Train-on-synthetic, test-on-real against train-on-real (TSTR vs TRTR) for one target column:
 * logistic regression for a categorical or boolean target (accuracy, macro F1), least squares for a
 * numerical or datetime one (R², mean absolute error). The real test rows are the holdout when one
 * is given, otherwise a seeded `testFraction` of the real rows, the rest being the real training
 * rows. Both models train on the same number of rows, at most `trainRows` drawn at random (so a
 * million synthetic rows cost no more than ten thousand), on features learned from the real
 * training rows. Rows whose target is missing are left out. Deterministic for a given random source.
 * O((trainRows · width) · steps · classes) for a classifier.
 * @throws DoppelError `usage` when the target is not a quality column of the schema, or when too few
 *   rows have a target value to train and test.
 */
export function utilityCheck(
  real: readonly MetricColumn[],
  synthetic: readonly MetricColumn[],
  holdout: readonly MetricColumn[] | null,
  options: UtilityOptions,
): UtilityReport {
  const target = targetColumn(real, options.target);
  const trainCap = options.trainRows ?? DEFAULT_UTILITY_TRAIN_ROWS;
  const testCap = options.testRows ?? DEFAULT_UTILITY_TEST_ROWS;
  const { random } = options;
  const realPresent = presentRows(real[target]!);
  let trainCandidates: number[] | Int32Array;
  let testCandidates: number[] | Int32Array;
  if (holdout) {
    trainCandidates = realPresent;
    testCandidates = presentRows(holdout[target]!);
  } else {
    const testCount = Math.round((options.testFraction ?? DEFAULT_TEST_FRACTION) * realPresent.length);
    const picked = sampleRowIndices(realPresent.length, testCount, random);
    const isTest = new Uint8Array(realPresent.length);
    for (const i of picked) isTest[i] = 1;
    testCandidates = Int32Array.from(picked, (i) => realPresent[i]!);
    trainCandidates = realPresent.filter((_, i) => isTest[i] === 0);
  }
  const syntheticPresent = presentRows(synthetic[target]!);
  if (trainCandidates.length < 2 || testCandidates.length < 1 || syntheticPresent.length < 2) {
    throw new DoppelError(
      'usage',
      `too few rows have a value of the utility target "${options.target}" to train and test a model`,
      [{ path: ['target'], message: 'choose a target column that is filled in for most rows' }],
    );
  }
  const realTrain = draw(trainCandidates, trainCap, random);
  const syntheticTrain = draw(syntheticPresent, realTrain.length, random);
  const test = draw(testCandidates, testCap, random);
  const sets: Sets = {
    realTrain,
    syntheticTrain,
    test,
    subsampled:
      realTrain.length < trainCandidates.length ||
      syntheticTrain.length < syntheticPresent.length ||
      test.length < testCandidates.length,
  };
  const encoder = makeFeatureEncoder(real, realTrain, options.target, options.minCount);
  const tables = { real, synthetic, test: holdout ?? real };
  const column = real[target]!;
  const isClassification = column.sdtype === 'categorical' || column.sdtype === 'boolean';
  const result = isClassification
    ? classification(encoder, tables, target, sets)
    : regression(encoder, tables, target, sets);
  const realScore = result.trainOnReal.score;
  const syntheticScore = result.trainOnSynthetic.score;
  return {
    target: options.target,
    task: isClassification ? 'classification' : 'regression',
    model: isClassification
      ? `logistic regression (ml-logistic-regression, one-vs-rest, ${LOGISTIC_STEPS} gradient steps)`
      : 'linear regression (ml-regression-multivariate-linear, least squares)',
    metric: isClassification ? 'accuracy' : 'r2',
    trainOnReal: result.trainOnReal,
    trainOnSynthetic: result.trainOnSynthetic,
    ratio: realScore !== null && syntheticScore !== null && realScore > 0 ? syntheticScore / realScore : null,
    difference: realScore !== null && syntheticScore !== null ? realScore - syntheticScore : null,
    baseline: result.baseline,
    testSource: holdout ? 'holdout' : 'split',
    rows: { realTrain: realTrain.length, syntheticTrain: syntheticTrain.length, test: test.length },
    subsampled: sets.subsampled,
    features: encoder.width,
    ...('classes' in result ? { classes: result.classes as number } : {}),
  };
}
