import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { evolvingColumns, firstValueSummaries } from '../../../src/model/relational/evolving-columns.js';
import { firstEventColumns } from '../../../src/model/relational/first-events.js';
import {
  empiricalScores,
  scoreBound,
  scoreChangeColumns,
} from '../../../src/model/relational/score-changes.js';
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

/** The rows of a child that have a previous event of the same parent. */
function rowsWithPrevious(parentRow: Int32Array): number[] {
  const rows: number[] = [];
  for (let i = 1; i < parentRow.length; i++) if (parentRow[i] === parentRow[i - 1]) rows.push(i);
  return rows;
}

describe('changes in normal-score space, decided from the values', () => {
  it('takes the columns whose changes grow with their level (wages, bilirubin), never a counter or the timed order', async () => {
    const psid = await childOf(join(ROOT, 'test/data/psid/psid.json'));
    const psidEvolving = evolvingColumns(psid.child.prepared, psid.child.parentRow!, 5);
    expect(
      scoreChangeColumns(psid.child.prepared, rowsWithPrevious(psid.child.parentRow!), psidEvolving, 'year'),
    ).toEqual(['wage']);
    const pbc = await childOf(join(ROOT, 'test/data/pbcseq/pbcseq.json'));
    const pbcEvolving = evolvingColumns(pbc.child.prepared, pbc.child.parentRow!, 5);
    expect(pbcEvolving).toEqual(['day', 'bili', 'stage']);
    expect(
      scoreChangeColumns(pbc.child.prepared, rowsWithPrevious(pbc.child.parentRow!), pbcEvolving, 'day'),
    ).toEqual(['bili']);
  });

  it('scores a value at the middle of its mass, an outside value as the nearest end', () => {
    const scores = empiricalScores(Float64Array.of(1, 2, 2, 3), [2, 0, 9]);
    expect(scores[0]).toBeCloseTo(0, 12);
    expect(scores[1]).toBeCloseTo(-scoreBound(4), 12);
    expect(scores[2]).toBeCloseTo(scoreBound(4), 12);
    expect(scoreBound(4)).toBeCloseTo(1.1503, 4);
  });
});

describe('first events unlike the later ones, decided from the values', () => {
  it('PBC: diagnosis visits differ from follow-ups in the laboratory values complete at diagnosis', async () => {
    const { child } = await childOf(join(ROOT, 'test/data/pbcseq/pbcseq.json'));
    // Cholesterol and platelets differ too but are missing at some first visits; day, bilirubin and
    // stage evolve (they start from a first value already).
    expect(firstEventColumns(child.prepared, child.parentRow!, ['day', 'bili', 'stage'], 5)).toEqual([
      'albumin',
      'alk.phos',
      'ast',
      'protime',
    ]);
  });

  it('PSID: a worker’s first year is like the others in weeks worked', async () => {
    const { child } = await childOf(join(ROOT, 'test/data/psid/psid.json'));
    expect(firstEventColumns(child.prepared, child.parentRow!, ['year', 'experience', 'wage'], 5)).toEqual(
      [],
    );
  });
});
