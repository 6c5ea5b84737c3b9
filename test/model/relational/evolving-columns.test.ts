import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { evolvingColumns, firstValueSummaries } from '../../../src/model/relational/evolving-columns.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';
import { ROOT } from '../../cli/run-doppel.js';

async function childOf(schemaPath: string) {
  const tree = await loadRelationalSchema(schemaPath);
  const data = prepareRelational(tree, await readRelatedTables(tree, schemaPath));
  return { root: data.tables[0]!, child: data.tables[1]! };
}

describe('evolving event columns, decided from the values', () => {
  it('PSID panel: year, experience and wage evolve (changes carry at most half the variance); weeks worked do not', async () => {
    const { root, child } = await childOf(join(ROOT, 'test/data/psid/psid.json'));
    expect(evolvingColumns(child.prepared, child.parentRow!, 5)).toEqual(['year', 'experience', 'wage']);
    const [year] = firstValueSummaries(
      'psid_years',
      child.prepared,
      child.parentRow!,
      root.prepared.rowCount,
      ['year'],
    );
    expect(year!.spec).toEqual({ name: 'psid_years.first(year)', kind: 'integer' });
    // A balanced panel: every worker's first record is 1976.
    expect(new Set(year!.values as Float64Array)).toEqual(new Set([1976]));
  });

  it('margarine panel: prices that move around a level stay levels', async () => {
    const { child } = await childOf(join(ROOT, 'schemas/margarine.json'));
    expect(evolvingColumns(child.prepared, child.parentRow!, 5)).toEqual([]);
  });
});
