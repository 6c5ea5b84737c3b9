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

/** Samples into a file with a progress bar, then says what was written and how fast. Stops cleanly on SIGINT/SIGTERM. */
export async function sampleWithProgress(
  output: Output,
  model: Model,
  options: SampleRunOptions,
): Promise<void> {
  const { rows, seed, workers, out } = options;
  const progress = startProgress(output, rows, options.quiet);
  const started = performance.now();
  // Ctrl-C (or a TERM from a batch scheduler) stops the workers and removes the partial file; the
  // sampler then throws one error saying nothing was written.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await sample(model, { rows, seed, workers, out, onProgress: progress.update, signal: interrupt.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  output.out(
    `sampled ${rows.toLocaleString('en')} rows into ${out} in ${seconds.toFixed(2)} s ` +
      `(${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${workers} workers, seed ${seed})`,
  );
}
