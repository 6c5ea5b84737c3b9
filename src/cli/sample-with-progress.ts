import type { Model } from '../model/model-format.js';
import { sample } from '../sample/sample.js';
import type { Output } from './output.js';
import { startProgress } from './progress.js';

export interface SampleRunOptions {
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  readonly out: string;
  readonly quiet: boolean;
}

/** Samples into a file with a progress bar, then says what was written and how fast. */
export async function sampleWithProgress(
  output: Output,
  model: Model,
  options: SampleRunOptions,
): Promise<void> {
  const { rows, seed, workers, out } = options;
  const progress = startProgress(output, rows, options.quiet);
  const started = performance.now();
  try {
    await sample(model, { rows, seed, workers, out, onProgress: progress.update });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  output.out(
    `sampled ${rows.toLocaleString('en')} rows into ${out} in ${seconds.toFixed(2)} s ` +
      `(${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${workers} workers, seed ${seed})`,
  );
}
