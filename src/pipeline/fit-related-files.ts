import { readRelatedTables } from '../io/read-related-tables.js';
import { fitRelational, type RelationalFitOptions } from '../model/relational/fit-relational.js';
import type { RelationalModel } from '../model/relational/relational-model-format.js';
import { withKeptCalibration } from '../sample/relational/calibrate-model.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import { prepareRelational } from '../schema/prepare-relational.js';

/**
 * Reads the tables a relational schema names (paths relative to the schema file), checks their keys
 * and order, applies consent with its cascade, and fits a relational model.
 * @throws DoppelError as readRelatedTables, prepareRelational and fitRelational.
 */
export async function fitRelatedFiles(
  tree: RelationalTree,
  schemaPath: string,
  options: RelationalFitOptions = {},
): Promise<RelationalModel> {
  // No name holds the Arrow tables: once prepared, they are garbage before the fit's working set
  // (the event copula's table and scores, the peak) is built.
  const prepared = prepareRelational(tree, await readRelatedTables(tree, schemaPath));
  // The sampler's calibration is made once here rather than on every sample (stored-calibration.ts).
  return withKeptCalibration(fitRelational(prepared, options));
}
