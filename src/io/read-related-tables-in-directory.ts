import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import { readTableOf } from './read-related-tables.js';
import { formatFromPath } from './read-table.js';

/** True when doppel can read the file's extension as a table (csv, arrow, parquet, jsonl, …). */
function isReadableTable(file: string): boolean {
  try {
    formatFromPath(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a directory of related tables, one file per table named `<table>.<ext>` in any readable
 * format: what `doppel sample --out DIR` writes for a relational model and what `doppel split
 * --schema` writes per part, so a synthetic release and a holdout are named the same way.
 * @param what how to call the directory in messages, e.g. "synthetic".
 * @throws DoppelError `file-not-found` when the directory or a table's file is missing, naming the
 * table; `usage` when two files could hold the same table; the readers' errors, naming the table.
 */
export async function readRelatedTablesInDirectory(
  tree: RelationalTree,
  dir: string,
  what: string,
): Promise<Map<string, Table>> {
  let files: string[];
  try {
    files = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DoppelError(
      'file-not-found',
      `cannot read the ${what} tables: ${dir} is ${code === 'ENOTDIR' ? 'not a directory' : 'missing'}; give the directory holding <table>.arrow (or .csv, .parquet, .jsonl) per table`,
    );
  }
  const entries = await Promise.all(
    tree.topDown.map(async (table) => {
      const candidates = files.filter(
        (file) => isReadableTable(file) && file.slice(0, -extname(file).length) === table.name,
      );
      if (candidates.length === 0)
        throw new DoppelError(
          'file-not-found',
          `table "${table.name}": the ${what} directory ${dir} has no file for it (expected ${table.name}.arrow, .csv, .parquet or .jsonl)`,
          [{ path: [table.name], message: 'no file named after the table' }],
        );
      if (candidates.length > 1)
        throw new DoppelError(
          'usage',
          `table "${table.name}": the ${what} directory ${dir} has ${candidates.length} files for it (${candidates.join(', ')}); keep one`,
          [{ path: [table.name], message: 'several files named after the table' }],
        );
      return [table.name, await readTableOf(table.name, join(dir, candidates[0]!))] as const;
    }),
  );
  return new Map(entries);
}
