/**
 * The repeat calibration as the model keeps it (relational-model-format.ts `calibration`): written
 * at fit time (calibrate-model.ts) so that every sample skips the calibration's five passes over
 * 16,384 customers (~3 s of a short run on two workers). Privacy: its values are statistics of
 * synthetic draws of the model itself (a share of repeats, category weights, mean scores), no real
 * row is read, so it releases nothing the model does not (a private model's post-processing).
 */
import { createHash } from 'node:crypto';
import type {
  RelationalTableModel,
  StoredCalibration,
} from '../../model/relational/relational-model-format.js';
import {
  CALIBRATION_CUSTOMERS,
  CALIBRATION_SEED,
  CALIBRATION_STEPS,
  type RepeatCalibration,
} from './calibrate-repeats.js';
import type { PreparedRelationalSampler } from './prepare-relational-sampler.js';

/**
 * SHA-256 of the tables as JSON with sorted keys: the same for the fitted model in memory and for
 * the model read back from its file (whose keys follow the schema's order).
 */
export function tablesDigest(tables: readonly RelationalTableModel[]): string {
  const sorted = (_key: string, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, (value as Record<string, unknown>)[key]]),
        )
      : value;
  return `sha256:${createHash('sha256').update(JSON.stringify(tables, sorted)).digest('hex')}`;
}

/** A calibration of `sampler`'s model in the model's format. */
export function storedCalibration(
  sampler: PreparedRelationalSampler,
  calibration: RepeatCalibration,
): StoredCalibration {
  return {
    digest: tablesDigest(sampler.model.tables),
    customers: CALIBRATION_CUSTOMERS,
    steps: CALIBRATION_STEPS,
    seed: CALIBRATION_SEED,
    tables: sampler.children.map((child, c) => {
      const shift = calibration.scoreShifts[c] ?? null;
      return {
        table: child.name,
        scoreShift: shift === null ? null : Array.from(shift),
        repeats: child.repeats.map((rule, r) => {
          const { repeat, weights } = calibration.rules[c]![r]!;
          return {
            column: child.layoutModel.columns[rule.column]!.name,
            rate: Number.isNaN(repeat) ? null : repeat,
            weights: Array.from(weights),
          };
        }),
      };
    }),
  };
}

/**
 * The calibration the sampler's model keeps, or undefined when it keeps none or one that does not
 * fit: made from other tables (an edited model), with another calibration sample, or of another
 * shape than this sampler's rules and columns. Doubles survive JSON exactly, so it is the
 * calibration the fit computed, bit for bit.
 */
export function keptCalibration(sampler: PreparedRelationalSampler): RepeatCalibration | undefined {
  const kept = sampler.model.calibration;
  if (
    kept === undefined ||
    kept.customers !== CALIBRATION_CUSTOMERS ||
    kept.steps !== CALIBRATION_STEPS ||
    kept.seed !== CALIBRATION_SEED ||
    kept.tables.length !== sampler.children.length ||
    kept.digest !== tablesDigest(sampler.model.tables)
  )
    return undefined;
  const fits = sampler.children.every((child, c) => {
    const table = kept.tables[c]!;
    return (
      table.table === child.name &&
      (table.scoreShift === null || table.scoreShift.length === child.shiftedDimensions.length) &&
      table.repeats.length === child.repeats.length &&
      child.repeats.every(
        (rule, r) =>
          table.repeats[r]!.column === child.layoutModel.columns[rule.column]!.name &&
          table.repeats[r]!.weights.length === rule.probabilities.length,
      )
    );
  });
  if (!fits) return undefined;
  return {
    rules: kept.tables.map((table) =>
      table.repeats.map(({ rate, weights }) => ({
        repeat: rate ?? Number.NaN,
        weights: Float64Array.from(weights),
      })),
    ),
    scoreShifts: kept.tables.map((table) =>
      table.scoreShift === null ? null : Float64Array.from(table.scoreShift),
    ),
  };
}
