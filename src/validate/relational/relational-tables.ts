import type { DatasetSchema } from '../../schema/dataset-schema.js';

/** A dataset of related tables as the relational validation reads it (real or synthetic). */
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
