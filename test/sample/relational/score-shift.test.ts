import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { fitRelational } from '../../../src/model/relational/fit-relational.js';
import { noFaker } from '../../../src/sample/load-faker.js';
import { prepareRelationalSampler } from '../../../src/sample/relational/prepare-relational-sampler.js';
import {
  type ScoreSums,
  sampleRelationalChunk,
} from '../../../src/sample/relational/sample-relational-chunk.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('score shift of later events (real panels: margarine purchases with repeat rules, PBC visits without)', () => {
  it('measures the chain’s drift of each number column and leaves a fresh sample’s later events centred', async () => {
    for (const path of ['schemas/margarine.json', 'test/data/pbcseq/pbcseq.json']) {
      const schemaPath = `${ROOT}${path}`;
      const tree = await loadRelationalSchema(schemaPath);
      const model = fitRelational(prepareRelational(tree, await readRelatedTables(tree, schemaPath)), {});
      const sampler = prepareRelationalSampler(model, noFaker);
      const child = sampler.children[0]!;
      const shift = child.scoreShift!;
      expect(child.shiftedDimensions.length).toBeGreaterThan(0);
      expect(shift).toHaveLength(child.shiftedDimensions.length);
      // The drift is real on these panels (margarine's prices reach +0.15), so the shift is not a no-op.
      expect(Math.max(...Array.from(shift, Math.abs))).toBeGreaterThan(0.05);
      // Deterministic: another preparation from the same model measures the same shift.
      expect(prepareRelationalSampler(model, noFaker).children[0]!.scoreShift).toEqual(shift);
      // A fresh sample (another seed than the calibration's): the sums are of the scores as drawn,
      // before the shift, so each drawn mean minus the shift is the mean the values come from.
      const sums: ScoreSums[] = sampler.children.map((c) => ({
        events: 0,
        sum: new Float64Array(c.shiftedDimensions.length),
      }));
      sampleRelationalChunk(
        sampler,
        { chunkIndex: 0, rowStart: 0, rowCount: 8192, seed: 77, totalRows: 8192 },
        undefined,
        sums,
      );
      const drawn = sums[0]!;
      expect(drawn.events).toBeGreaterThan(10_000);
      for (let k = 0; k < drawn.sum.length; k++)
        expect(Math.abs(drawn.sum[k]! / drawn.events - shift[k]!)).toBeLessThan(0.03);
    }
  }, 120_000);
});
