/** The options of `sample` and `sampleTable`, checked once at the library boundary. */
import { DoppelError } from '../errors.js';
import { type OutputFormat, outputFormatOf } from '../io/write-output.js';
import type { Shard } from './plan.js';

export interface SampleTableOptions {
  /** How many rows to sample: a positive whole number. */
  readonly rows: number;
  /** Random seed, a whole number ≥ 0: the same model, seed and rows give the same output. */
  readonly seed: number;
}

export interface SampleOptions extends SampleTableOptions {
  /** Worker threads, ≥ 1. Any count gives byte-identical output. */
  readonly workers: number;
  /** The file to write (the first part's name stem with `partRows`); its directory is created if missing. */
  readonly out: string;
  /** arrow (IPC file), arrows (IPC stream), csv, jsonl or parquet; default: from the extension of `out`. */
  readonly format?: OutputFormat;
  /** Only this slice of the run (index of count, 0-based): the shards concatenated are the whole run. */
  readonly shard?: Shard;
  /** Split the output into part files of at most this many rows. */
  readonly partRows?: number;
  /** Called after each chunk is written with the rows written so far. */
  readonly onProgress?: (rowsDone: number) => void;
  /** Aborts the run (e.g. on Ctrl-C): nothing is left under `out`. */
  readonly signal?: AbortSignal;
}

function wholeNumber(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new DoppelError(
      'usage',
      `${name} must be a whole number of at least ${min} (got ${String(value)})`,
      [{ path: [name], message: `expected an integer ≥ ${min}` }],
    );
  }
  return value;
}

/** @throws DoppelError `usage` for rows < 1, a negative or fractional seed. */
export function maybeSampleTableOptions(options: SampleTableOptions): SampleTableOptions {
  return { rows: wholeNumber(options.rows, 'rows', 1), seed: wholeNumber(options.seed, 'seed', 0) };
}

/** @throws DoppelError `usage` for rows < 1, a bad seed, workers < 1 or an empty output path. */
export function maybeSampleOptions(options: SampleOptions): SampleOptions {
  if (typeof options.out !== 'string' || options.out.length === 0) {
    throw new DoppelError('usage', 'out must name the Arrow file to write', [
      { path: ['out'], message: 'expected a file path' },
    ]);
  }
  return {
    ...maybeSampleTableOptions(options),
    workers: wholeNumber(options.workers, 'workers', 1),
    out: options.out,
    format: outputFormatOf(options.out, options.format),
    ...(options.shard ? { shard: checkedShard(options.shard) } : {}),
    ...(options.partRows === undefined ? {} : { partRows: wholeNumber(options.partRows, 'partRows', 1) }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** @throws DoppelError `usage` unless 0 ≤ index < count. */
function checkedShard(shard: Shard): Shard {
  const count = wholeNumber(shard.count, 'shard count', 1);
  const index = wholeNumber(shard.index, 'shard index', 0);
  if (index >= count) {
    throw new DoppelError(
      'usage',
      `shard ${index}/${count} does not exist: shards of ${count} are numbered 0 to ${count - 1}`,
    );
  }
  return { index, count };
}
