/**
 * How many bytes a sampling run will write, estimated from the model before any row is written:
 * a pilot of the run's first rows is encoded in the output format, once whole and once its first
 * half, which separates the per-row cost from the fixed cost (schema, dictionaries, header).
 */
import { tableToIPC } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { textRowsOf } from '../io/text-rows.js';
import type { OutputFormat } from '../io/write-output.js';
import type { Model } from '../model/model-format.js';
import { sampleTable } from './sample-table.js';

/** Rows in the pilot: enough for a stable mean width, little enough to cost a few milliseconds. */
const PILOT_ROWS = 1_000;

export interface OutputEstimate {
  readonly bytes: number;
  readonly bytesPerRow: number;
}

type Pilot = ReturnType<typeof sampleTable>;

/** The pilot's bytes in `format`; Parquet is estimated as Arrow IPC, an upper bound (no compression). */
function encodedBytes(pilot: Pilot, format: OutputFormat): number {
  switch (format) {
    case 'arrow':
    case 'parquet':
      return tableToIPC(pilot, 'file').byteLength;
    case 'arrows':
      return tableToIPC(pilot, 'stream').byteLength;
    case 'csv':
      return Buffer.byteLength(
        stringify(textRowsOf(pilot, ''), { header: true, columns: pilot.schema.fields.map((f) => f.name) }),
      );
    case 'jsonl':
      return textRowsOf(pilot, null).reduce(
        (sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1,
        0,
      );
    default:
      throw new Error(`encodedBytes: unhandled format ${format satisfies never}`);
  }
}

/**
 * The estimated size of `rows` rows of `model` in `format`.
 * @example estimateOutputBytes(telcoModel, 1e12, 'arrow') // { bytes: ≈ 5.6e13, bytesPerRow: ≈ 56 }
 */
export function estimateOutputBytes(model: Model, rows: number, format: OutputFormat): OutputEstimate {
  const pilot = sampleTable(model, { rows: Math.min(rows, PILOT_ROWS), seed: 0 });
  const whole = encodedBytes(pilot, format);
  const half = Math.floor(pilot.numRows / 2);
  const perRow =
    half > 0 ? Math.max(0, (whole - encodedBytes(pilot.slice(0, half), format)) / (pilot.numRows - half)) : 0;
  const fixed = Math.max(0, whole - perRow * pilot.numRows);
  return { bytes: fixed + perRow * rows, bytesPerRow: perRow };
}
