import { DoppelError } from '../errors.js';
import { freeBytesFor } from '../io/free-space.js';
import type { Model } from '../model/model-format.js';
import { estimateOutputBytes } from './estimate-output.js';
import type { OutputFormat } from './write-output.js';

/** Decimal units, as `df -H` and disk vendors count. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Refuses, before any file exists, a run whose estimated output does not fit the free space of the
 * disk it goes to: a run that fills the disk fails after hours, and meanwhile starves everything
 * else that writes there.
 * @throws DoppelError `too-large` naming the estimate and the free space.
 */
export async function checkOutputFits(
  model: Model,
  rows: number,
  format: OutputFormat,
  out: string,
): Promise<void> {
  const free = await freeBytesFor(out);
  if (free === null) return;
  const estimate = estimateOutputBytes(model, rows, format);
  if (estimate.bytes <= free) return;
  throw new DoppelError(
    'too-large',
    `${rows.toLocaleString('en')} rows would write about ${formatBytes(estimate.bytes)} to ${out} ` +
      `(about ${Math.ceil(estimate.bytesPerRow)} bytes a row as ${format}, estimated from the model), ` +
      `but only ${formatBytes(free)} is free there: sample fewer rows, free space, write to a larger disk, ` +
      'or split the run across machines with --shard',
    [
      {
        path: ['rows'],
        message: `at most about ${Math.floor(free / Math.max(1, estimate.bytesPerRow)).toLocaleString('en')} rows fit`,
      },
    ],
  );
}
