import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnStrings, MARGARINE_SCHEMA, readArrow, repeatShare } from './related-helpers.js';
import { runDoppelOk, temporaryDirectory } from './run-doppel.js';

const PURCHASES = 'margarine_purchases';

interface ModelColumn {
  name: string;
  trueProbability?: number;
  categories?: string[];
  probabilities?: number[];
}

function eventColumn(modelPath: string, table: string, name: string): ModelColumn {
  const model = JSON.parse(readFileSync(modelPath, 'utf8')) as {
    tables: { name: string; model: { columns: ModelColumn[] } }[];
  };
  const column = model.tables.find((t) => t.name === table)?.model.columns.find((c) => c.name === name);
  if (column === undefined) throw new Error(`no ${name} in ${table}`);
  return column;
}

/** Total variation between the categories of events after a first one (same parent before) and the model's rates. */
function laterEventsDistance(
  parents: (string | null)[],
  values: (string | null)[],
  column: ModelColumn,
): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (let i = 1; i < values.length; i++) {
    if (parents[i] !== parents[i - 1] || values[i] === null) continue;
    counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
    total++;
  }
  let distance = 0;
  column.categories!.forEach((category, k) => {
    distance += Math.abs((counts.get(category) ?? 0) / total - column.probabilities![k]!);
  });
  return distance / 2;
}

/**
 * The sampler calibrates its repeat thresholds on a fixed sample of the model itself
 * (src/sample/relational/calibrate-repeats.ts); that sample's noise is a bias every release shares.
 * On the seed-4 training split of margarine the old 4,096-customer calibration left large samples'
 * brand loyalty about 0.006 under the model's rate (this run: 0.0047, which fails here); with 16,384
 * customers this run is 0.0007 off.
 */
describe('repeat calibration through the real CLI (margarine, 70% training split, seed 4)', () => {
  it('a large sample repeats brands at the fitted rate and buys each brand at the fitted rate, within the calibration’s precision', () => {
    const dir = temporaryDirectory();
    runDoppelOk(['split', '--schema', MARGARINE_SCHEMA, '--holdout', '0.3', '--seed', '4', '--out-dir', dir]);
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', join(dir, 'train', 'schema.json'), '-o', model]);
    const out = join(dir, 'synthetic');
    runDoppelOk(['sample', model, '--rows', '30000', '--seed', '1', '--out', out]);
    const purchases = readArrow(join(out, `${PURCHASES}.arrow`));
    const parents = columnStrings(purchases, 'hhid');
    const choices = columnStrings(purchases, 'choice');
    const rate = eventColumn(model, PURCHASES, 'repeat:choice').trueProbability!;
    expect(Math.abs(repeatShare(parents, choices) - rate)).toBeLessThan(0.004);
    const distance = laterEventsDistance(parents, choices, eventColumn(model, PURCHASES, 'event:choice'));
    // Without the category calibration this is 0.143; with three steps 0.028, with five 0.015.
    expect(distance).toBeLessThan(0.025);
  }, 300_000);
});
