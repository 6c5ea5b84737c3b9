import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { ROOT } from './run-doppel.js';

export const MARGARINE_SCHEMA = join(ROOT, 'schemas/margarine.json');
export const HOUSEHOLDS_CSV = join(ROOT, 'samples/margarine_households.csv');
export const PURCHASES_CSV = join(ROOT, 'samples/margarine_purchases.csv');

/** The column names a dataset schema gives one of its tables, in schema order. */
export function schemaColumnNames(schemaPath: string, table: string): string[] {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
    tables: { name: string; columns: { name: string }[] }[];
  };
  const found = schema.tables.find((t) => t.name === table);
  if (!found) throw new Error(`${schemaPath} has no table ${table}`);
  return found.columns.map((c) => c.name);
}

export function readArrow(path: string): Table {
  return tableFromIPC(readFileSync(path));
}

/** A CSV's rows as string records (header row as keys, in a null-prototype object per row). */
export function readCsvRows(path: string): Record<string, string>[] {
  return (
    parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  ).map((row) => Object.assign(Object.create(null) as Record<string, string>, row));
}

/** Columns of an Arrow table as plain arrays of strings (null for missing), for comparisons. */
export function columnStrings(table: Table, name: string): (string | null)[] {
  const vector = table.getChild(name)!;
  return Array.from({ length: table.numRows }, (_, i) => {
    const v: unknown = vector.get(i);
    return v === null || v === undefined ? null : String(v);
  });
}

/**
 * Brand loyalty: the share of consecutive events of the same parent (in row order) that repeat the
 * previous event's category.
 */
export function repeatShare(parents: readonly (string | null)[], values: readonly (string | null)[]): number {
  let pairs = 0;
  let same = 0;
  for (let i = 1; i < parents.length; i++) {
    if (parents[i] !== parents[i - 1]) continue;
    pairs++;
    if (values[i] === values[i - 1]) same++;
  }
  return same / pairs;
}

/** Share of child rows whose foreign key is a key of the parent (SDMetrics ReferentialIntegrity). */
export function referentialIntegrity(
  parentKeys: readonly (string | null)[],
  foreign: readonly (string | null)[],
): number {
  const keys = new Set(parentKeys);
  return foreign.filter((k) => k !== null && keys.has(k)).length / foreign.length;
}
