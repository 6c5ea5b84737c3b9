/**
 * Quality against the privacy budget: how faithful synthetic data stays as ε shrinks. For each ε
 * (and without differential privacy, the reference level) the training rows are fitted privately,
 * as many rows sampled in memory as asked, and scored against the training rows with the
 * SDMetrics overall quality over all pairs, averaged over a few fits (the noise differs per fit).
 * What a data owner looks at to choose ε; the HTML report plots it.
 */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { DEFAULT_DELTA } from '../model/dp/accountant.js';
import { fitPrepared } from '../model/fit.js';
import { sampleTable } from '../sample/sample-table.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { prepareTable } from '../schema/prepare-table.js';
import { validateQuality } from './validate-quality.js';

export interface EpsilonPoint {
  /** The ε of the fit; null for the fit without differential privacy. */
  readonly epsilon: number | null;
  /** Mean SDMetrics overall quality (all pairs) over the repetitions. */
  readonly overallAllPairs: number;
  /** The lowest and highest overall quality of the repetitions. */
  readonly range: readonly [number, number];
  /** Mean Column Shapes score: what noise in the marginals costs. */
  readonly columnShapes: number;
  /** Mean Column Pair Trends score over all pairs: what noise in the correlation costs. */
  readonly pairTrendsAllPairs: number;
}

export interface EpsilonSweep {
  /** δ of every private fit. */
  readonly delta: number;
  readonly repetitions: number;
  /** Synthetic rows sampled per fit. */
  readonly rows: number;
  /** Ascending ε, then the non-private fit last. */
  readonly points: readonly EpsilonPoint[];
  /** The ε the released model was fitted with (null: not private), marked in the plot. */
  readonly chosen: number | null;
}

export interface EpsilonSweepOptions {
  readonly epsilons: readonly number[];
  /** δ of every private fit (default {@link DEFAULT_DELTA}). */
  readonly delta?: number;
  readonly seed: number;
  /** Synthetic rows per fit (default: as many as the training rows). */
  readonly rows?: number;
  /** Fits per ε (default 3). */
  readonly repetitions?: number;
  /** The released model's ε; swept too, so that the plot can mark it. */
  readonly chosen?: number | null;
}

/** Fits per ε when none is asked for: enough to show the spread of the noise, few enough for `run`. */
export const DEFAULT_SWEEP_REPETITIONS = 3;

/**
 * `0.5,1,2` → [0.5, 1, 2], sorted and without repeats.
 * @throws DoppelError `usage` for an empty list or anything but positive finite numbers.
 */
export function parseEpsilonList(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.some((part, i) => part === '' || !Number.isFinite(values[i]) || values[i]! <= 0)) {
    throw new DoppelError(
      'usage',
      `--epsilon-sweep must list positive numbers separated by commas, e.g. 0.5,1,2,5,10 (got "${text}")`,
    );
  }
  return ascendingUnique(values);
}

function ascendingUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Fits and scores the training table at every ε of the list (and the chosen one) and without DP.
 * Each fit samples `rows` rows in memory and is scored against the training rows by
 * {@link validateQuality}, the function behind `doppel validate`'s quality, with the fit's seed as
 * the report seed: a point's scores are those `validate(training, synthetic, schema, { seed })`
 * reports. Deterministic for a seed (the fits of repetition r take seed + r: fine for an
 * evaluation, never for a release, whose noise seed must stay secret).
 * O(|ε| · repetitions · (fit + sample + quality)).
 * @throws DoppelError as {@link fit} (bad privacy parameters, data outside the schema).
 * @example epsilonSweep(train, schema, { epsilons: [1, 5], seed: 1 }).points // [{ epsilon: 1, … }, { epsilon: 5, … }, { epsilon: null, … }]
 */
export function epsilonSweep(
  training: Table,
  schema: DatasetSchema,
  options: EpsilonSweepOptions,
): EpsilonSweep {
  const repetitions = Math.max(1, Math.floor(options.repetitions ?? DEFAULT_SWEEP_REPETITIONS));
  const rows = options.rows ?? training.numRows;
  const chosen = options.chosen ?? null;
  const delta = options.delta ?? DEFAULT_DELTA;
  // Prepared once: the fits read the modelled columns after consent, the scores every column.
  const fitInput = prepareTable(training, schema, { columns: 'modelled', applyConsent: true });
  const reference = prepareTable(training, schema, { columns: 'all', applyConsent: true });
  const score = (epsilon: number | null): EpsilonPoint => {
    const qualities = Array.from({ length: repetitions }, (_, r) => {
      const seed = options.seed + r;
      const model = fitPrepared(fitInput, schema, epsilon === null ? { seed } : { seed, epsilon, delta });
      const synthetic = prepareTable(sampleTable(model, { rows, seed }), schema, {
        columns: 'all',
        applyConsent: false,
      });
      return validateQuality(reference, synthetic, { seed });
    });
    const overall = qualities.map((q) => q.overallAllPairs ?? Number.NaN);
    return {
      epsilon,
      overallAllPairs: mean(overall),
      range: [Math.min(...overall), Math.max(...overall)],
      columnShapes: mean(qualities.map((q) => q.columnShapes ?? Number.NaN)),
      pairTrendsAllPairs: mean(qualities.map((q) => q.pairTrendsAllPairs ?? Number.NaN)),
    };
  };
  const epsilons = ascendingUnique(chosen === null ? options.epsilons : [...options.epsilons, chosen]);
  return {
    delta,
    repetitions,
    rows,
    points: [...epsilons.map(score), score(null)],
    chosen,
  };
}

/** The sweep as terminal lines: one per ε, with the fit without DP last. */
export function formatEpsilonSweep(sweep: EpsilonSweep): string {
  const lines = [
    `Quality against ε (SDMetrics overall, all pairs; mean of ${sweep.repetitions} fits, ${sweep.rows.toLocaleString('en')} rows each, against the training rows)`,
  ];
  for (const point of sweep.points) {
    const label = point.epsilon === null ? 'no DP' : `ε = ${point.epsilon}`;
    const mark = point.epsilon === sweep.chosen ? '   <- this model' : '';
    lines.push(
      `  ${label.padEnd(10)} ${point.overallAllPairs.toFixed(4)}  (${point.range[0].toFixed(4)}–${point.range[1].toFixed(4)})${mark}`,
    );
  }
  return lines.join('\n');
}
