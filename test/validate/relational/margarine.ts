/**
 * The margarine panel (shared/datasets: households and their purchases, linked by hhid, purchases in
 * panel order) as related tables, split by household, and the releases the relational tests judge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, vectorFromArray } from 'apache-arrow';
import { readCsv } from '../../../src/io/read-csv.js';
import { takeRows } from '../../../src/io/take-rows.js';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { inferSchema } from '../../../src/schema/infer-schema.js';
import { makeRandom } from '../../../src/stats/random.js';
import { randomInt, shuffleInPlace } from '../../../src/stats/random-rows.js';
import type { RelationalTables } from '../../../src/validate/relational/relational-tables.js';
import { DATASETS } from '../../shared-data.js';

export const HOUSEHOLDS = 'households';
export const PURCHASES = 'purchases';
const KEY = 'hhid';

function read(file: string): Table {
  return readCsv(readFileSync(join(DATASETS, file), 'utf8'), file);
}

export interface MargarinePanel {
  readonly households: Table;
  readonly purchases: Table;
  readonly schemas: ReadonlyMap<string, DatasetSchema>;
}

/** Both files, with the schemas `doppel infer` proposes for each (hhid an identifier in both). */
export function loadMargarine(): MargarinePanel {
  const households = read('margarine_households.csv');
  const purchases = read('margarine_purchases.csv');
  const schemas = new Map([
    [HOUSEHOLDS, inferSchema(households, { name: HOUSEHOLDS })],
    [PURCHASES, inferSchema(purchases, { name: PURCHASES })],
  ]);
  return { households, purchases, schemas };
}

function keysOf(table: Table): string[] {
  const column = table.getChild(KEY)!;
  return Array.from({ length: table.numRows }, (_, i) => String(column.get(i)));
}

/** Related tables from a households table and a purchases table. */
export function relational(
  households: Table,
  purchases: Table,
  schemas: ReadonlyMap<string, DatasetSchema>,
): RelationalTables {
  return {
    tables: new Map([
      [HOUSEHOLDS, households],
      [PURCHASES, purchases],
    ]),
    schemas,
    primaryKeys: new Map([[HOUSEHOLDS, KEY]]),
    relationships: [
      { parentTable: HOUSEHOLDS, parentPrimaryKey: KEY, childTable: PURCHASES, childForeignKey: KEY },
    ],
    sequenceOrder: new Map([[PURCHASES, null]]),
  };
}

/** The given households (rows of the households file) with all their purchases, in file order. */
export function householdsSubset(panel: MargarinePanel, rows: readonly number[]): RelationalTables {
  const chosen = new Set(rows.map((row) => keysOf(panel.households)[row]!));
  const purchaseKeys = keysOf(panel.purchases);
  const purchaseRows = purchaseKeys.flatMap((key, row) => (chosen.has(key) ? [row] : []));
  return relational(
    takeRows(
      panel.households,
      [...rows].sort((a, b) => a - b),
    ),
    takeRows(panel.purchases, purchaseRows),
    panel.schemas,
  );
}

/** Household rows split at random: `parts` fractions (summing to 1) of the households. */
export function splitHouseholds(
  panel: MargarinePanel,
  fractions: readonly number[],
  seed: number,
): number[][] {
  const order = shuffleInPlace(
    makeRandom(seed),
    Array.from({ length: panel.households.numRows }, (_, i) => i),
  );
  const parts: number[][] = [];
  let start = 0;
  fractions.forEach((fraction, i) => {
    const end = i === fractions.length - 1 ? order.length : start + Math.round(fraction * order.length);
    parts.push(order.slice(start, end));
    start = end;
  });
  return parts;
}

/**
 * A deliberately bad release: the same households, each purchase given to a household drawn at
 * random and the purchases put in random order, so counts per household and the sequence of a
 * household's choices are noise while every column's own distribution is untouched.
 */
export function shuffledAcrossHouseholds(data: RelationalTables, seed: number): RelationalTables {
  const random = makeRandom(seed);
  const households = data.tables.get(HOUSEHOLDS)!;
  const purchases = data.tables.get(PURCHASES)!;
  const order = shuffleInPlace(
    random,
    Array.from({ length: purchases.numRows }, (_, i) => i),
  );
  const shuffled = takeRows(purchases, order);
  const parents = households.getChild(KEY)!;
  const newKeys = Array.from({ length: shuffled.numRows }, () =>
    parents.get(randomInt(random, households.numRows)),
  );
  const field = shuffled.schema.fields.find((f) => f.name === KEY)!;
  const withKeys = shuffled.assign(
    new (shuffled.constructor as typeof Table)({ [KEY]: vectorFromArray(newKeys, field.type) }),
  );
  return {
    ...data,
    tables: new Map([
      [HOUSEHOLDS, households],
      [PURCHASES, withKeys],
    ]),
  };
}
