import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRelated } from '../../src/pipeline/run-related.js';
import { loadRelationalSchema } from '../../src/schema/load-relational-schema.js';
import { MARGARINE_SCHEMA } from '../cli/related-helpers.js';
import { temporaryDirectory } from '../cli/run-doppel.js';

describe('runRelated (split by customer -> fit -> sample) on the margarine panel', () => {
  it('holds households out with all their purchases and samples as many synthetic households as the holdout', async () => {
    const tree = await loadRelationalSchema(MARGARINE_SCHEMA);
    const out = join(temporaryDirectory(), 'synthetic');
    const result = await runRelated(tree, MARGARINE_SCHEMA, { holdout: 0.3, seed: 2, workers: 1, out });
    const households = 'margarine_households';
    const purchases = 'margarine_purchases';
    const train = result.train.tables.get(households)!;
    const holdout = result.holdout.tables.get(households)!;
    expect(train.numRows + holdout.numRows).toBe(516);
    expect(holdout.numRows).toBe(155);
    expect(result.train.tables.get(purchases)!.numRows + result.holdout.tables.get(purchases)!.numRows).toBe(
      4470,
    );
    expect(result.synthetic.tables.get(households)!.numRows).toBe(155);
    expect(result.synthetic.relationships).toEqual([
      { parentTable: households, parentPrimaryKey: 'hhid', childTable: purchases, childForeignKey: 'hhid' },
    ]);
    expect(result.synthetic.sequenceOrder.get(purchases)).toBeNull();
    expect(result.model.fit.customersUsed).toBe(361);
    expect(result.files.map((f) => f.path)).toEqual([
      join(out, `${households}.arrow`),
      join(out, `${purchases}.arrow`),
    ]);
  });
});
