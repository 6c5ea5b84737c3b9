import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPreparedRelational, readRelatedTables } from '../../../src/io/read-related-tables.js';
import { writeTable } from '../../../src/io/write-table.js';
import { fitRelational } from '../../../src/model/relational/fit-relational.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import type { PreparedRelational } from '../../../src/schema/prepare-relational.js';
import { prepareRelational } from '../../../src/schema/prepare-relational.js';
import type { PreparedColumn } from '../../../src/schema/prepare-table.js';
import { ROOT } from '../../cli/run-doppel.js';

/** The prepared tables with each child's foreign key column back: its parent's key, row by row. */
function withForeignKeys(data: PreparedRelational): PreparedRelational {
  const tables = data.tables.map((table) => {
    if (table.parentRow === null || !table.spec.parent) return table;
    const parent = data.byName.get(table.spec.parent.table)!;
    const key = parent.prepared.columns.find((c) => c.spec.name === parent.spec.primaryKey)!;
    const labels = key.values as readonly (string | null)[];
    const foreign: PreparedColumn = {
      type: 'label',
      spec: table.schema.columns.find((c) => c.name === table.spec.parent!.foreignKey)!,
      values: Array.from(table.parentRow, (p) => labels[p]!),
    };
    return { ...table, prepared: { ...table.prepared, columns: [foreign, ...table.prepared.columns] } };
  });
  return { ...data, tables, byName: new Map(tables.map((t) => [t.spec.name, t])) };
}

describe('prepared event tables hold only what the fit reads', () => {
  it('schools → children → years: no foreign key column (one string per event); a parent keeps its key', async () => {
    const schemaPath = join(ROOT, 'test/data/egsingle/egsingle.json');
    const tree = await loadRelationalSchema(schemaPath);
    const data = prepareRelational(tree, await readRelatedTables(tree, schemaPath));
    const names = (table: string) => data.byName.get(table)!.prepared.columns.map((c) => c.spec.name);
    expect(names('children')).toEqual(['childid', 'female', 'black', 'hispanic']);
    expect(names('years')).toEqual(['year', 'grade', 'math', 'retained']);
    // The fit reads no column the prepared tables leave out: with the foreign keys back, the same model.
    expect(fitRelational(withForeignKeys(data))).toEqual(fitRelational(data));
  });

  it('margarine panel: the same model with and without the purchases’ foreign key', async () => {
    const schemaPath = join(ROOT, 'schemas/margarine.json');
    const tree = await loadRelationalSchema(schemaPath);
    const data = prepareRelational(tree, await readRelatedTables(tree, schemaPath));
    expect(data.tables[1]!.prepared.columns.some((c) => c.spec.name === 'hhid')).toBe(false);
    expect(fitRelational(withForeignKeys(data))).toEqual(fitRelational(data));
  });
});

/** What a prepared table holds of the data (its spec names the file it came from). */
const content = (table: PreparedRelational['tables'][number]) => ({
  name: table.spec.name,
  prepared: table.prepared,
  parentRow: table.parentRow,
  rowsRead: table.rowsRead,
});

describe('tables read and prepared one at a time', () => {
  const schemas = [
    'schemas/margarine.json',
    'test/data/egsingle/egsingle.json',
    'test/data/psid/psid.json',
    'test/data/pbcseq/pbcseq.json',
  ];
  it.each(schemas)(
    '%s: the same prepared tables as all read first, from CSV and from Parquet',
    async (file) => {
      const schemaPath = join(ROOT, file);
      const tree = await loadRelationalSchema(schemaPath);
      const tables = await readRelatedTables(tree, schemaPath);
      const whole = prepareRelational(tree, tables);
      expect(await readPreparedRelational(tree, schemaPath)).toEqual(whole);
      // Parquet gives keys and labels as dictionaries and numbers as plain buffers: other paths, same tables.
      const dir = mkdtempSync(join(tmpdir(), 'doppel-prepared-'));
      try {
        const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
          tables: { name: string; path: string }[];
        };
        for (const table of schema.tables) {
          const path = join(dir, `${table.name}.parquet`);
          await writeTable(tables.get(table.name)!, path);
          table.path = path;
        }
        const copy = join(dir, 'schema.json');
        writeFileSync(copy, JSON.stringify(schema));
        const fromParquet = await readPreparedRelational(await loadRelationalSchema(copy), copy);
        expect(fromParquet.tables.map(content)).toEqual(whole.tables.map(content));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
