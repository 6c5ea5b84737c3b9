import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { fitRelational } from '../../../src/model/relational/fit-relational.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';
import { ROOT } from '../../cli/run-doppel.js';

async function prepared(schema: string) {
  const schemaPath = join(ROOT, schema);
  const tree = await loadRelationalSchema(schemaPath);
  return prepareRelational(tree, await readRelatedTables(tree, schemaPath));
}

/**
 * The events copula summed over batches of events (src/model/partial/owned-batch-fit.ts) replays
 * the row fit's scores and continues its Pearson sums batch after batch: the model is the row
 * fit's, whatever the batch size (odd sizes split customers' histories across batches).
 */
describe('relational fit with event tables summed over batches', () => {
  it.each([
    ['schemas/margarine.json', 5],
    ['schemas/margarine.json', 40],
    ['test/data/egsingle/egsingle.json', 5],
    ['test/data/psid/psid.json', 5],
    ['test/data/pbcseq/pbcseq.json', 5],
  ])(
    '%s, k = %i: the same model as the row fit, in batches of 1,000, 333 and all events',
    async (schema, k) => {
      const data = await prepared(schema);
      const row = fitRelational(data, { stream: false, minCount: k });
      for (const eventBatchRows of [1000, 333, undefined])
        expect(
          fitRelational(data, {
            stream: true,
            minCount: k,
            ...(eventBatchRows === undefined ? {} : { eventBatchRows }),
          }),
        ).toEqual(row);
    },
    120_000,
  );

  it('a seed other than the default replays that seed’s draws', async () => {
    const data = await prepared('schemas/margarine.json');
    expect(fitRelational(data, { stream: true, seed: 7, eventBatchRows: 500 })).toEqual(
      fitRelational(data, { stream: false, seed: 7 }),
    );
  }, 120_000);
});
