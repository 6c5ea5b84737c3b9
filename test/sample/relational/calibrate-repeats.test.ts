import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { fitRelational } from '../../../src/model/relational/fit-relational.js';
import { noFaker } from '../../../src/sample/load-faker.js';
import { prepareRelationalSampler } from '../../../src/sample/relational/prepare-relational-sampler.js';
import { sampleRelationalChunk } from '../../../src/sample/relational/sample-relational-chunk.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Same-category share over consecutive events of one parent, from a chunk's key and category buffers. */
function sameShare(keys: BigInt64Array, values: ArrayLike<number>, rows: number): number {
  let pairs = 0;
  let same = 0;
  for (let i = 1; i < rows; i++) {
    if (keys[i] !== keys[i - 1]) continue;
    pairs++;
    if (values[i] === values[i - 1]) same++;
  }
  return same / pairs;
}

describe('repeat calibration (margarine households and purchases, the real data)', () => {
  it('samples histories that repeat a brand at the model’s own rate, with the same thresholds on every preparation', async () => {
    for (const path of ['schemas/margarine.json', 'test/data/psid/psid.json']) {
      const schemaPath = `${ROOT}${path}`;
      const tree = await loadRelationalSchema(schemaPath);
      const model = fitRelational(prepareRelational(tree, await readRelatedTables(tree, schemaPath)), {});
      const sampler = prepareRelationalSampler(model, noFaker);
      const again = prepareRelationalSampler(model, noFaker);
      const child = sampler.children[0]!;
      expect(child.repeats.length).toBeGreaterThan(0);
      expect(again.children[0]!.repeats.map((r) => r.threshold)).toEqual(
        child.repeats.map((r) => r.threshold),
      );
      // A fresh sample (another seed than the calibration's): each share within 0.01 of the model's rate.
      const chunks = sampleRelationalChunk(sampler, {
        chunkIndex: 0,
        rowStart: 0,
        rowCount: 8192,
        seed: 77,
        totalRows: 8192,
      });
      const events = chunks[child.tableIndex]!;
      const keys = events.columns[child.foreignKeyColumn]!.values as BigInt64Array;
      for (const rule of child.repeats) {
        if (rule.probability <= 0 || rule.probability >= 1) continue;
        const share = sameShare(
          keys,
          events.columns[rule.column]!.values as ArrayLike<number>,
          events.rowCount,
        );
        expect(Math.abs(share - rule.probability)).toBeLessThan(0.01);
      }
    }
  }, 120_000);
});
