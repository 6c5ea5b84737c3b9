import type { DatasetSchema } from '../schema/dataset-schema.js';
import { VERSION } from '../version.js';
import type { CategoryMeans } from './category-means.js';
import {
  type ColumnModel,
  type CopulaDimension,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type Model,
  type ModelPrivacy,
} from './model-format.js';

/** What a fit decided: the parts of a table model that differ between the plain and the private fit. */
export interface TableModelParts {
  readonly rows: { readonly read: number; readonly used: number; readonly droppedByConsent: number };
  readonly minCount: number;
  readonly privacy: ModelPrivacy;
  readonly columns: ColumnModel[];
  readonly dimensions: CopulaDimension[];
  readonly correlation: number[][];
  /** Per nominal or yes/no column, its categories' mean scores (category-means.ts); the plain fit only. */
  readonly categoryMeans?: CategoryMeans[];
}

/**
 * The one assembly of a table model, shared by the plain fit (fit.ts) and the private fit
 * (dp/fit-private.ts): header, dataset, fit summary, privacy, columns and copula, in the file's order.
 */
export function assembleTableModel(schema: DatasetSchema, parts: TableModelParts): Model {
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    generator: { name: 'doppel', version: VERSION },
    dataset:
      schema.description === undefined
        ? { name: schema.name }
        : { name: schema.name, description: schema.description },
    fit: {
      rowsRead: parts.rows.read,
      rowsUsed: parts.rows.used,
      rowsDroppedByConsent: parts.rows.droppedByConsent,
      consentColumn: schema.consent?.column ?? null,
      minCount: parts.minCount,
    },
    privacy: parts.privacy,
    columns: parts.columns,
    copula:
      parts.categoryMeans === undefined || parts.categoryMeans.length === 0
        ? { dimensions: parts.dimensions, correlation: parts.correlation }
        : {
            dimensions: parts.dimensions,
            correlation: parts.correlation,
            categoryMeans: parts.categoryMeans,
          },
  };
}
