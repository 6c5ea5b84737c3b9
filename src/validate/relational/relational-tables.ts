/**
 * The interface between the relational pipeline (schema, model, sampler) and relational
 * validation: a dataset of related tables as Arrow tables with their single-table schemas, keys,
 * relationships and the order of events within a parent.
 */
import type { DatasetSchema } from '../../schema/dataset-schema.js';

export interface RelationalTables {
  /** Table name -> rows (Arrow). */
  tables: ReadonlyMap<string, import('apache-arrow').Table>;
  /** Table name -> its single-table DatasetSchema (column kinds/roles), as today's schema type. */
  schemas: ReadonlyMap<string, DatasetSchema>;
  primaryKeys: ReadonlyMap<string, string>;
  relationships: readonly {
    parentTable: string;
    parentPrimaryKey: string;
    childTable: string;
    childForeignKey: string;
  }[];
  /** Child table -> order column within its parent, or null for the file's row order. */
  sequenceOrder: ReadonlyMap<string, string | null>;
}

export type Relationship = RelationalTables['relationships'][number];

/** A relationship's display name, `parent → child (fk)`. */
export function relationshipName(relationship: Relationship): string {
  return `${relationship.parentTable} → ${relationship.childTable} (${relationship.childForeignKey})`;
}

/**
 * The root entity: the one table that is nobody's child (the customers). Null when there is no
 * single such table (a cycle, or several unrelated roots), which the caller reports.
 */
export function rootTableOf(tables: RelationalTables): string | null {
  const children = new Set(tables.relationships.map((r) => r.childTable));
  const roots = [...tables.tables.keys()].filter((name) => !children.has(name));
  return roots.length === 1 ? roots[0]! : null;
}
