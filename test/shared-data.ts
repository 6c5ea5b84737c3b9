import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(new URL('..', import.meta.url).pathname);

/**
 * The project's shared folder (real datasets and metric references) sits beside the repository:
 * ../shared on developer machines and in CI. DOPPEL_SHARED overrides it.
 */
export const SHARED = process.env['DOPPEL_SHARED'] ?? resolve(ROOT, '..', 'shared');
if (!existsSync(SHARED)) {
  throw new Error(`tests need the shared datasets at ${SHARED} (set DOPPEL_SHARED to their folder)`);
}

export const DATASETS = join(SHARED, 'datasets');
export const REFERENCE = join(SHARED, 'reference');

/** The shared datasets' CSV files, the ones tests read every format and reader against. */
export const SHARED_CSV_FILES = [
  'telco_churn.csv',
  'credit_data.csv',
  'creditcard_aer.csv',
  'margarine_households.csv',
  'margarine_purchases.csv',
] as const;
