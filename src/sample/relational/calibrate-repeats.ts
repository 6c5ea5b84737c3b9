/**
 * Calibrates how often sampled histories repeat a category (brand loyalty, staying in a job) to the
 * share the model itself holds. Each event's repeat indicator is drawn from the events' copula given
 * its parent's summaries, whose child-side marginals are event-weighted and leave-one-out
 * (fit-relational.ts) while the parents are drawn per customer: the conditional's inputs are then
 * not exactly standard normal and the overall repeat rate drifts off the fitted one (margarine:
 * 0.48 where the model holds 0.50; PSID's job columns 0.01 too persistent). So the sampler first
 * draws a fixed calibration sample from the model, measures each repeat column's same-value share
 * over consecutive events, and moves each indicator's threshold until the share meets the model's
 * `repeat:` marginal. It reads nothing but the model (a private model is calibrated to its own
 * released share) and uses a fixed seed, so every worker derives the same thresholds and output
 * stays byte-identical for any worker count or shard.
 *
 * The calibration sample's own noise becomes a bias of every release (the thresholds meet that
 * sample's share exactly, and the same fixed seed gives every model the same draws). Histories
 * differ by customer (loyal and disloyal households), so the noise is that of the customers, not of
 * the events: with 4,096 customers the margarine share of large samples sat 0.005-0.009 under the
 * model's rate on all five 70% splits (the threshold moved 0.011 in score between calibration seeds);
 * 16,384 customers bring the threshold within 0.002 of a 65,536-customer calibration, and large
 * samples within about 0.003 of the rate either way (mean of six 5,000-customer samples on splits
 * 1, 4, 5: −0.000, −0.002, +0.001, where 4,096 left −0.005, −0.006, −0.005).
 *
 * The same sample also calibrates the repeated column's categories. A non-repeat that lands on the
 * previous category moves to another one in proportion to the categories' rates, and from a popular
 * category that spreads the moves over the rare ones: the chain drifts off the fitted rates
 * (margarine's brand 1 at 0.35 where the model holds 0.40, brand 4 at 0.19 against 0.13; total
 * variation 0.09 over events after a first one). Each step multiplies every category's weight by
 * its target over the share it reached; the column sampler's intervals and the rule's follow the
 * weights. Five steps bring that distance to about 0.01 (each step roughly halves it); the repeat
 * share converges within the first two. Cost: five passes over 16,384 customers, 1.2-2.0 s per
 * sampler preparation (one per worker) on a loaded 2-core machine, where three over 4,096 took
 * 0.3-0.4 s.
 *
 * The same sample measures how far the chain of later events drifts from the standard normal on
 * each number column drawn as a level (its mean score, prepare-relational-sampler.ts `scoreShift`),
 * which the sampler then subtracts. A model whose children have numbers but no repeat rules takes
 * one step: nothing feeds back.
 */
import { normalQuantile } from '../../stats/normal.js';
import { withCategoryWeights } from '../columns/categorical.js';
import { type ChunkTask, RELATIONAL_CHUNK_CUSTOMERS } from '../plan.js';
import { categoryThresholds } from '../thresholds.js';
import { categoryMidScores } from './column-numbers.js';
import type { PreparedRelationalSampler, RepeatRule } from './prepare-relational-sampler.js';
import { type ScoreSums, sampleRelationalChunk } from './sample-relational-chunk.js';

/** Customers of the calibration sample, in chunks of the sampler's size (see the module comment). */
export const CALIBRATION_CUSTOMERS = 2 * RELATIONAL_CHUNK_CUSTOMERS;
/** Fixed-point steps; common random numbers make each step's shares smooth functions of the thresholds. */
export const CALIBRATION_STEPS = 5;
export const CALIBRATION_SEED = 0x5eed;

/** What a calibration step counts per rule: consecutive pairs, repeats, and each category's later events. */
interface RuleCounts {
  pairs: number;
  same: number;
  /** Events with a previous event of the same parent, per category (copula order). */
  readonly categories: Float64Array;
}

/**
 * Adds a chunk's events to `counts`: consecutive pairs of the same parent (both present), how many
 * hold the same category, and each later event's category. A categorical column's chunk values are
 * its copula-order category indices (the child samplers' identity maps).
 */
function countEvents(
  counts: RuleCounts,
  keys: BigInt64Array,
  values: ArrayLike<number>,
  validity: Uint8Array | null,
  rows: number,
): void {
  const present = (i: number) => validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
  for (let i = 1; i < rows; i++) {
    if (keys[i] !== keys[i - 1] || !present(i)) continue;
    const category = values[i]!;
    if (category >= 0 && category < counts.categories.length) counts.categories[category]!++;
    if (!present(i - 1)) continue;
    counts.pairs++;
    if (category === values[i - 1]) counts.same++;
  }
}

/** A rule's calibrated state: its repeat indicator's rate and the category weights its draws use. */
interface RuleState {
  repeat: number;
  weights: Float64Array;
}

/**
 * What a calibration found, per child sampler: per repeat rule its state, and the shift of its
 * numbers' scores (null without any). Small (a rate and one weight per category, one number per
 * number column), so the main thread calibrates once and hands it to every worker in `workerData`
 * instead of each worker drawing the calibration sample again (1-2 CPU s each).
 */
export interface RepeatCalibration {
  readonly rules: readonly (readonly RuleState[])[];
  readonly scoreShifts: readonly (Float64Array | null)[];
}

/**
 * The sampler with every repeat rule's threshold moved so that a sample's share of repeated
 * categories meets the model's repeat probability, and its categories' intervals moved so that the
 * events after a first one take each category at the model's rate (see the module comment). Rules
 * whose repeat target is 0 or 1 keep their threshold. With `known`, that calibration (made by
 * another thread from the same model) is applied instead. O(steps · calibration sample).
 */
export function calibrateRepeats(
  sampler: PreparedRelationalSampler,
  known?: RepeatCalibration,
): PreparedRelationalSampler {
  if (!needsCalibration(sampler)) return sampler;
  if (known !== undefined) return withCalibration(sampler, known);
  const steps = calibrationSteps(sampler);
  let step = steps.next();
  while (!step.done) {
    const current = step.value === null ? sampler : withCalibration(sampler, step.value);
    step = steps.next(sumCounts(CALIBRATION_TASKS.map((task) => countCalibrationChunk(current, task))));
  }
  return withCalibration(sampler, step.value);
}

/**
 * {@link calibrateRepeats} with each step's chunks counted by `count` (a worker pool's threads, in
 * parallel): the same calibration, since the counts are whole numbers summed in any order.
 */
export async function calibrateRepeatsWith(
  sampler: PreparedRelationalSampler,
  count: (calibration: RepeatCalibration | null, task: ChunkTask) => Promise<CalibrationCounts>,
): Promise<RepeatCalibration | undefined> {
  if (!needsCalibration(sampler)) return undefined;
  const steps = calibrationSteps(sampler);
  let step = steps.next();
  while (!step.done) {
    const calibration = step.value;
    step = steps.next(
      sumCounts(await Promise.all(CALIBRATION_TASKS.map((task) => count(calibration, task)))),
    );
  }
  return step.value;
}

function needsCalibration(sampler: PreparedRelationalSampler): boolean {
  return sampler.children.some((child) => child.repeats.length > 0 || child.shiftedDimensions.length > 0);
}

/** The calibration sample's chunks (fixed seed: every thread draws the same sample). */
const CALIBRATION_TASKS: readonly ChunkTask[] = Array.from(
  { length: Math.ceil(CALIBRATION_CUSTOMERS / RELATIONAL_CHUNK_CUSTOMERS) },
  (_, chunkIndex) => ({
    chunkIndex,
    rowStart: chunkIndex * RELATIONAL_CHUNK_CUSTOMERS,
    rowCount: Math.min(
      RELATIONAL_CHUNK_CUSTOMERS,
      CALIBRATION_CUSTOMERS - chunkIndex * RELATIONAL_CHUNK_CUSTOMERS,
    ),
    seed: CALIBRATION_SEED,
    totalRows: CALIBRATION_CUSTOMERS,
  }),
);

/** Per child sampler: per repeat rule what one or more calibration chunks counted, and its score sums. */
export interface CalibrationCounts {
  readonly rules: RuleCounts[][];
  readonly scores: ScoreSums[];
}

/**
 * The calibration's fixed-point steps, one loop for the in-thread and the pooled driver: yields the
 * calibration to sample the next step's chunks with (null: the fitted sampler as it is), receives
 * their summed counts, and returns the final calibration.
 */
function* calibrationSteps(
  sampler: PreparedRelationalSampler,
): Generator<RepeatCalibration | null, RepeatCalibration, CalibrationCounts> {
  const states = sampler.children.map((child) =>
    child.repeats.map(
      (rule): RuleState => ({
        repeat: targetOf(rule) ?? Number.NaN,
        weights: Float64Array.from(rule.probabilities),
      }),
    ),
  );
  let current: RepeatCalibration | null = null;
  for (let step = 0; step < CALIBRATION_STEPS; step++) {
    const counts: CalibrationCounts = yield current;
    sampler.children.forEach((child, c) => {
      child.repeats.forEach((rule, r) => {
        const state = states[c]![r]!;
        const { pairs, same, categories } = counts.rules[c]![r]!;
        const target = targetOf(rule);
        if (target !== null && pairs > 0) {
          // The indicator's rate moves the share one for one (a repeat copies the category; a
          // non-repeat never lands on it), so the next rate is the last one corrected by the miss.
          const p = state.repeat + (target - same / pairs);
          state.repeat = Math.min(1 - 1e-6, Math.max(1e-6, p));
        }
        state.weights = reweighted(state.weights, rule.probabilities, categories);
      });
    });
    // A snapshot: the next step updates `states` in place. The score shift is each step's own
    // measurement (the shift does not change what the chain draws, only the values it becomes).
    current = {
      rules: states.map((rules) => rules.map(({ repeat, weights }) => ({ repeat, weights }))),
      scoreShifts: counts.scores.map((sums) =>
        sums.events === 0 || sums.sum.length === 0 ? null : sums.sum.map((s) => s / sums.events),
      ),
    };
    // Without repeat rules nothing feeds back: one step measures the shift.
    if (!sampler.children.some((child) => child.repeats.length > 0)) break;
  }
  return current!;
}

/** One calibration chunk sampled with `sampler` (calibrated so far) and counted per repeat rule. */
export function countCalibrationChunk(
  sampler: PreparedRelationalSampler,
  task: ChunkTask,
): CalibrationCounts {
  const counts = sampler.children.map((child) =>
    child.repeats.map(
      (rule): RuleCounts => ({ pairs: 0, same: 0, categories: new Float64Array(rule.probabilities.length) }),
    ),
  );
  const scores = sampler.children.map(
    (child): ScoreSums => ({ events: 0, sum: new Float64Array(child.shiftedDimensions.length) }),
  );
  const chunks = sampleRelationalChunk(sampler, task, undefined, scores);
  sampler.children.forEach((child, c) => {
    const chunk = chunks[child.tableIndex]!;
    const keys = chunk.columns[child.foreignKeyColumn]!.values as BigInt64Array;
    child.repeats.forEach((rule, r) => {
      const column = chunk.columns[rule.column]!;
      countEvents(counts[c]![r]!, keys, column.values as ArrayLike<number>, column.validity, chunk.rowCount);
    });
  });
  return { rules: counts, scores };
}

function sumCounts(parts: readonly CalibrationCounts[]): CalibrationCounts {
  const [first, ...rest] = parts;
  for (const part of rest) {
    part.scores.forEach((counted, c) => {
      const total = first!.scores[c]!;
      total.events += counted.events;
      // Summed in task order: the same floating-point sums on every thread.
      for (let k = 0; k < counted.sum.length; k++) total.sum[k]! += counted.sum[k]!;
    });
    for (let c = 0; c < part.rules.length; c++) {
      for (let r = 0; r < part.rules[c]!.length; r++) {
        const total = first!.rules[c]![r]!;
        const rule = part.rules[c]![r]!;
        total.pairs += rule.pairs;
        total.same += rule.same;
        for (let k = 0; k < rule.categories.length; k++) total.categories[k]! += rule.categories[k]!;
      }
    }
  }
  return first!;
}

/**
 * Category weights moved toward the model's rates: each weight times its category's target over the
 * share it reached, renormalised (a category the sample never reached keeps its weight; one the
 * model never holds stays at 0).
 */
function reweighted(weights: Float64Array, targets: Float64Array, reached: Float64Array): Float64Array {
  let total = 0;
  for (const n of reached) total += n;
  if (total === 0) return weights;
  const next = Float64Array.from(weights, (w, k) =>
    reached[k]! > 0 ? (w * targets[k]!) / (reached[k]! / total) : w,
  );
  let sum = 0;
  for (const w of next) sum += w;
  return sum > 0 ? next.map((w) => w / sum) : weights;
}

/** The repeat probability the model holds for a rule (its indicator's rate), or null when it is 0 or 1. */
function targetOf(rule: RepeatRule): number | null {
  return rule.probability > 0 && rule.probability < 1 ? rule.probability : null;
}

/**
 * The sampler with each rule's repeat threshold and category weights: the rule's intervals (which
 * decide whether a draw landed on the previous category, and where a non-repeat moves) and the
 * column sampler's thresholds both follow the weights, so a category means the same to both.
 */
export function withCalibration(
  sampler: PreparedRelationalSampler,
  states: RepeatCalibration,
): PreparedRelationalSampler {
  return {
    ...sampler,
    calibration: states,
    children: sampler.children.map((child, c) => {
      const scoreShift = states.scoreShifts[c] ?? null;
      if (child.repeats.length === 0) return { ...child, scoreShift };
      const columns = [...child.sampler.columns];
      const repeats = child.repeats.map((rule, r) => {
        const { repeat, weights } = states.rules[c]![r]!;
        const column = columns[rule.column];
        if (column?.kind === 'categorical') columns[rule.column] = withCategoryWeights(column, weights);
        return {
          ...rule,
          threshold: Number.isNaN(repeat) ? rule.threshold : normalQuantile(1 - repeat),
          probabilities: weights,
          thresholds: categoryThresholds(Array.from(weights)),
          midScores: categoryMidScores(Array.from(weights)),
        };
      });
      return { ...child, sampler: { ...child.sampler, columns }, repeats, scoreShift };
    }),
  };
}
