/**
 * The plan's column types as each dialect writes them, and which declared types of an existing
 * table can take them.
 */
import type { SqlType } from './seed-plan.js';

export type Dialect = 'postgres' | 'sqlite';

const POSTGRES: Record<SqlType, string> = {
  integer: 'integer',
  bigint: 'bigint',
  double: 'double precision',
  text: 'text',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

// SQLite has type affinities, not types: booleans are 0/1 integers, dates and timestamps ISO 8601 text.
const SQLITE: Record<SqlType, string> = {
  integer: 'INTEGER',
  bigint: 'INTEGER',
  double: 'REAL',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export function declaredType(dialect: Dialect, type: SqlType): string {
  return (dialect === 'postgres' ? POSTGRES : SQLITE)[type];
}

/**
 * The plan type a declared column type holds, or null for a type doppel cannot fill (arrays, json,
 * bytea…). SQLite's declared types follow its affinity rules (https://sqlite.org/datatype3.html §3.1).
 */
export function sqlTypeOfDeclared(dialect: Dialect, declared: string): SqlType | null {
  const t = declared.toLowerCase();
  if (dialect === 'postgres') {
    if (t === 'smallint' || t === 'integer') return 'integer';
    if (t === 'bigint') return 'bigint';
    if (t === 'double precision' || t === 'real' || t.startsWith('numeric')) return 'double';
    if (t === 'text' || t.startsWith('character') || t === 'uuid' || t === 'citext') return 'text';
    if (t === 'boolean') return 'boolean';
    if (t === 'date') return 'date';
    if (t.startsWith('timestamp')) return 'timestamp';
    return null;
  }
  if (t.includes('bool')) return 'boolean';
  // SQLite integers are 64-bit whatever the declared width.
  if (t.includes('int')) return 'bigint';
  if (t.includes('char') || t.includes('clob') || t.includes('text')) return 'text';
  if (t.includes('real') || t.includes('floa') || t.includes('doub')) return 'double';
  if (t.includes('timestamp') || t.includes('datetime')) return 'timestamp';
  if (t.includes('date')) return 'date';
  if (t === '' || t.includes('blob')) return null;
  return 'double';
}

/** Types a column of type `target` accepts from a source of type `source` without losing meaning. */
const ACCEPTS: Record<SqlType, readonly SqlType[]> = {
  integer: ['integer', 'boolean'],
  bigint: ['integer', 'bigint', 'boolean'],
  double: ['integer', 'bigint', 'double'],
  text: ['text', 'integer', 'bigint', 'date', 'timestamp'],
  boolean: ['boolean'],
  date: ['date'],
  timestamp: ['date', 'timestamp'],
};

export function accepts(target: SqlType, source: SqlType): boolean {
  return ACCEPTS[target].includes(source);
}

/** An identifier quoted for SQL (both dialects use double quotes). */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal for SQL (both dialects). */
export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
