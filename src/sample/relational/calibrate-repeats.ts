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
 * 1, 4, 5: −0.000, −0.002, +0.001, where 4,096 left −0.005, −0.006, −0.005). It costs about 0.1-0.2 s
 * more per sampler preparation (one per worker).
 */
import { normalQuantile } from '../../stats/normal.js';
import { type ChunkTask, RELATIONAL_CHUNK_CUSTOMERS } from '../plan.js';
import type { PreparedRelationalSampler, RepeatRule } from './prepare-relational-sampler.js';
import { sampleRelationalChunk } from './sample-relational-chunk.js';

/** Customers of the calibration sample, in chunks of the sampler's size (see the module comment). */
export const CALIBRATION_CUSTOMERS = 2 * RELATIONAL_CHUNK_CUSTOMERS;
/** Fixed-point steps; common random numbers make each step's share a smooth function of the thresholds. */
export const CALIBRATION_STEPS = 3;
const CALIBRATION_SEED = 0x5eed;

/** Consecutive event pairs of the same parent (both present), and how many hold the same category. */
interface PairCounts {
  pairs: number;
  same: number;
}

/** Adds a chunk's consecutive pairs of the same parent to `counts`. */
function countPairs(
  counts: PairCounts,
  keys: BigInt64Array,
  values: ArrayLike<number>,
  validity: Uint8Array | null,
  rows: number,
): void {
  const present = (i: number) => validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
  for (let i = 1; i < rows; i++) {
    if (keys[i] !== keys[i - 1] || !present(i) || !present(i - 1)) continue;
    counts.pairs++;
    if (values[i] === values[i - 1]) counts.same++;
  }
}

/**
 * The sampler with every repeat rule's threshold moved so that a sample's share of repeated
 * categories meets the model's repeat probability (see the module comment). Rules whose target is
 * 0 or 1 stay as they are. O(steps · calibration sample).
 */
export function calibrateRepeats(sampler: PreparedRelationalSampler): PreparedRelationalSampler {
  const targets = sampler.children.map((child) => child.repeats.map(targetOf));
  if (targets.every((rules) => rules.every((p) => p === null))) return sampler;
  const probabilities = targets.map((rules) => rules.map((p) => p ?? Number.NaN));
  let current = sampler;
  const tasks: ChunkTask[] = Array.from(
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
  for (let step = 0; step < CALIBRATION_STEPS; step++) {
    const counts = current.children.map((child) =>
      child.repeats.map((): PairCounts => ({ pairs: 0, same: 0 })),
    );
    for (const task of tasks) {
      const chunks = sampleRelationalChunk(current, task);
      current.children.forEach((child, c) => {
        const chunk = chunks[child.tableIndex]!;
        const keys = chunk.columns[child.foreignKeyColumn]!.values as BigInt64Array;
        child.repeats.forEach((rule, r) => {
          const column = chunk.columns[rule.column]!;
          countPairs(
            counts[c]![r]!,
            keys,
            column.values as ArrayLike<number>,
            column.validity,
            chunk.rowCount,
          );
        });
      });
    }
    current.children.forEach((child, c) => {
      child.repeats.forEach((_, r) => {
        const target = targets[c]![r];
        const { pairs, same } = counts[c]![r]!;
        if (target === null || target === undefined || pairs === 0) return;
        // The indicator's rate moves the share one for one (a repeat copies the category; a
        // non-repeat never lands on it), so the next rate is the last one corrected by the miss.
        const p = probabilities[c]![r]! + (target - same / pairs);
        probabilities[c]![r] = Math.min(1 - 1e-6, Math.max(1e-6, p));
      });
    });
    current = withThresholds(sampler, probabilities);
  }
  return current;
}

/** The repeat probability the model holds for a rule (its indicator's rate), or null when it is 0 or 1. */
function targetOf(rule: RepeatRule): number | null {
  return rule.probability > 0 && rule.probability < 1 ? rule.probability : null;
}

function withThresholds(
  sampler: PreparedRelationalSampler,
  probabilities: readonly (readonly number[])[],
): PreparedRelationalSampler {
  return {
    ...sampler,
    children: sampler.children.map((child, c) => ({
      ...child,
      repeats: child.repeats.map((rule, r) => {
        const p = probabilities[c]![r]!;
        return Number.isNaN(p) ? rule : { ...rule, threshold: normalQuantile(1 - p) };
      }),
    })),
  };
}
