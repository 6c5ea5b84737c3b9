/**
 * A seed plan of several tables with foreign keys, as a relational model will hand it over: doppel
 * creates the tables parents first with their keys declared, streams each table's batches in, and
 * the database (real PostgreSQL and SQLite) holds exactly those rows with every constraint kept.
 */
import { type RecordBatch, type Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { seedPlanInto } from '../../../src/io/database/seed-model.js';
import type { SeedPlan } from '../../../src/io/database/seed-plan.js';
import { freshPostgres, pgQuery, sqlitePath, sqliteQuery } from './databases.js';

const HOUSEHOLDS = 1000;
const PURCHASES = 5000;

async function* batchesOf(columns: Record<string, unknown>, batchRows: number): AsyncGenerator<RecordBatch> {
  const table = tableFromArrays(columns as never) as unknown as Table;
  for (let start = 0; start < table.numRows; start += batchRows) {
    yield* table.slice(start, Math.min(table.numRows, start + batchRows)).batches;
  }
}

/** Households and their purchases: keys assigned in the batches, each purchase's household valid. */
function plan(): SeedPlan {
  const household = Int32Array.from({ length: HOUSEHOLDS }, (_, i) => i + 1);
  const income = Float64Array.from({ length: HOUSEHOLDS }, (_, i) => 1000 + ((i * 37) % 500) / 4);
  const purchaseId = Int32Array.from({ length: PURCHASES }, (_, i) => i + 1);
  const owner = Int32Array.from({ length: PURCHASES }, (_, i) => 1 + ((i * 7919) % HOUSEHOLDS));
  const brand = Array.from({ length: PURCHASES }, (_, i) => ['Pk', 'Bb', 'Fl', 'Hse'][i % 4]);
  const day = Array.from({ length: PURCHASES }, (_, i) => new Date(Date.UTC(2024, 0, 1 + (i % 300))));
  return {
    tables: [
      {
        name: 'households',
        columns: [
          { name: 'id', type: 'integer', notNull: true, distinct: true },
          { name: 'income', type: 'double', notNull: true, distinct: false },
        ],
        primaryKey: ['id'],
        uniques: [],
        foreignKeys: [],
        rows: HOUSEHOLDS,
        batches: () => batchesOf({ id: household, income }, 300),
      },
      {
        name: 'purchases',
        columns: [
          { name: 'id', type: 'integer', notNull: true, distinct: true },
          { name: 'household_id', type: 'integer', notNull: true, distinct: false },
          { name: 'brand', type: 'text', notNull: true, distinct: false },
          { name: 'day', type: 'date', notNull: true, distinct: false },
        ],
        primaryKey: ['id'],
        uniques: [['household_id', 'id']],
        foreignKeys: [{ columns: ['household_id'], table: 'households', references: ['id'] }],
        rows: PURCHASES,
        batches: () => batchesOf({ id: purchaseId, household_id: owner, brand, day }, 1024),
      },
    ],
  };
}

const CHECKS = `SELECT
  (SELECT count(*) FROM households) AS households,
  (SELECT count(*) FROM purchases) AS purchases,
  (SELECT count(*) FROM purchases p LEFT JOIN households h ON h.id = p.household_id WHERE h.id IS NULL) AS orphans,
  (SELECT sum(household_id) FROM purchases) AS owner_sum,
  (SELECT min(day) FROM purchases) AS first_day`;

describe('a multi-table seed plan', () => {
  it('PostgreSQL: creates both tables with the foreign key declared and holds the plan’s rows', async () => {
    const url = await freshPostgres();
    const summary = await seedPlanInto(plan(), {
      target: { db: url },
      seed: 1,
      rows: 0,
      existingRows: 'refuse',
    });
    expect(summary.tables.map((t) => [t.table, t.rows, t.created])).toEqual([
      ['households', HOUSEHOLDS, true],
      ['purchases', PURCHASES, true],
    ]);
    const [row] = await pgQuery(url, CHECKS.replace('min(day)', "to_char(min(day), 'YYYY-MM-DD')"));
    expect(row).toEqual({
      households: '1000',
      purchases: '5000',
      orphans: '0',
      owner_sum: String(
        Array.from({ length: PURCHASES }, (_, i) => 1 + ((i * 7919) % HOUSEHOLDS)).reduce((a, b) => a + b),
      ),
      first_day: '2024-01-01',
    });
    const keys = await pgQuery(
      url,
      "SELECT contype FROM pg_constraint WHERE conrelid = 'purchases'::regclass ORDER BY contype",
    );
    expect(keys.map((k) => k.contype)).toEqual(['f', 'p', 'u']);
  });

  it('SQLite: the same, with the foreign key in the table definition', async () => {
    const path = sqlitePath();
    await seedPlanInto(plan(), {
      target: { db: `sqlite:${path}` },
      seed: 1,
      rows: 0,
      existingRows: 'refuse',
    });
    const [row] = sqliteQuery(path, CHECKS);
    expect(row).toMatchObject({ households: 1000, purchases: 5000, orphans: 0, first_day: '2024-01-01' });
    expect(
      sqliteQuery(path, 'SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'purchases\')'),
    ).toEqual([{ table: 'households', from: 'household_id', to: 'id' }]);
    expect(sqliteQuery(path, 'PRAGMA foreign_key_check')).toEqual([]);
  });
});
