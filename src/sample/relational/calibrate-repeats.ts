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
 */
import { normalQuantile } from '../../stats/normal.js';
import type { ChunkTask } from '../plan.js';
import type { PreparedRelationalSampler, RepeatRule } from './prepare-relational-sampler.js';
import { sampleRelationalChunk } from './sample-relational-chunk.js';

/** Customers of the calibration sample (one chunk): about 0.005 standard error on a share at 9 events each. */
export const CALIBRATION_CUSTOMERS = 4096;
/** Fixed-point steps; common random numbers make each step's share a smooth function of the thresholds. */
export const CALIBRATION_STEPS = 3;
const CALIBRATION_SEED = 0x5eed;

/** The share of consecutive events of the same parent (both present) holding the same category; NaN without pairs. */
function sameShare(
  keys: BigInt64Array,
  values: ArrayLike<number>,
  validity: Uint8Array | null,
  rows: number,
): number {
  const present = (i: number) => validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1;
  let pairs = 0;
  let same = 0;
  for (let i = 1; i < rows; i++) {
    if (keys[i] !== keys[i - 1] || !present(i) || !present(i - 1)) continue;
    pairs++;
    if (values[i] === values[i - 1]) same++;
  }
  return pairs === 0 ? Number.NaN : same / pairs;
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
  const task: ChunkTask = {
    chunkIndex: 0,
    rowStart: 0,
    rowCount: CALIBRATION_CUSTOMERS,
    seed: CALIBRATION_SEED,
    totalRows: CALIBRATION_CUSTOMERS,
  };
  for (let step = 0; step < CALIBRATION_STEPS; step++) {
    const chunks = sampleRelationalChunk(current, task);
    current.children.forEach((child, c) => {
      const chunk = chunks[child.tableIndex]!;
      const keys = chunk.columns[child.foreignKeyColumn]!.values as BigInt64Array;
      child.repeats.forEach((rule, r) => {
        const target = targets[c]![r];
        if (target === null || target === undefined) return;
        const column = chunk.columns[rule.column]!;
        const share = sameShare(keys, column.values as ArrayLike<number>, column.validity, chunk.rowCount);
        if (Number.isNaN(share)) return;
        // The indicator's rate moves the share one for one (a repeat copies the category; a
        // non-repeat never lands on it), so the next rate is the last one corrected by the miss.
        const p = probabilities[c]![r]! + (target - share);
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
