/**
 * The widest model doppel fits. The copula's cost grows with the square (correlation matrix, model
 * file, each sampled row) and the cube (its positive-definite repair, the sampler's Cholesky factor)
 * of its dimensions: 1,000 dimensions fit in about 7 s (2,000 in 60-105 s) and write a 30 MB model; 10,000 would need a
 * 3 GB model and hours of factorisation. A wider table is refused before any work starts.
 */
import { DoppelError } from '../errors.js';
import { type DatasetSchema, modelledColumns } from '../schema/dataset-schema.js';

/** Most copula dimensions (modelled columns plus their missing indicators) a fit accepts. */
export const MAX_COPULA_DIMENSIONS = 2000;

function tooWide(what: string, count: number): DoppelError {
  return new DoppelError(
    'schema-mismatch',
    `the model would have ${count} ${what}, more than doppel's limit of ${MAX_COPULA_DIMENSIONS} copula dimensions (modelled columns plus one missing-value indicator per column with missing values): remove columns from the schema (a column the schema does not name is not read) or model the table in parts`,
    [{ path: ['columns'], message: `at most ${MAX_COPULA_DIMENSIONS} copula dimensions` }],
  );
}

/**
 * Refuses, up front, a schema that models more columns than the limit.
 * @throws DoppelError `schema-mismatch` naming the count and the limit.
 */
export function refuseTooManyModelledColumns(schema: DatasetSchema): void {
  const count = modelledColumns(schema).length;
  if (count > MAX_COPULA_DIMENSIONS) throw tooWide('modelled columns', count);
}

/**
 * Refuses copula dimensions over the limit (modelled columns within it, but missing indicators past it).
 * @throws DoppelError `schema-mismatch` naming the count and the limit.
 */
export function refuseTooManyDimensions(dimensions: number): void {
  if (dimensions > MAX_COPULA_DIMENSIONS) throw tooWide('copula dimensions', dimensions);
}
