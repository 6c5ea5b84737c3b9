import type { OutputFormat } from '../io/write-output.js';
import type { Model } from '../model/model-format.js';
import { type Shard, shardRows } from '../sample/plan.js';
import { sample } from '../sample/sample.js';
import type { Output } from './output.js';
import { startProgress } from './progress.js';

export interface SampleRunOptions {
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  readonly out: string;
  readonly quiet: boolean;
  readonly format?: OutputFormat;
  readonly shard?: Shard;
  readonly partRows?: number;
}

/** Samples into a file with a progress bar, then says what was written and how fast. Stops cleanly on SIGINT/SIGTERM. */
export async function sampleWithProgress(
  output: Output,
  model: Model,
  options: SampleRunOptions,
): Promise<void> {
  const { rows, seed, workers, out, format, shard, partRows } = options;
  const progress = startProgress(output, shard ? shardRows(rows, shard) : rows, options.quiet);
  const started = performance.now();
  // Ctrl-C (or a TERM from a batch scheduler) stops the workers and removes the partial file; the
  // sampler then throws one error saying nothing was written.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result: Awaited<ReturnType<typeof sample>>;
  try {
    result = await sample(model, {
      rows,
      seed,
      workers,
      out,
      ...(format === undefined ? {} : { format }),
      ...(shard === undefined ? {} : { shard }),
      ...(partRows === undefined ? {} : { partRows }),
      onProgress: progress.update,
      signal: interrupt.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const where =
    result.files.length === 1
      ? result.path
      : `${result.files.length} parts, ${result.files[0]?.path} … ${result.files.at(-1)?.path}`;
  const slice = shard ? ` (shard ${shard.index}/${shard.count} of ${rows.toLocaleString('en')})` : '';
  output.out(
    `sampled ${result.rows.toLocaleString('en')} rows${slice} into ${where} in ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.rows / seconds).toLocaleString('en')} rows/s, ${workers} workers, seed ${seed})`,
  );
}
