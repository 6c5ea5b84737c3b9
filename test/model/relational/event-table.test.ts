import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelatedTables } from '../../../src/io/read-related-tables.js';
import { type BatchedColumn, materialized, wholeColumn } from '../../../src/model/partial/batched-table.js';
import { behaviourSummaries, summaryName } from '../../../src/model/relational/behaviour-summaries.js';
import { EVENT, PARENT, PREVIOUS, REPEAT } from '../../../src/model/relational/child-column-prefixes.js';
import { type Augmented, eventTable } from '../../../src/model/relational/event-table.js';
import { timedOrderColumn } from '../../../src/model/relational/event-timing.js';
import { changeColumn, DELTA, evolvingColumns } from '../../../src/model/relational/evolving-columns.js';
import { SCORE_DELTA, scoreChangeColumn } from '../../../src/model/relational/score-changes.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';
import { ROOT } from '../../cli/run-doppel.js';

/**
 * The event table of a real panel's first child, its parent carrying the child's behaviour
 * summaries (as the relational fit's augmented parent does).
 */
async function eventsOf(schema: string) {
  const schemaPath = join(ROOT, schema);
  const tree = await loadRelationalSchema(schemaPath);
  const data = prepareRelational(tree, await readRelatedTables(tree, schemaPath));
  const root = data.tables[0]!;
  const child = data.tables[1]!;
  const parentRow = child.parentRow!;
  const summaries = behaviourSummaries(child.spec.name, child.prepared, parentRow, root.prepared.rowCount);
  const parent: Augmented = {
    table: root,
    prepared: { ...root.prepared, columns: [...root.prepared.columns, ...summaries] },
    schema: { ...root.schema, columns: [...root.schema.columns, ...summaries.map((c) => c.spec)] },
  };
  const own: Augmented = { table: child, prepared: child.prepared, schema: child.schema };
  const evolving = evolvingColumns(child.prepared, parentRow, 5);
  const order = timedOrderColumn(child.spec.parent!.order, child.prepared);
  const events = eventTable(own, parent, parentRow, {
    minCount: 5,
    used: null,
    parentColumn: null,
    evolving,
    order,
    firstOnly: [],
  });
  return { root, child, parentRow, parent, events, evolving };
}

/** A column's values read in batches of `size` rows, joined. */
function inBatches(column: BatchedColumn, rows: number, size: number): Float64Array | (string | null)[] {
  if (column.type === 'number') {
    const out = new Float64Array(rows);
    for (let from = 0; from < rows; from += size)
      out.set(column.read(from, Math.min(rows, from + size)), from);
    return out;
  }
  const out: (string | null)[] = [];
  for (let from = 0; from < rows; from += size) out.push(...column.read(from, Math.min(rows, from + size)));
  return out;
}

describe('event tables computed per batch of rows (event-table.ts)', () => {
  it.each([['schemas/margarine.json'], ['test/data/psid/psid.json'], ['test/data/pbcseq/pbcseq.json']])(
    '%s: every column read in batches of 333 rows is the column read whole',
    async (schema) => {
      const { events } = await eventsOf(schema);
      const { table } = events;
      expect(table.rowCount).toBeGreaterThan(1000);
      expect(table.columns.length).toBeGreaterThan(10);
      const whole = materialized(table);
      table.columns.forEach((column, c) => {
        expect(whole.columns[c]!.values).toEqual(wholeColumn(column, table.rowCount).values);
        expect(inBatches(column, table.rowCount, 333), column.spec.name).toEqual(whole.columns[c]!.values);
      });
    },
  );

  it('margarine: rows are the purchases after a household’s first, with the raw values of that, the previous purchase and the household', async () => {
    const { child, root, parentRow, parent, events } = await eventsOf('schemas/margarine.json');
    const { table, owners } = events;
    // Counted from the foreign keys: every purchase but each household's first.
    const households = new Set(parentRow).size;
    expect(events.previous).toBe(true);
    expect(table.rowCount).toBe(child.prepared.rowCount - households);
    const rows: number[] = [];
    for (let i = 1; i < parentRow.length; i++) if (parentRow[i] === parentRow[i - 1]) rows.push(i);
    expect(Array.from(owners)).toEqual(rows.map((r) => parentRow[r]));
    const byName = new Map(materialized(table).columns.map((c) => [c.spec.name, c.values]));
    const choice = child.prepared.columns.find((c) => c.spec.name === 'choice')!.values;
    expect(byName.get(`${EVENT}choice`)).toEqual(rows.map((r) => choice[r]));
    expect(byName.get(`${PREVIOUS}choice`)).toEqual(rows.map((r) => choice[r - 1]));
    expect(byName.get(`${REPEAT}choice`)).toEqual(
      rows.map((r) => (choice[r] === choice[r - 1] ? 'true' : 'false')),
    );
    const income = root.prepared.columns.find((c) => c.spec.name === 'Income')!.values as Float64Array;
    expect(byName.get(`${PARENT}Income`)).toEqual(Float64Array.from(rows, (r) => income[parentRow[r]!]!));
    // The household's repeat share without the purchase's own pair (leave one out).
    const share = byName.get(`${PARENT}${summaryName.repeat(child.spec.name, 'choice')}`) as Float64Array;
    expect(share).toBeDefined();
    expect(parent.prepared.rowCount).toBe(root.prepared.rowCount);
    const at = rows.findIndex((r, i) => i > 0 && parentRow[r] === parentRow[rows[i - 1]!]);
    const household = parentRow[rows[at]!]!;
    const pairs = rows.filter((r) => parentRow[r] === household);
    const repeats = pairs.filter((r) => choice[r] === choice[r - 1]).length;
    const own = choice[rows[at]!] === choice[rows[at]! - 1] ? 1 : 0;
    expect(share[at]).toBe((repeats - own) / (pairs.length - 1));
  });
});

describe('changes of evolving columns computed per batch of rows', () => {
  it('PSID: wage changes in score space, year and experience in units; any range read equals the same range of the whole', async () => {
    const { child, parentRow, events, evolving } = await eventsOf('test/data/psid/psid.json');
    expect(evolving).toEqual(['year', 'experience', 'wage']);
    const names = events.table.columns.map((c) => c.spec.name);
    expect(names).toEqual(
      expect.arrayContaining([`${DELTA}year`, `${DELTA}experience`, `${SCORE_DELTA}wage`]),
    );
    const rows: number[] = [];
    for (let i = 1; i < parentRow.length; i++) if (parentRow[i] === parentRow[i - 1]) rows.push(i);
    const indices = Int32Array.from(rows);
    const experience = child.prepared.columns.find((c) => c.spec.name === 'experience')!;
    const delta = changeColumn(experience, indices);
    const values = experience.values as Float64Array;
    expect(delta.read(100, 700)).toEqual(
      Float64Array.from(rows.slice(100, 700), (r) => values[r]! - values[r - 1]!),
    );
    // A balanced panel, one record a year: every change of year is one.
    const year = changeColumn(child.prepared.columns.find((c) => c.spec.name === 'year')!, indices);
    expect(new Set(year.read(0, rows.length) as Float64Array)).toEqual(new Set([1]));
    const wage = scoreChangeColumn(child.prepared.columns.find((c) => c.spec.name === 'wage')!, indices);
    const whole = wage.read(0, rows.length) as Float64Array;
    expect(wage.read(1234, 2345)).toEqual(whole.subarray(1234, 2345));
    expect(whole.every(Number.isFinite)).toBe(true);
  });
});
