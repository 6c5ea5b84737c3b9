/**
 * Checks both mixture suites run (column groups on telco, latent groups on margarine_purchases):
 * files for several worker counts, the protocol's quality ratio, and the loader's issues.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { splitTable } from '../../src/io/split-table.js';
import { fit } from '../../src/model/fit.js';
import { parseModel } from '../../src/model/load-model.js';
import type { Model } from '../../src/model/model-format.js';
import { sample } from '../../src/sample/sample.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { validate } from '../../src/validate/validate.js';
import { temporaryDirectory } from '../cli/run-doppel.js';

/** The Arrow files `sample` writes for each worker count (same model, rows and seed). */
export async function filesForWorkers(model: Model, rows: number, workerCounts: number[]): Promise<Buffer[]> {
  const dir = temporaryDirectory();
  const files: Buffer[] = [];
  for (const workers of workerCounts) {
    const out = join(dir, `w${workers}.arrow`);
    await sample(model, { rows, seed: 5, workers, out });
    files.push(readFileSync(out));
  }
  return files;
}

/**
 * doppel's quality over the holdout's (all pairs, ratio of the mean scores over 70/30 splits), as
 * scripts/fidelity-benchmark.ts computes it; `inspect` sees each split's model.
 */
export function holdoutRatio(
  real: Table,
  schema: DatasetSchema,
  seeds: number[],
  inspect: (model: Model) => void,
): number {
  let ceiling = 0;
  let doppel = 0;
  for (const seed of seeds) {
    const { train, holdout } = splitTable(real, 0.3, makeRandom(seed, 0));
    const fitted = fit(train, schema, { seed });
    inspect(fitted);
    const synthetic = sampleTable(fitted, { rows: holdout.numRows, seed });
    ceiling += validate(train, holdout, schema, { seed, target: null }).quality.overallAllPairs!;
    doppel += validate(train, synthetic, schema, { seed, target: null }).quality.overallAllPairs!;
  }
  return doppel / ceiling;
}

/** The loader's issues with a model, as JSON text, or 'accepted'. */
export function modelIssues(value: unknown): string {
  try {
    parseModel(value);
  } catch (error) {
    return JSON.stringify((error as { issues: unknown }).issues);
  }
  return 'accepted';
}
