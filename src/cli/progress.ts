import { SingleBar } from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  update(rowsDone: number): void;
  stop(): void;
}

/**
 * A progress bar (rows, rows/s, ETA) on an interactive terminal; nothing when stderr is not a TTY
 * (CI logs, pipes) or with --quiet, so logs stay clean.
 */
export function startProgress(output: Output, total: number, quiet: boolean): Progress {
  if (quiet || !output.interactive) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  const bar = new SingleBar({
    format: 'sampling [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  });
  bar.start(total, 0, { rate: 0 });
  return {
    update: (rowsDone) => {
      const seconds = (Date.now() - started) / 1000;
      bar.update(rowsDone, { rate: seconds > 0 ? Math.round(rowsDone / seconds).toLocaleString('en') : 0 });
    },
    stop: () => bar.stop(),
  };
}
