import { DoppelError } from '../errors.js';
import { freeBytesFor } from '../io/free-space.js';
import type { OutputFormat } from '../io/write-output.js';
import type { Model } from '../model/model-format.js';
import { estimateOutputBytes } from './estimate-output.js';

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
 * More bytes a row than any format takes (JSON Lines, the widest, repeats each column name): a
 * number or date ≤ 40 characters, a category its longest label, a generated value ≤ 256 characters,
 * each doubled for quoting and escapes.
 */
function generousBytesPerRow(model: Model): number {
  let bytes = 2;
  for (const column of model.columns) {
    const longestLabel =
      column.kind === 'categorical'
        ? column.categories.reduce((most, label) => Math.max(most, Buffer.byteLength(label)), 0)
        : 0;
    const value =
      column.kind === 'categorical'
        ? longestLabel
        : column.kind === 'identifier' || column.kind === 'personal'
          ? 256
          : 40;
    bytes += 2 * (Buffer.byteLength(column.name) + value + 4);
  }
  return bytes;
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
  // An empty shard writes only a schema.
  if (rows === 0) return;
  const free = await freeBytesFor(out);
  if (free === null) return;
  // The pilot costs a fraction of a second; skip it when even a generous bound fits.
  if (rows * generousBytesPerRow(model) <= free) return;
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
