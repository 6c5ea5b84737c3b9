import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnStrings, MARGARINE_SCHEMA, readArrow, repeatShare } from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

const PURCHASES = 'margarine_purchases';

/** The model's own repeat rate of an event table's categorical column (its `repeat:` indicator). */
function modelRepeatRate(modelPath: string, table: string, column: string): number {
  const model = JSON.parse(readFileSync(modelPath, 'utf8')) as {
    tables: { name: string; model: { columns: { name: string; trueProbability?: number }[] } }[];
  };
  const rate = model.tables
    .find((t) => t.name === table)
    ?.model.columns.find((c) => c.name === `repeat:${column}`)?.trueProbability;
  if (rate === undefined) throw new Error(`no repeat:${column} in ${table}`);
  return rate;
}

/**
 * The sampler calibrates its repeat thresholds on a fixed sample of the model itself
 * (src/sample/relational/calibrate-repeats.ts); that sample's noise is a bias every release shares.
 * On the seed-4 training split of margarine the old 4,096-customer calibration left large samples'
 * brand loyalty about 0.006 under the model's rate (this run: 0.0047, which fails here); with 16,384
 * customers this run is 0.0007 off.
 */
describe('repeat calibration through the real CLI (margarine, 70% training split, seed 4)', () => {
  it('a large sample repeats brands at the fitted rate, within the calibration’s precision', () => {
    const dir = temporaryDirectory();
    runDoppelOk(['split', '--schema', MARGARINE_SCHEMA, '--holdout', '0.3', '--seed', '4', '--out-dir', dir]);
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', join(dir, 'train', 'schema.json'), '-o', model]);
    const out = join(dir, 'synthetic');
    runDoppelOk(['sample', model, '--rows', '30000', '--seed', '1', '--out', out]);
    const purchases = readArrow(join(out, `${PURCHASES}.arrow`));
    const share = repeatShare(columnStrings(purchases, 'hhid'), columnStrings(purchases, 'choice'));
    const rate = modelRepeatRate(model, PURCHASES, 'choice');
    expect(Math.abs(share - rate)).toBeLessThan(0.004);
  }, 300_000);
});
