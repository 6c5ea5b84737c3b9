/**
 * The tables an existing database already has, read from its catalog (PostgreSQL's pg_catalog in the
 * current schema, SQLite's pragmas): columns with their declared types and constraints, so the seed
 * can be mapped onto them.
 */
import type { Database } from './database.js';
import type { SeedForeignKey, SqlType } from './seed-plan.js';
import { quoteText, sqlTypeOfDeclared } from './sql-types.js';

export interface CatalogColumn {
  readonly name: string;
  /** The type as declared, e.g. `character varying(40)`. */
  readonly declared: string;
  /** The plan type it holds, or null when doppel cannot fill it. */
  readonly type: SqlType | null;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  /** Identity, serial, rowid alias or generated (computed) column: the database fills it. */
  readonly generated: boolean;
  /** Maximum characters of a varchar/char column, else null. */
  readonly maxLength: number | null;
}

export interface CatalogTable {
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly primaryKey: readonly string[];
  readonly uniques: readonly (readonly string[])[];
  readonly foreignKeys: readonly SeedForeignKey[];
}

/** Every table of the database (current schema), by name. */
export async function readCatalog(database: Database): Promise<Map<string, CatalogTable>> {
  return database.dialect === 'postgres' ? postgresCatalog(database) : sqliteCatalog(database);
}

async function postgresCatalog(database: Database): Promise<Map<string, CatalogTable>> {
  const tables = new Map<string, CatalogTable>();
  const columnRows = await database.query(
    `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), format_type(a.atttypid, NULL),
            a.attnotnull, a.atthasdef, a.attidentity <> '' OR a.attgenerated <> ''
              OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%',
            CASE WHEN a.atttypid IN ('varchar'::regtype, 'bpchar'::regtype) AND a.atttypmod > 4
                 THEN a.atttypmod - 4 END
     FROM pg_class c
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace
     ORDER BY c.relname, a.attnum`,
  );
  const columns = new Map<string, CatalogColumn[]>();
  for (const [table, name, declared, baseType, notNull, hasDefault, generated, maxLength] of columnRows) {
    const list = columns.get(String(table)) ?? [];
    list.push({
      name: String(name),
      declared: String(declared),
      type: sqlTypeOfDeclared('postgres', String(baseType)),
      notNull: Boolean(notNull),
      hasDefault: Boolean(hasDefault),
      generated: Boolean(generated),
      maxLength: maxLength === null ? null : Number(maxLength),
    });
    columns.set(String(table), list);
  }
  const constraintRows = await database.query(
    `SELECT c.relname, k.contype,
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
            f.relname,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid
     LEFT JOIN pg_class f ON f.oid = k.confrelid
     WHERE k.contype IN ('p', 'u', 'f') AND c.relnamespace = current_schema()::regnamespace
     ORDER BY c.relname, k.conname`,
  );
  const keys = new Map<
    string,
    { primaryKey: string[]; uniques: string[][]; foreignKeys: SeedForeignKey[] }
  >();
  for (const [table, type, cols, referenced, referencedCols] of constraintRows) {
    const entry = keys.get(String(table)) ?? { primaryKey: [], uniques: [], foreignKeys: [] };
    const names = (cols as string[]).map(String);
    if (type === 'p') entry.primaryKey = names;
    else if (type === 'u') entry.uniques.push(names);
    else
      entry.foreignKeys.push({
        columns: names,
        table: String(referenced),
        references: (referencedCols as string[]).map(String),
      });
    keys.set(String(table), entry);
  }
  for (const [name, list] of columns) {
    const entry = keys.get(name) ?? { primaryKey: [], uniques: [], foreignKeys: [] };
    tables.set(name, { name, columns: list, ...entry });
  }
  return tables;
}

async function sqliteCatalog(database: Database): Promise<Map<string, CatalogTable>> {
  const tables = new Map<string, CatalogTable>();
  const names = await database.query(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  for (const [nameCell] of names) {
    const name = String(nameCell);
    // table_xinfo: cid, name, type, notnull, dflt_value, pk, hidden (2, 3: generated column).
    const info = await database.query(`SELECT * FROM pragma_table_xinfo(${quoteText(name)})`);
    const pkColumns = info
      .filter((row) => Number(row[5]) > 0)
      .sort((a, b) => Number(a[5]) - Number(b[5]))
      .map((row) => String(row[1]));
    const rowidAlias =
      pkColumns.length === 1 &&
      info.some((row) => row[1] === pkColumns[0] && String(row[2]).toUpperCase() === 'INTEGER');
    const columns: CatalogColumn[] = info.map((row) => {
      const declared = String(row[2] ?? '');
      const length = /\((\d+)\)/.exec(declared);
      const isRowid = rowidAlias && row[1] === pkColumns[0];
      return {
        name: String(row[1]),
        declared,
        type: sqlTypeOfDeclared('sqlite', declared),
        notNull: Number(row[3]) === 1 || (Number(row[5]) > 0 && !isRowid),
        hasDefault: row[4] !== null,
        generated: Number(row[6]) === 2 || Number(row[6]) === 3 || isRowid,
        maxLength: length && /char/i.test(declared) ? Number(length[1]) : null,
      };
    });
    const uniques: string[][] = [];
    for (const index of await database.query(
      `SELECT name, "unique", origin FROM pragma_index_list(${quoteText(name)})`,
    )) {
      if (Number(index[1]) !== 1 || index[2] === 'pk') continue;
      const cols = await database.query(
        `SELECT name FROM pragma_index_info(${quoteText(String(index[0]))}) ORDER BY seqno`,
      );
      uniques.push(cols.map((col) => String(col[0])));
    }
    // foreign_key_list: id, seq, table, from, to, …; one id per key, seq orders its columns.
    const fkRows = await database.query(
      `SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(${quoteText(name)}) ORDER BY id, seq`,
    );
    const foreignKeys = new Map<number, { columns: string[]; table: string; references: string[] }>();
    for (const [id, , table, from, to] of fkRows) {
      const key = foreignKeys.get(Number(id)) ?? { columns: [], table: String(table), references: [] };
      key.columns.push(String(from));
      key.references.push(to === null ? '' : String(to));
      foreignKeys.set(Number(id), key);
    }
    tables.set(name, {
      name,
      columns,
      primaryKey: pkColumns,
      uniques,
      foreignKeys: [...foreignKeys.values()],
    });
  }
  // A foreign key to a table's implicit key names no column: it references the primary key.
  for (const table of tables.values()) {
    for (const key of table.foreignKeys as unknown as { references: string[]; table: string }[]) {
      if (key.references.every((ref) => ref === '')) {
        key.references = [...(tables.get(key.table)?.primaryKey ?? [])];
      }
    }
  }
  return tables;
}
