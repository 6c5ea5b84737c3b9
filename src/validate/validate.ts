import type { Table } from 'apache-arrow';
import type { DatasetSchema } from '../schema/dataset-schema.js';
import { prepareTable } from '../schema/prepare-table.js';
import { type QualityReport, type ValidateQualityOptions, validateQuality } from './validate-quality.js';

export type ValidateOptions = ValidateQualityOptions;

/** What `doppel validate` reports; plain JSON (incomputable scores are null), no data values. */
export interface ValidationReport {
  readonly rows: {
    /** Real rows read, and those used after the consent rule. */
    readonly realRead: number;
    readonly real: number;
    readonly realDroppedByConsent: number;
    readonly synthetic: number;
  };
  readonly quality: QualityReport;
}

/**
 * Validates a synthetic table against the real one under a dataset schema: reads every schema
 * column of both (the real table with its consent rule applied, since only consenting customers
 * were modelled) and scores fidelity with {@link validateQuality}.
 * @throws DoppelError `schema-mismatch` when either table lacks a schema column or holds values of
 *   the wrong kind.
 */
export function validate(
  real: Table,
  synthetic: Table,
  schema: DatasetSchema,
  options: ValidateOptions = {},
): ValidationReport {
  const preparedReal = prepareTable(real, schema, { columns: 'all', applyConsent: true });
  const preparedSynthetic = prepareTable(synthetic, schema, { columns: 'all', applyConsent: false });
  return {
    rows: {
      realRead: preparedReal.rowsRead,
      real: preparedReal.rowCount,
      realDroppedByConsent: preparedReal.rowsDroppedByConsent,
      synthetic: preparedSynthetic.rowCount,
    },
    quality: validateQuality(preparedReal, preparedSynthetic, options),
  };
}
