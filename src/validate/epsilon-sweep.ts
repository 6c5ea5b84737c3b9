/**
 * Quality against the privacy budget: how faithful synthetic data stays as ε shrinks. For each ε
 * (and without differential privacy, the reference level) the training rows are fitted privately,
 * as many rows sampled in memory as asked, and scored against the training rows with the
 * SDMetrics overall quality over all pairs, averaged over a few fits (the noise differs per fit).
 * What a data owner looks at to choose ε; the HTML report plots it.
 */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import { fit } from '../model/fit.js';
import { sampleTable } from '../sample/sample-table.js';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { validate } from './validate.js';

export interface EpsilonPoint {
  /** The ε of the fit; null for the fit without differential privacy. */
  readonly epsilon: number | null;
  /** Mean SDMetrics overall quality (all pairs) over the repetitions. */
  readonly overallAllPairs: number;
  /** The lowest and highest of the repetitions. */
  readonly range: readonly [number, number];
}

export interface EpsilonSweep {
  readonly delta: number | undefined;
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
  readonly delta?: number;
  readonly seed: number;
  /** Synthetic rows per fit (default: as many as the training rows). */
  readonly rows?: number;
  /** Fits per ε (default 3). */
  readonly repetitions?: number;
  readonly chosen?: number | null;
}

/**
 * `0.5,1,2` → [0.5, 1, 2], sorted and without repeats.
 * @throws DoppelError `usage` for an empty list or anything but positive finite numbers.
 */
export function parseEpsilonList(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (
    parts.length === 0 ||
    parts.some((part, i) => part === '' || !Number.isFinite(values[i]) || values[i]! <= 0)
  ) {
    throw new DoppelError(
      'usage',
      `--epsilon-sweep must list positive numbers separated by commas, e.g. 0.5,1,2,5,10 (got "${text}")`,
    );
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Fits and scores the training table at every ε of the list and without DP.
 * Deterministic for a seed (the private fits take seeds seed, seed + 1, …: fine for an evaluation,
 * never for a release, whose noise seed must stay secret).
 * O(|ε| · repetitions · (fit + sample + quality)).
 * @example epsilonSweep(train, schema, { epsilons: [1, 5], seed: 1 }).points // [{ epsilon: 1, … }, { epsilon: 5, … }, { epsilon: null, … }]
 */
export function epsilonSweep(
  training: Table,
  schema: DatasetSchema,
  options: EpsilonSweepOptions,
): EpsilonSweep {
  const repetitions = Math.max(1, Math.floor(options.repetitions ?? 3));
  const rows = options.rows ?? training.numRows;
  const score = (epsilon: number | null): EpsilonPoint => {
    const scores = Array.from({ length: repetitions }, (_, r) => {
      const seed = options.seed + r;
      const model = fit(training, schema, {
        seed,
        ...(epsilon === null ? {} : { epsilon }),
        ...(epsilon === null || options.delta === undefined ? {} : { delta: options.delta }),
      });
      const synthetic = sampleTable(model, { rows, seed });
      return (
        validate(training, synthetic, schema, { seed, target: null }).quality.overallAllPairs ?? Number.NaN
      );
    });
    return {
      epsilon,
      overallAllPairs: scores.reduce((a, b) => a + b, 0) / scores.length,
      range: [Math.min(...scores), Math.max(...scores)],
    };
  };
  return {
    delta: options.delta,
    repetitions,
    rows,
    points: [...[...options.epsilons].sort((a, b) => a - b).map(score), score(null)],
    chosen: options.chosen ?? null,
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
